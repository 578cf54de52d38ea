import datetime as dt

import pytest

from autodefensas.tableschema.dates import parse_date_value

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-01-06", (D(2015, 1, 6), D(2015, 1, 6), "day")),
    ("2013-08-05/2013-08-07", (D(2013, 8, 5), D(2013, 8, 7), "days")),
    ("2013-W32", (D(2013, 8, 5), D(2013, 8, 11), "week")),
    ("2014-12", (D(2014, 12, 1), D(2014, 12, 31), "month")),
    ("2016-02", (D(2016, 2, 1), D(2016, 2, 29), "month")),
    ("2014", (D(2014, 1, 1), D(2014, 12, 31), "year")),
])
def test_forms(text, expected):
    assert parse_date_value(text) == expected


@pytest.mark.parametrize("text", ["January 6", "2015-1-6", "2015-01-07/2015-01-06", "2015-02-30", "15-01"])
def test_rejected(text):
    with pytest.raises(ValueError):
        parse_date_value(text)

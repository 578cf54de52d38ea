"""The grammar of a date claim's value, written once: Python parses it for the build,
and the rules layer gets a polars expression generated from the same forms."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = r"\d{4}-\d{2}-\d{2}"
# (precision, whole-value regex, suffix that makes its first group the first day for strptime)
FORMS = (
    ("day", rf"({_DAY})", ""),
    ("days", rf"({_DAY})/({_DAY})", ""),
    ("week", r"(\d{4}-W\d{2})", "-1"),
    ("month", r"(\d{4}-\d{2})", "-01"),
    ("year", r"(\d{4})", "-01-01"),
)
_STRPTIME = {"week": "%G-W%V-%u"}
DATE_FORMS_HELP = "use yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy"


def parse_date_value(text: str) -> tuple[dt.date, dt.date, str]:
    """Return (first day, last day, precision) for a date claim's value_text.

    Accepted: 2015-01-06 (day), 2013-08-05/2013-08-07 (days), 2013-W32 (week),
    2014-12 (month), 2014 (year). Raises ValueError with a readable message.
    """
    text = text.strip()
    for precision, regex, _ in FORMS:
        match = re.fullmatch(regex, text)
        if match:
            return _interval(precision, match.groups(), text)
    raise ValueError(f"{text!r} is not a date value: {DATE_FORMS_HELP}")


def _interval(precision: str, groups: tuple, text: str) -> tuple[dt.date, dt.date, str]:
    if precision == "day":
        day = dt.date.fromisoformat(groups[0])
        return day, day, "day"
    if precision == "days":
        start, end = dt.date.fromisoformat(groups[0]), dt.date.fromisoformat(groups[1])
        if end < start:
            raise ValueError(f"interval {text!r} ends before it starts")
        return start, end, "day" if start == end else "days"
    if precision == "week":
        year, week = groups[0].split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
        return start, start + dt.timedelta(days=6), "week"
    if precision == "month":
        year, month = map(int, groups[0].split("-"))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    year = int(groups[0])
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def start_expr(text):
    """polars: the first day of each date value in the String expression text, else null
    (not a date value, or an interval that ends before it starts)."""
    import polars as pl

    starts = []
    for precision, regex, suffix in FORMS:
        first = text.str.extract(f"^{regex}$", 1)
        starts.append((first + suffix).str.to_date(_STRPTIME.get(precision, "%Y-%m-%d"), strict=False))
    end = text.str.extract(f"^{FORMS[1][1]}$", 2).str.to_date("%Y-%m-%d", strict=False)
    ordered = end.is_null() | (end >= starts[1])
    return pl.when(ordered).then(pl.coalesce(*starts))

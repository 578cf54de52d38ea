import datetime as dt

import pytest

from autodefensas.tableschema.values import check_value

FIELD = {"name": "n", "type": "integer", "constraints": {"minimum": 0, "maximum": 10, "required": True}}


@pytest.mark.parametrize(("field", "value", "rule"), [
    (FIELD, None, "coding.missing-value"),
    (FIELD, "3", "coding.type"),
    (FIELD, True, "coding.type"),
    (FIELD, -1, "coding.range"),
    (FIELD, 11, "coding.range"),
    ({"name": "s", "type": "string"}, 16006, "coding.type"),
    ({"name": "s", "type": "string", "constraints": {"enum": ["a", "b"]}}, "c", "coding.enum"),
    ({"name": "s", "type": "string", "constraints": {"pattern": "[a-z]+"}}, "ab1", "coding.pattern"),
    ({"name": "s", "type": "string", "constraints": {"maxLength": 2}}, "abc", "coding.range"),
    ({"name": "d", "type": "date"}, "2015-13-01", "coding.type"),
    ({"name": "b", "type": "boolean"}, "yes", "coding.type"),
])
def test_violations(field, value, rule):
    found = check_value(field, value)
    assert found is not None and found[0] == rule


@pytest.mark.parametrize(("field", "value"), [
    (FIELD, 0), (FIELD, 10),
    ({"name": "s", "type": "string", "constraints": {"pattern": "[a-z]+"}}, "abc"),
    ({"name": "d", "type": "date"}, dt.date(2015, 1, 6)),
    ({"name": "d", "type": "date"}, "2015-01-06"),
    ({"name": "x", "type": "number"}, 19.5),
    ({"name": "s", "type": "string"}, None),
])
def test_valid_values(field, value):
    assert check_value(field, value) is None

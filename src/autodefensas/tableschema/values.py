"""Checking one Python value (read from YAML) against a Table Schema field."""

from __future__ import annotations

import datetime as dt
import re

from .types import field_type


def check_value(field: dict, value) -> tuple[str, str] | None:
    """Check one Python value (from YAML) against a Table Schema field.

    Returns (rule, message) for the first violation, or None. A None value is only
    checked against ``required``.
    """
    constraints = field.get("constraints", {})
    name, ftype = field["name"], field.get("type", "string")
    if value is None or value == "":
        if constraints.get("required"):
            return "coding.missing-value", f"{name} is required"
        return None
    kind = field_type(field)
    if not _has_type(ftype, value):
        quoted = f" ({type(value).__name__}); put it in quotes" if ftype == "string" else ""
        return "coding.type", f"{name} must be {kind.words}, got {_show(value)}{quoted}"
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(map(str, constraints["enum"]))
        return "coding.enum", f"{name} {_show(value)} is not one of: {allowed}"
    if "pattern" in constraints and isinstance(value, str) and not re.fullmatch(constraints["pattern"], value):
        return "coding.pattern", f"{name} {_show(value)} does not match the pattern {constraints['pattern']}"
    for key, ok, words in (("minimum", lambda v, c: v >= c, "at least"),
                           ("maximum", lambda v, c: v <= c, "at most")):
        if key in constraints and isinstance(value, (int, float)) and not ok(value, constraints[key]):
            return "coding.range", f"{name} is {value}, must be {words} {constraints[key]}"
    for key, ok, words in (("minLength", lambda n, c: n >= c, "at least"),
                           ("maxLength", lambda n, c: n <= c, "at most")):
        if key in constraints and isinstance(value, str) and not ok(len(value), constraints[key]):
            return "coding.range", f"{name} has {len(value)} characters, must have {words} {constraints[key]}"
    return None


def _has_type(ftype: str, value) -> bool:
    if isinstance(value, bool):
        return ftype == "boolean"
    if ftype == "date":  # YAML gives a date for an unquoted 2015-01-06; a datetime is refused
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return False
            return True
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, field_type({"type": ftype}).python)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

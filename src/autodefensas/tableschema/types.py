"""The one Table Schema type map: how each field type is read by every engine.

load() (pandas), the verify engine (polars), the coding checks (Python values from
YAML) and the tests all take a type's dtypes and literals from here. Nothing here
imports pandas or polars: callers resolve the dtype names in their own library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TRUE_VALUES = ("true", "True", "TRUE", "1")  # Table Schema's defaults
FALSE_VALUES = ("false", "False", "FALSE", "0")
DATE_FORMAT = "%Y-%m-%d"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"  # a date cell is exactly yyyy-mm-dd (polars would accept 2015-2-3)
INTEGER_PATTERN = r"^[+-]?\d+$"


@dataclass(frozen=True)
class FieldType:
    name: str        # the Table Schema type
    polars: str      # polars dtype, by name
    pandas: str      # pandas dtype
    words: str       # how a message names it
    python: tuple    # Python types a YAML value of the field may have


TYPES = {
    "string": FieldType("string", "String", "string", "text", (str,)),
    "integer": FieldType("integer", "Int64", "Int64", "a whole number", (int,)),
    "number": FieldType("number", "Float64", "Float64", "a number", (int, float)),
    "boolean": FieldType("boolean", "Boolean", "boolean", "true or false", (bool,)),
    "date": FieldType("date", "Date", "datetime64[ns]", "a date yyyy-mm-dd", (dt.date, str)),
}


def field_type(spec: dict) -> FieldType:
    return TYPES[spec.get("type", "string")]


def polars_dtype(spec: dict):
    import polars as pl

    return getattr(pl, field_type(spec).polars)


def boolean_literals() -> dict[str, bool]:
    return {**dict.fromkeys(TRUE_VALUES, True), **dict.fromkeys(FALSE_VALUES, False)}

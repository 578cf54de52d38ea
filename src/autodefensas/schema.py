"""Table Schemas from schemas/: the single source of truth for columns and rules.

Everything that needs a column's type or constraints (the coding-sheet checks, the
CSV writer, the typed loader, the codebook) reads it from here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

TABLES = ("sources", "actors", "incidents", "claims")  # foreign-key order


@dataclass(frozen=True)
class TableSchema:
    name: str
    path: Path
    descriptor: dict

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["fields"]

    @property
    def columns(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @cached_property
    def field_map(self) -> dict[str, dict]:
        return {f["name"]: f for f in self.fields}

    @property
    def primary_key(self) -> list[str]:
        pk = self.descriptor.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def foreign_keys(self) -> list[dict]:
        return self.descriptor.get("foreignKeys", [])


def load_schemas(schema_dir: Path) -> dict[str, TableSchema]:
    return {
        name: TableSchema(name, schema_dir / f"{name}.json",
                          json.loads((schema_dir / f"{name}.json").read_text("utf-8")))
        for name in TABLES
    }


def load_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


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
    if ftype == "string" and not isinstance(value, str):
        return "coding.type", f"{name} must be text, got {_show(value)} ({type(value).__name__}); put it in quotes"
    if ftype == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "coding.type", f"{name} must be a whole number, got {_show(value)}"
    if ftype == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return "coding.type", f"{name} must be a number, got {_show(value)}"
    if ftype == "boolean" and not isinstance(value, bool):
        return "coding.type", f"{name} must be true or false, got {_show(value)}"
    if ftype == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            return "coding.type", f"{name} must be a date yyyy-mm-dd, got {_show(value)}"
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return "coding.type", f"{name} must be a date yyyy-mm-dd, got {_show(value)}"
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(map(str, constraints["enum"]))
        return "coding.enum", f"{name} {_show(value)} is not one of: {allowed}"
    if "pattern" in constraints and isinstance(value, str):
        if not re.fullmatch(constraints["pattern"], value):
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


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

"""Table Schemas from schemas/: the single source of truth for columns and rules.

Everything that needs a column's type or constraints (the coding-sheet checks, the
CSV writer, the typed loaders, the verify engine, the codebook) reads it from here.
load_schemas() reads and checks schemas/ before anything else runs: a mistake there
is a problem with the schema file and line, never a crash of a later step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .. import paths
from ..report import Problem
from .gazetteer import Gazetteer, parse_gazetteer
from .types import TYPES


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

    def enum(self, column: str) -> list:
        return self.field_map[column].get("constraints", {}).get("enum", [])


@dataclass
class Schemas:
    """The Table Schemas and reference tables of schemas/, and what is wrong with them."""

    tables: dict[str, TableSchema] = field(default_factory=dict)
    reference: dict[str, dict] = field(default_factory=dict)  # package, event_types, states, roles, gazetteer
    gazetteer: Gazetteer | None = None  # INEGI's states and municipalities (schemas/gazetteer.csv)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __getitem__(self, table: str) -> TableSchema:
        return self.tables[table]

    def role_kinds(self) -> dict[str, str]:
        """role -> incident_role or relation (schemas/roles.json)."""
        return {r["role"]: r.get("kind", "") for r in self.reference["roles"]["roles"]}

    def same_event_types(self) -> dict[str, frozenset[str]]:
        """event_type -> the other event types a report of the same event may be coded as
        (same_event_as in schemas/event_types.json; symmetric, checked on reading)."""
        return {e["event_type"]: frozenset(e.get("same_event_as", []))
                for e in self.reference["event_types"]["event_types"]}


def load_schemas(root: Path | str) -> Schemas:
    """Read and check every file of schemas/ under root."""
    root = Path(root)
    out = Schemas()
    for table in paths.TABLES:
        rel = paths.schema(table)
        data = _read_json(root, rel, out.problems)
        if data is not None and _table_schema_ok(rel, data, (root / rel).read_text("utf-8"), out.problems):
            out.tables[table] = TableSchema(table, root / rel, data)
    for name, rel in paths.REFERENCE_TABLES.items():
        data = _read_json(root, rel, out.problems)
        if data is not None:
            out.reference[name] = data
    if "states" in out.reference and "gazetteer" in out.reference:
        out.gazetteer = _read_gazetteer(root, out)
    if len(out.tables) == len(paths.TABLES):
        _foreign_keys_ok(out)
    if not out.problems:
        _vocabularies_ok(out)
    if not out.problems:
        _same_event_ok(out, root)
    return out


def _read_gazetteer(root: Path, schemas: Schemas) -> Gazetteer | None:
    """schemas/gazetteer.csv, checked: a broken one is a schema problem, never a wrong finding later."""
    rel, path = paths.GAZETTEER, root / paths.GAZETTEER
    if not path.is_file():
        schemas.problems.append(_problem("schema.missing-file", rel, f"{rel} does not exist"))
        return None
    states = schemas.reference["states"].get("states")
    codes = {str(s.get("state_code")): str(s.get("inegi_code")) for s in states if isinstance(s, dict)} \
        if isinstance(states, list) else {}
    variants = schemas.reference["gazetteer"].get("state_variants")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        schemas.problems.append(_problem("schema.gazetteer", rel, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
        return None
    gazetteer, faults = parse_gazetteer(text, codes, variants if isinstance(variants, dict) else None)
    schemas.problems += [_problem("schema.gazetteer", rel, why, line) for line, why in faults]
    return gazetteer


def _problem(rule: str, rel: str, message: str, line: int | None = None, hint: str = "") -> Problem:
    return Problem(rule=rule, file=rel, line=line, message=message, hint=hint)


def _read_json(root: Path, rel: str, problems: list[Problem]) -> dict | None:
    path = root / rel
    if not path.is_file():
        problems.append(_problem("schema.missing-file", rel, f"{rel} does not exist"))
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        problems.append(_problem("schema.json-syntax", rel, f"not UTF-8 ({exc.reason} at byte {exc.start})",
                                 hint="save the file as UTF-8"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(_problem("schema.json-syntax", rel, f"not valid JSON: {exc.msg} (column {exc.colno})",
                                 exc.lineno))
        return None
    except RecursionError:
        problems.append(_problem("schema.json-syntax", rel, "the JSON is nested too deeply to read"))
        return None
    if not isinstance(data, dict):
        problems.append(_problem("schema.structure", rel, "the file must hold a JSON object", 1))
        return None
    return data


def line_of_field(text: str, name: str) -> int | None:
    """The line of a field's "name": "<name>" in a schema's JSON text."""
    match = re.search(rf'"name"\s*:\s*{re.escape(json.dumps(name))}', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _table_schema_ok(rel: str, data: dict, text: str, problems: list[Problem]) -> bool:
    """The shape every later step relies on: fields with names and known types, constraints
    as objects, enums as lists, a primary key naming fields."""
    found: list[Problem] = []
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        found.append(_problem("schema.structure", rel, "the schema has no list of fields", line_of_key(text, "fields")))
        fields = []
    names = []
    for index, spec in enumerate(fields):
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec.get("name"):
            found.append(_problem("schema.structure", rel, f"field {index + 1} has no name",
                                  line_of_key(text, "fields")))
            continue
        name, line = spec["name"], line_of_field(text, spec["name"])
        names.append(name)
        if spec.get("type", "string") not in TYPES:
            found.append(_problem("schema.structure", rel, f"field {name!r} has type {spec.get('type')!r}; "
                                  f"the toolkit reads {', '.join(TYPES)}", line))
        constraints = spec.get("constraints", {})
        if not isinstance(constraints, dict):
            found.append(_problem("schema.structure", rel, f"the constraints of {name!r} are not an object", line))
        else:
            found += [_problem("schema.structure", rel, f"{name!r}: {why}", line)
                      for why in _constraint_faults(constraints)]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        found.append(_problem("schema.structure", rel, f"fields named twice: {twice}", line_of_field(text, twice[0])))
    pk = data.get("primaryKey")
    pk = [pk] if isinstance(pk, str) else pk
    if not isinstance(pk, list) or not pk or not all(k in names for k in pk):
        found.append(_problem("schema.structure", rel, f"the primary key {data.get('primaryKey')!r} does not "
                              "name fields of the schema", line_of_key(text, "primaryKey") or 1,
                              "restore primaryKey (every table's first field is its key)"))
    problems.extend(found)
    return not found


def _constraint_faults(constraints: dict) -> list[str]:
    """What is wrong with a field's constraints, in the terms a later step would crash on."""
    faults = []
    if "enum" in constraints and (not isinstance(constraints["enum"], list) or not constraints["enum"]):
        faults.append("the enum is not a non-empty list")
    if "pattern" in constraints:
        try:
            re.compile(constraints["pattern"])
        except (re.error, TypeError) as exc:
            faults.append(f"the pattern is not a regular expression ({exc})")
    for key in ("minimum", "maximum"):
        value = constraints.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            faults.append(f"{key} is not a number")
    for key in ("minLength", "maxLength"):
        if key in constraints and (isinstance(constraints[key], bool) or not isinstance(constraints[key], int)):
            faults.append(f"{key} is not a whole number")
    for key in ("required", "unique"):
        if key in constraints and not isinstance(constraints[key], bool):
            faults.append(f"{key} is not true or false")
    return faults


def _foreign_keys_ok(schemas: Schemas) -> None:
    for table, schema in schemas.tables.items():
        rel, text = paths.schema(table), schema.path.read_text("utf-8")
        for fk in schema.foreign_keys if isinstance(schema.foreign_keys, list) else [None]:
            reference = fk.get("reference") if isinstance(fk, dict) else None
            own = _names(fk.get("fields")) if isinstance(fk, dict) else None
            theirs = _names(reference.get("fields")) if isinstance(reference, dict) else None
            target = (reference.get("resource") or table) if isinstance(reference, dict) else None
            ok = (own is not None and theirs is not None and target in schemas.tables
                  and all(f in schema.columns for f in own)
                  and all(f in schemas.tables[target].columns for f in theirs))
            if not ok:
                schemas.problems.append(_problem("schema.structure", rel,
                                                 f"a foreign key does not name fields of known tables: {fk!r}",
                                                 line_of_key(text, "foreignKeys")))


def _names(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


# Reference tables that explain an enum: (file, list key, item key) -> (table, column).
VOCABULARIES = {("event_types", "event_types", "event_type"): ("incidents", "event_type"),
                ("states", "states", "state_code"): ("incidents", "state_code"),
                ("roles", "roles", "role"): ("claims", "role")}


ROLE_KINDS = ("incident_role", "relation")


def _vocabularies_ok(schemas: Schemas) -> None:
    """Reference lists in schemas/ (event types, states, roles) must match the enums they explain."""
    for (name, list_key, item_key), (table, column) in VOCABULARIES.items():
        rel = paths.REFERENCE_TABLES[name]
        items = schemas.reference[name].get(list_key)
        if not isinstance(items, list) or not all(isinstance(i, dict) and item_key in i for i in items):
            schemas.problems.append(_problem("schema.structure", rel, f"the file must hold {list_key!r}: a list "
                                             f"of objects with {item_key!r}", 1))
            continue
        if name == "roles" and not all(i.get("kind") in ROLE_KINDS for i in items):
            schemas.problems.append(_problem("schema.structure", rel, f"every role needs a kind: one of {ROLE_KINDS}",
                                             1))
            continue
        values = [i[item_key] for i in items]
        schema = schemas.tables[table]
        enum = schema.field_map.get(column, {}).get("constraints", {}).get("enum")
        if enum is None:
            schemas.problems.append(_problem(
                "schema.vocabulary", paths.schema(table),
                f"{table}.{column} has no enum, but {rel} lists its values",
                line_of_field(schema.path.read_text("utf-8"), column), f"restore the enum of {column}"))
        elif sorted(enum) != sorted(values):
            schemas.problems.append(_problem(
                "schema.vocabulary", rel,
                f"the values here differ from the enum of {table}.{column} in {paths.schema(table)}: "
                f"only in the enum {sorted(set(enum) - set(values))}, only here {sorted(set(values) - set(enum))}"))


def _same_event_ok(schemas: Schemas, root: Path) -> None:
    """same_event_as (schemas/event_types.json): lists of known event types, each pair listed
    both ways, so that the duplicate check does not depend on which incident came first."""
    rel = paths.REFERENCE_TABLES["event_types"]
    items = schemas.reference["event_types"]["event_types"]  # a list of objects: _vocabularies_ok said so
    text = (root / rel).read_text("utf-8")
    known = {i["event_type"] for i in items}
    same = {}
    for item in items:
        value, line = item.get("same_event_as", []), _line_of_value(text, "event_type", item["event_type"])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            schemas.problems.append(_problem("schema.structure", rel, f"same_event_as of {item['event_type']!r} "
                                             "is not a list of event types", line))
            continue
        unknown = sorted(set(value) - known) + ([item["event_type"]] if item["event_type"] in value else [])
        if unknown:
            schemas.problems.append(_problem("schema.vocabulary", rel, f"same_event_as of {item['event_type']!r} "
                                             f"names {unknown}: not another event type", line,
                                             "list only the other event types of this file"))
        same[item["event_type"]] = (set(value) & known) - {item["event_type"]}
    for event_type, others in same.items():
        for other in sorted(others):
            if event_type not in same.get(other, {event_type}):
                schemas.problems.append(_problem(
                    "schema.vocabulary", rel, f"{event_type!r} lists {other!r} in same_event_as, but {other!r} "
                    f"does not list {event_type!r}", _line_of_value(text, "event_type", other),
                    f"add {event_type!r} to the same_event_as of {other!r} (the relation is symmetric)"))


def _line_of_value(text: str, key: str, value: str) -> int | None:
    match = re.search(rf'"{re.escape(key)}"\s*:\s*{re.escape(json.dumps(value))}', text)
    return text.count("\n", 0, match.start()) + 1 if match else None

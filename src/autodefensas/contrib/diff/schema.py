"""Schema changes between two versions of one table: fields, types, enum values, constraints.

A field is taken as renamed when one field is gone and one is new in its table and the
rows both versions share hold the same values under the two names (or, with no shared
rows to tell, when they have the same type at the same position).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# what breaks a user's code or loaded data (issue: a release's major bump)
BREAKING = frozenset({"field_removed", "field_renamed", "type_changed", "enum_value_removed",
                      "primary_key_changed"})
KINDS = ("field_added", "field_removed", "field_renamed", "type_changed", "enum_value_added",
         "enum_value_removed", "constraint_changed", "primary_key_changed")


@dataclass(frozen=True)
class SchemaChange:
    table: str
    kind: str  # one of KINDS
    field: str  # the field (its new name for a rename; "" for a primary key change)
    old: str | None = None  # the old name, type, enum value, constraint (JSON) or key
    new: str | None = None

    @property
    def breaking(self) -> bool:
        """True when data or code written for the old version may not read the new one."""
        return self.kind in BREAKING

    def describe(self) -> str:
        what = {"field_added": f"field {self.field} added ({self.new})",
                "field_removed": f"field {self.field} removed (was {self.old})",
                "field_renamed": f"field {self.old} renamed to {self.field}",
                "type_changed": f"field {self.field}: type {self.old} -> {self.new}",
                "enum_value_added": f"field {self.field}: enum value {self.new!r} added",
                "enum_value_removed": f"field {self.field}: enum value {self.old!r} removed",
                "constraint_changed": f"field {self.field}: constraints {self.old} -> {self.new}",
                "primary_key_changed": f"primary key {self.old} -> {self.new}"}[self.kind]
        return f"{self.table}: {what}"


def _fields(schema: dict) -> dict[str, dict]:
    return {f["name"]: f for f in schema.get("fields", [])}


def _key(schema: dict) -> list[str]:
    pk = schema.get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def _same_values(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], was: str, now: str) -> bool | None:
    shared = old.keys() & new.keys()
    if not shared:
        return None  # nothing to tell by
    return all(old[k].get(was) == new[k].get(now) for k in shared)


def renames(table: str, old_schema: dict, new_schema: dict, old_rows: dict[str, dict[str, str]],
            new_rows: dict[str, dict[str, str]]) -> dict[str, str]:
    """old field name -> new field name, for the fields taken as renamed."""
    old, new = _fields(old_schema), _fields(new_schema)
    gone, added = [n for n in old if n not in new], [n for n in new if n not in old]
    if len(gone) != 1 or len(added) != 1:
        return {}  # several at once: report them as removed and added rather than guess a pairing
    was, now = gone[0], added[0]
    same = _same_values(old_rows, new_rows, was, now)
    if same is None:
        same = (list(old).index(was) == list(new).index(now)
                and old[was].get("type", "string") == new[now].get("type", "string"))
    return {was: now} if same else {}


def schema_changes(table: str, old_schema: dict, new_schema: dict,
                   renamed: dict[str, str]) -> list[SchemaChange]:
    old, new = _fields(old_schema), _fields(new_schema)
    changes: list[SchemaChange] = []
    if _key(old_schema) != _key(new_schema):
        changes.append(SchemaChange(table, "primary_key_changed", "", "/".join(_key(old_schema)),
                                    "/".join(_key(new_schema))))
    back = {now: was for was, now in renamed.items()}
    for name in old:
        if name not in new and name not in renamed:
            changes.append(SchemaChange(table, "field_removed", name, old=old[name].get("type", "string")))
    for name, field in new.items():
        was = back.get(name, name)
        if was not in old:
            changes.append(SchemaChange(table, "field_added", name, new=field.get("type", "string")))
            continue
        if was != name:
            changes.append(SchemaChange(table, "field_renamed", name, old=was, new=name))
        changes += _field_changes(table, name, old[was], field)
    return changes


def _field_changes(table: str, name: str, old: dict, new: dict) -> list[SchemaChange]:
    changes = []
    old_type, new_type = old.get("type", "string"), new.get("type", "string")
    if old_type != new_type:
        changes.append(SchemaChange(table, "type_changed", name, old_type, new_type))
    old_c, new_c = old.get("constraints", {}), new.get("constraints", {})
    old_enum, new_enum = old_c.get("enum"), new_c.get("enum")
    if old_enum is not None and new_enum is not None:
        changes += [SchemaChange(table, "enum_value_removed", name, old=str(v)) for v in old_enum if v not in new_enum]
        changes += [SchemaChange(table, "enum_value_added", name, new=str(v)) for v in new_enum if v not in old_enum]
    elif old_enum != new_enum:  # an enum set on or taken off a field
        changes.append(SchemaChange(table, "constraint_changed", name, _json({"enum": old_enum}),
                                    _json({"enum": new_enum})))
    rest_old = {k: v for k, v in old_c.items() if k != "enum"}
    rest_new = {k: v for k, v in new_c.items() if k != "enum"}
    if rest_old != rest_new:
        keys = sorted(k for k in rest_old.keys() | rest_new.keys() if rest_old.get(k) != rest_new.get(k))
        changes.append(SchemaChange(table, "constraint_changed", name, _json({k: rest_old.get(k) for k in keys}),
                                    _json({k: rest_new.get(k) for k in keys})))
    return changes


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)

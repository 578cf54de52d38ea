"""diff_versions(): what changed between two versions of the package, row by row.

Rows are matched by each table's primary key and compared cell by cell as published
(strings, "" for empty) on the fields both versions have; fields added, removed or
renamed, type and enum changes are schema changes, not row changes. Each incident
whose derived fields changed is listed with the claims on it that were added,
removed or changed: the claims that moved it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...build.fatalities import FATALITY_FIELDS
from ...versions import Version
from .schema import SchemaChange, renames, schema_changes

# Incident fields the build derives from the claims and the registry's place (dates and
# precision, place, fatality figures, counts): a change in them is what a reviewer checks.
DERIVED = ("date_start", "date_end", "date_precision", "state_code", "municipality_code", "municipality",
           "locality", "latitude", "longitude", "geo_precision", *FATALITY_FIELDS, "n_sources", "n_claims")
FATALITIES = FATALITY_FIELDS


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str  # cells as published: "" is an empty cell
    new: str


@dataclass
class RowChange:
    key: str
    fields: list[FieldChange]


@dataclass
class TableDiff:
    table: str
    primary_key: list[str]
    added: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> the new row
    removed: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> the old row
    changed: list[RowChange] = field(default_factory=list)
    withdrawals: dict[str, str] = field(default_factory=dict)  # removed key -> the withdrawal's reason

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)}


@dataclass(frozen=True)
class ClaimCause:
    """A claim on an incident that was added, removed or changed."""

    claim_id: str
    change: str  # added | removed | changed
    claim_type: str
    value: str  # the claim's value as a reader says it: "2 (exact)", "2014-12-16", "at_least 7"
    fields: tuple[str, ...] = ()  # for a changed claim, the fields that changed
    withdrawal: str | None = None  # for a removed claim, the reason its withdrawal gives


@dataclass
class IncidentChange:
    incident_id: str
    fields: list[FieldChange]  # derived fields, old -> new
    claims: list[ClaimCause]


@dataclass(frozen=True)
class Named:
    id: str
    name: str


@dataclass
class PackageDiff:
    base: str  # the versions' labels
    head: str
    tables: dict[str, TableDiff]  # every table of the package, in foreign-key order
    schema: list[SchemaChange]
    incidents: list[IncidentChange]  # incidents in both versions whose derived fields changed
    new_documents: list[Named]
    new_actors: list[Named]
    new_outlets: list[Named]

    @property
    def identical(self) -> bool:
        return not self.schema and all(t.empty for t in self.tables.values())

    def counts(self) -> dict[str, dict[str, int]]:
        return {name: t.counts() for name, t in self.tables.items()}

    def figures_changed(self) -> list[str]:
        """The incidents (in both versions) whose fatality figures changed."""
        return [i.incident_id for i in self.incidents if any(f.field in FATALITIES for f in i.fields)]


def diff_versions(base: Version, head: Version, withdrawn: dict[tuple[str, str], str] | None = None) -> PackageDiff:
    """What changed from base to head. withdrawn: (table, id) -> reason, from head's withdrawals."""
    withdrawn = withdrawn or {}
    tables, schema, keyed = {}, [], {}
    for table in head.tables:
        old_rows = base.keyed(table) if table in base.tables else {}
        new_rows = head.keyed(table)
        keyed[table] = (old_rows, new_rows)
        old_schema, new_schema = base.schemas.get(table, {}), head.schemas[table]
        renamed = renames(table, old_schema, new_schema, old_rows, new_rows)
        schema += schema_changes(table, old_schema, new_schema, renamed)
        tables[table] = _table_diff(table, head.primary_key(table), old_rows, new_rows, renamed, new_schema)
        tables[table].withdrawals = {k: withdrawn[(table, k)] for k in tables[table].removed if (table, k) in withdrawn}
    return PackageDiff(base.label, head.label, tables, schema, _incidents(tables, *keyed.get("claims", ({}, {}))),
                       *_new_names(tables))


def _table_diff(table: str, pk: list[str], old: dict[str, dict[str, str]], new: dict[str, dict[str, str]],
                renamed: dict[str, str], schema: dict) -> TableDiff:
    out = TableDiff(table, pk)
    back = {now: was for was, now in renamed.items()}
    order = [f["name"] for f in schema.get("fields", [])]
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            out.added[key] = row
            continue
        if before == row:  # the common case, compared at C speed
            continue
        fields = [FieldChange(name, before[back.get(name, name)], row[name]) for name in order
                  if name in row and back.get(name, name) in before and before[back.get(name, name)] != row[name]]
        if fields:
            out.changed.append(RowChange(key, fields))
    out.removed = {key: row for key, row in old.items() if key not in new}
    return out


def describe_value(claim: dict[str, str]) -> str:
    """A claim's value as a reader says it: "2 (exact)", "[60, 100] (range)", "2014-12-16"."""
    low, high, qualifier = claim.get("value_low", ""), claim.get("value_high", ""), claim.get("value_qualifier", "")
    if low and high and low != high:
        number = f"{low}-{high}"
    else:
        number = low or high
    if number or qualifier:
        return f"{number} ({qualifier})" if number else f"({qualifier})"
    actor = " ".join(x for x in (claim.get("actor_id", ""), claim.get("role", "")) if x)
    return claim.get("value_text", "") or actor


def _incidents(tables: dict[str, TableDiff], old_claims: dict[str, dict[str, str]],
               new_claims: dict[str, dict[str, str]]) -> list[IncidentChange]:
    incidents, claims = tables.get("incidents"), tables.get("claims")
    if incidents is None:
        return []
    moved = []
    for change in incidents.changed:
        derived = [f for f in change.fields if f.field in DERIVED]
        if derived:
            moved.append(IncidentChange(change.key, derived, []))
    if not moved or claims is None:
        return moved
    by_incident: dict[str, list[ClaimCause]] = {}
    for key, row in claims.added.items():
        by_incident.setdefault(row.get("incident_id", ""), []).append(
            ClaimCause(key, "added", row.get("claim_type", ""), describe_value(row)))
    for key, row in claims.removed.items():
        by_incident.setdefault(row.get("incident_id", ""), []).append(
            ClaimCause(key, "removed", row.get("claim_type", ""), describe_value(row),
                       withdrawal=claims.withdrawals.get(key)))
    for change in claims.changed:
        row, before = new_claims[change.key], old_claims[change.key]
        cause = ClaimCause(change.key, "changed", row.get("claim_type", ""), describe_value(row),
                           tuple(f.field for f in change.fields))
        # a claim moved from one incident to another moved both
        for incident in {row.get("incident_id", ""), before.get("incident_id", "")}:
            by_incident.setdefault(incident, []).append(cause)
    for item in moved:
        item.claims = sorted(by_incident.get(item.incident_id, []), key=lambda c: c.claim_id)
    return moved


def _new_names(tables: dict[str, TableDiff]) -> tuple[list[Named], list[Named], list[Named]]:
    documents, outlets, actors = [], [], []
    if "sources" in tables:
        for key, row in tables["sources"].added.items():
            if row.get("role") == "cited_outlet":
                outlets.append(Named(key, row.get("publisher") or key))
            else:
                said = ", ".join(x for x in (row.get("title") or row.get("publisher"), row.get("published_date")) if x)
                documents.append(Named(key, said or key))
    if "actors" in tables:
        actors = [Named(key, row.get("name") or key) for key, row in tables["actors"].added.items()]
    return documents, actors, outlets

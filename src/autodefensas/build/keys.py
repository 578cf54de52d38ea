"""What a contributor writes in seeds/, and what the build computes, per table.

Keys that are also table columns are checked against schemas/; the toolkit's side of
the contract with the schemas is here: column_problems() holds the two together.
"""

from __future__ import annotations

import datetime as dt

from .. import paths
from ..report import Problem
from ..tableschema import Schemas, TableSchema, load_schemas
from ..tableschema.schema import line_of_field

FIGURE_TYPES = {"fatalities", "injuries", "arrests", "people_detained", "abducted", "arrest_warrants", "participants",
                "members"}
ACTOR_SUBJECT_TYPES = {"affiliation", "members"}
NEEDS_ACTOR_AND_ROLE = {"involved_actor", "affiliation"}
NEEDS_VALUE_TEXT = {"date", "location"}
# Dates before this are typos (1815 for 2015): the dataset covers events of the 20th and
# 21st centuries, and no article it codes was published before.
EARLIEST_DATE = dt.date(1900, 1, 1)
SLUG = "[a-z0-9]+(-[a-z0-9]+)*"

# Keys a contributor writes, per kind of record: (keys, required keys).
# Keys that are also table columns are checked against schemas/.
SOURCE_KEYS = ({"source_id", "publisher", "title", "author", "published_date", "published_date_basis",
                "published_date_note", "url", "language", "rights", "text_sha256", "note"},
               {"source_id", "published_date", "published_date_basis", "language", "rights",
                "text_sha256"})
OUTLET_KEYS = ({"source_id", "publisher", "language", "url", "note"}, {"source_id", "publisher"})
ACTOR_KEYS = ({"actor_id", "name", "kind", "category", "parent_actor_id", "aliases", "description"},
              {"actor_id", "name", "kind", "category"})
INCIDENT_KEYS = ({"incident_id", "title", "event_type", "state_code", "municipality_code",
                  "municipality", "locality", "latitude", "longitude", "geo_precision", "distinct_from",
                  "summary"},
                 {"incident_id", "title", "event_type", "state_code", "geo_precision", "summary"})
CLAIM_KEYS = ({"id", "incident_id", "subject_actor_id", "claim_type", "actor_id", "role", "value",
               "value_qualifier", "value_text", "scope", "claimant_text", "claimant_actor_id",
               "cited_source_id", "hedged", "quote", "occurrence", "note", "draft"},
              {"id", "claim_type", "quote"})
# Columns the build computes rather than reads, per table.
DERIVED = {
    "sources": {"role", "text_path", "text_chars"},
    "actors": set(),
    "incidents": {"date_start", "date_end", "date_precision", "fatalities_low", "fatalities_best",
                  "fatalities_high", "fatalities_high_open", "fatalities_disputed", "n_sources", "n_claims"},
    "claims": {"claim_id", "source_id", "value_low", "value_high", "char_start", "char_end"},
}
WRITTEN = {
    "sources": (SOURCE_KEYS[0] | OUTLET_KEYS[0]),
    "actors": ACTOR_KEYS[0],
    "incidents": INCIDENT_KEYS[0],
    "claims": CLAIM_KEYS[0] - {"id", "value", "occurrence", "draft"},
}
# Files larger than this are refused before they are read: an article is a few kB.
MAX_BYTES = {"text": 2_000_000, "sheet": 5_000_000, "registry": 500_000_000}
FORMULA_START = tuple("=+-@\t\r")  # spreadsheets run such cells as formulas
# seeds/registry/withdrawn.yaml: published rows removed on purpose, with why.
WITHDRAWN_KEYS = ({"table", "id", "reason"}, {"table", "id", "reason"})
WITHDRAWN_FIELDS = {"fields": [
    {"name": "table", "type": "string", "constraints": {"required": True, "enum": list(paths.TABLES)}},
    {"name": "id", "type": "string", "constraints": {"required": True, "maxLength": 200}},
    {"name": "reason", "type": "string", "constraints": {"required": True, "minLength": 10}}],
    "primaryKey": ["table", "id"]}
SHEET_ONLY: dict[str, dict] = {
              "id": {"name": "id", "type": "string", "constraints": {"pattern": SLUG, "maxLength": 30}},
              "occurrence": {"name": "occurrence", "type": "integer", "constraints": {"minimum": 1}},
              # `autodefensas draft` marks what it proposes; the coding refuses it until reviewed
              "draft": {"name": "draft", "type": "boolean"}}


def column_problems(schemas: dict[str, TableSchema]) -> list[Problem]:
    """The schemas' columns must be exactly those the build writes: a schema edited so
    that it no longer matches the toolkit is caught here, before any data is built."""
    problems = []
    for table, written in WRITTEN.items():
        produced, columns = written | DERIVED[table], set(schemas[table].columns)
        if produced != columns:
            problems.append(Problem(
                rule="schema.columns", file=paths.schema(table),
                message=f"the schema's columns differ from what the build writes: not built "
                        f"{sorted(columns - produced)}, missing from the schema {sorted(produced - columns)}"))
    return problems




# The types the toolkit's code computes with (the build derives these columns, or the
# rules and the derivation do arithmetic, date or text operations on them). The schemas
# define every column; this is the toolkit's side of that contract, checked against them.
COMPUTED_TYPES = {
    "sources": {"published_date": "date", "text_chars": "integer", "text_path": "string",
                "text_sha256": "string", "source_id": "string", "role": "string"},
    "actors": {"actor_id": "string", "parent_actor_id": "string", "aliases": "string"},
    "incidents": {"incident_id": "string", "date_start": "date", "date_end": "date", "date_precision": "string",
                  "fatalities_low": "integer", "fatalities_best": "integer", "fatalities_high": "integer",
                  "fatalities_high_open": "boolean", "fatalities_disputed": "boolean", "n_sources": "integer",
                  "n_claims": "integer",
                  "state_code": "string", "municipality_code": "string", "municipality": "string",
                  "locality": "string", "latitude": "number", "longitude": "number", "distinct_from": "string"},
    "claims": {"claim_id": "string", "source_id": "string", "incident_id": "string", "claim_type": "string",
               "value_low": "integer", "value_high": "integer", "value_qualifier": "string",
               "value_text": "string", "hedged": "boolean", "quote": "string", "char_start": "integer",
               "char_end": "integer", "cited_source_id": "string", "role": "string"},
}


def type_problems(schemas: dict[str, TableSchema]) -> list[Problem]:
    problems = []
    for table, columns in COMPUTED_TYPES.items():
        schema = schemas[table]
        for column, wanted in columns.items():
            spec = schema.field_map.get(column)
            if spec is not None and spec.get("type", "string") != wanted:
                problems.append(Problem(
                    rule="schema.types", file=paths.schema(table),
                    line=line_of_field(schema.path.read_text("utf-8"), column),
                    message=f"{table}.{column} has type {spec.get('type', 'string')!r}; the toolkit computes "
                            f"with it as {wanted!r}"))
    return problems


def checked_schemas(root) -> Schemas:
    """schemas/ read and checked, with the toolkit's own requirements on the columns."""
    schemas = load_schemas(root)
    if schemas.ok:
        schemas.problems.extend(column_problems(schemas.tables))
    if schemas.ok:
        schemas.problems.extend(type_problems(schemas.tables))
    return schemas

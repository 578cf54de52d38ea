"""What a contributor writes in seeds/, and what the build computes, per table.

Keys that are also table columns are checked against schemas/; the toolkit's side of
the contract with the schemas is here: column_problems() holds the two together.
"""

from __future__ import annotations

import datetime as dt

from .. import paths
from ..report import Problem
from ..tableschema import Schemas, TableSchema, load_schemas

FIGURE_TYPES = {"fatalities", "injuries", "arrests", "people_detained", "participants", "members"}
ACTOR_SUBJECT_TYPES = {"affiliation", "members"}
NEEDS_ACTOR_AND_ROLE = {"involved_actor", "affiliation"}
NEEDS_VALUE_TEXT = {"date", "location"}
# Dates before this are typos (1815 for 2015): the dataset covers events of the 20th and
# 21st centuries, and no article it codes was published before.
EARLIEST_DATE = dt.date(1900, 1, 1)
SLUG = "[a-z0-9]+(-[a-z0-9]+)*"

# Keys a contributor writes, per kind of record: (keys, required keys).
# Keys that are also table columns are checked against schemas/.
SOURCE_KEYS = ({"source_id", "publisher", "title", "published_date", "published_date_basis",
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
               "cited_source_id", "hedged", "quote", "occurrence", "note"},
              {"id", "claim_type", "quote"})
# Columns the build computes rather than reads, per table.
DERIVED = {
    "sources": {"role", "text_path", "text_chars"},
    "actors": set(),
    "incidents": {"date_start", "date_end", "date_precision", "fatalities_low", "fatalities_best",
                  "fatalities_high", "fatalities_high_open", "n_sources", "n_claims"},
    "claims": {"claim_id", "source_id", "value_low", "value_high", "char_start", "char_end"},
}
WRITTEN = {
    "sources": (SOURCE_KEYS[0] | OUTLET_KEYS[0]),
    "actors": ACTOR_KEYS[0],
    "incidents": INCIDENT_KEYS[0],
    "claims": CLAIM_KEYS[0] - {"id", "value", "occurrence"},
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
SHEET_ONLY = {"id": {"name": "id", "type": "string", "constraints": {"pattern": SLUG, "maxLength": 30}},
              "occurrence": {"name": "occurrence", "type": "integer", "constraints": {"minimum": 1}}}


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




def checked_schemas(root) -> Schemas:
    """schemas/ read and checked, with the toolkit's own requirement on the columns."""
    schemas = load_schemas(root)
    if schemas.ok:
        schemas.problems.extend(column_problems(schemas.tables))
    return schemas

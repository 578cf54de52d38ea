"""Load and check seeds/: the registries and the coding sheets (verify layer 1).

The result is a Coding: clean records ready to become table rows, each carrying the
file and line it came from, plus every problem found. Field types, enums and
patterns come from the Table Schemas (a sheet key named like a column is checked
against that column); only sheet-specific keys are defined here.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_date_value
from .problems import Problem
from .schema import TableSchema, check_value
from .texts import find_all, hygiene_problems, near_miss, sha256
from .yamlio import LineDict, LineList, YamlError, load_yaml

LAYER = "coding"
SEEDS = "seeds"
REGISTRY = "seeds/registry"

FIGURE_TYPES = {"fatalities", "injuries", "arrests", "people_detained", "participants", "members"}
ACTOR_SUBJECT_TYPES = {"affiliation", "members"}
NEEDS_ACTOR_AND_ROLE = {"involved_actor", "affiliation"}
NEEDS_VALUE_TEXT = {"date", "location"}
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
SHEET_ONLY = {"id": {"name": "id", "type": "string", "constraints": {"pattern": SLUG, "maxLength": 30}},
              "occurrence": {"name": "occurrence", "type": "integer", "constraints": {"minimum": 1}}}


@dataclass
class Record:
    """One registry entry or claim: its values and where it was written."""

    row: dict
    file: str
    line: int
    key_lines: dict = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass
class Document:
    source: Record
    text: str | None
    claims: list[Record]


@dataclass
class Coding:
    outlets: list[Record] = field(default_factory=list)
    actors: list[Record] = field(default_factory=list)
    incidents: list[Record] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    partial: bool = False  # a sheet or claim could not be read: skip checks over all claims

    def problem(self, file: str, line: int | None, rule: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(LAYER, file, line, rule, message, hint))

    def locations(self) -> dict[str, dict[str, tuple[str, int]]]:
        """For each table, primary key -> (file, line) of the entry that produced the row."""
        def where(records, key):
            return {r.row[key]: (r.file, r.line) for r in records if r.row.get(key) is not None}
        return {
            "sources": where(self.outlets, "source_id") | where([d.source for d in self.documents], "source_id"),
            "actors": where(self.actors, "actor_id"),
            "incidents": where(self.incidents, "incident_id"),
            "claims": where([c for d in self.documents for c in d.claims], "claim_id"),
        }


def column_problems(schemas: dict[str, TableSchema]) -> list[Problem]:
    """The schemas' columns must be exactly those the build writes: a schema edited so
    that it no longer matches the toolkit is caught here, before any data is built."""
    problems = []
    for table, written in WRITTEN.items():
        produced, columns = written | DERIVED[table], set(schemas[table].columns)
        if produced != columns:
            problems.append(Problem(
                LAYER, f"schemas/{table}.json", None, "schema.columns",
                f"the schema's columns differ from what the build writes: not built {sorted(columns - produced)}, "
                f"missing from the schema {sorted(produced - columns)}",
                "rename the field back, or change the toolkit (coding.py) in the same commit"))
    return problems


def load_coding(root: Path, schemas: dict[str, TableSchema]) -> Coding:
    """Read seeds/ under root and check everything that can be checked there."""
    coding = Coding()
    coding.outlets = _load_registry(coding, root, "outlets", OUTLET_KEYS, schemas["sources"])
    coding.actors = _load_registry(coding, root, "actors", ACTOR_KEYS, schemas["actors"])
    coding.incidents = _load_registry(coding, root, "incidents", INCIDENT_KEYS, schemas["incidents"])
    sheets = sorted((root / SEEDS).glob("*.yaml"))
    if not sheets:
        coding.problem(SEEDS, None, "coding.no-sheets", "no coding sheets (seeds/*.yaml) found",
                       "add a text and its coding sheet, see docs/coding.md")
    for path in sheets:
        document = _load_sheet(coding, root, path, schemas)
        if document is None:
            coding.partial = True
        else:
            coding.documents.append(document)
    for text_path in sorted((root / SEEDS).glob("*.txt")):
        if not text_path.with_suffix(".yaml").exists():
            coding.problem(f"{SEEDS}/{text_path.name}", None, "coding.text-without-sheet",
                           "this text has no coding sheet", f"add {SEEDS}/{text_path.stem}.yaml or remove the text")
    _check_references(coding)
    return coding


# --- reading ---------------------------------------------------------------------------------

def _too_large(coding: Coding, path: Path, rel: str, kind: str) -> bool:
    size = path.stat().st_size
    if size > MAX_BYTES[kind]:
        coding.problem(rel, None, "coding.file-too-large",
                       f"the file has {size:,} bytes; a {kind} may have at most {MAX_BYTES[kind]:,}",
                       "check that this is the right file (an article text is a few kB)")
        return True
    return False


def _read(coding: Coding, root: Path, rel: str, kind: str):
    path = root / rel
    if not path.exists():
        coding.problem(rel, None, "coding.missing-file", "file not found",
                       f"create {rel} (see docs/coding.md)")
        return None
    if _too_large(coding, path, rel, kind):
        return None
    try:
        data = load_yaml(path)
    except YamlError as exc:
        coding.problem(rel, exc.line, exc.rule, exc.message, exc.hint)
        return None
    if data is None:
        coding.problem(rel, None, "coding.empty-file", "the file is empty",
                       "fill it in (see docs/coding.md) or delete it")
    return data


def _load_registry(coding, root, name, keys, schema) -> list[Record]:
    rel = f"{REGISTRY}/{name}.yaml"
    data = _read(coding, root, rel, "registry")
    if data is None:
        return []
    if not isinstance(data, LineDict) or set(data) != {name} or not isinstance(data[name], LineList):
        coding.problem(rel, getattr(data, "line", 1), "coding.structure",
                       f"the registry must be a mapping with one key {name!r} holding a list",
                       f"start the file with '{name}:' and list one entry per '- ' item")
        return []
    records, pk = [], schema.primary_key[0]
    for item, line in zip(data[name], data[name].item_lines):
        record = _record(coding, rel, line, item, keys, schema, f"{name} entry")
        if record is not None:
            if name == "actors":
                record.row["aliases"] = _aliases(coding, record)
            records.append(record)
    _check_unique(coding, records, pk, name)
    return records


def _aliases(coding: Coding, record: Record) -> str | None:
    aliases = record.row.get("aliases")
    if aliases is None:
        return None
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        coding.problem(record.file, record.line_of("aliases"), "coding.type",
                       "aliases must be a list of names", "write aliases: [Name one, Name two]")
        return None
    if any(";" in a for a in aliases):
        coding.problem(record.file, record.line_of("aliases"), "coding.pattern",
                       "an alias contains ';', which separates aliases in the CSV", "remove the ';'")
    return "; ".join(aliases) or None


def _record(coding, rel, line, item, keys, schema, what) -> Record | None:
    """Check one mapping's keys and column values; return it as a Record."""
    allowed, required = keys
    if not isinstance(item, LineDict):
        coding.problem(rel, line, "coding.structure", f"each {what} must be a mapping of keys to values",
                       "write it as 'key: value' lines under a '- ' item")
        return None
    ok = True
    for key in item:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(sorted(allowed))}"
            coding.problem(rel, item.line_of(key), "coding.unknown-key", f"unknown key {key!r} in {what}", hint)
            ok = False
    for key in sorted(required - set(item)):
        coding.problem(rel, item.line, "coding.missing-key", f"{what} has no {key!r}",
                       f"add '{key}:' to this {what} (see docs/coding.md)")
        ok = False
    for key, value in item.items():
        spec = schema.field_map.get(key) or SHEET_ONLY.get(key)
        if spec is None or key == "aliases":
            continue
        if isinstance(value, dt.date) and spec.get("type") == "string":
            value = item[key] = value.isoformat()  # YAML reads 2015-01-06 as a date
        found = check_value(spec, value)
        if found:
            rule, message = found
            coding.problem(rel, item.line_of(key), rule, message, _hint(rule, spec))
            ok = False
    for key, value in item.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and v.startswith(FORMULA_START) for v in values):
            coding.problem(rel, item.line_of(key), "coding.formula",
                           f"{key} starts with one of = + - @ (or a tab), which spreadsheets run as a formula",
                           "start the value with a letter or digit (for a quote, begin it one word later)")
            ok = False
    row = {k: (None if v == "" else v) for k, v in item.items()}
    if isinstance(row.get("published_date"), str):
        row["published_date"] = dt.date.fromisoformat(row["published_date"]) if ok else None
    return Record(row, rel, item.line, dict(item.key_lines)) if ok else None


def _hint(rule: str, spec: dict) -> str:
    if rule == "coding.enum":
        return "use one of the listed values; the codebook defines each"
    if rule == "coding.pattern" and spec.get("constraints", {}).get("pattern") == SLUG:
        return "use lowercase letters, digits and single hyphens, e.g. my-new-id"
    if rule == "coding.missing-value":
        return f"give {spec['name']} a value"
    return "see docs/codebook.md for this column"


def _check_unique(coding: Coding, records: list[Record], key: str, what: str) -> None:
    seen: dict = {}
    for record in records:
        value = record.row.get(key)
        if value in seen:
            coding.problem(record.file, record.line_of(key), "coding.duplicate-id",
                           f"{key} {value!r} is used twice in {what} (first at {seen[value]})",
                           "give each entry its own ID, or merge the two")
        else:
            seen[value] = f"{record.file}:{record.line_of(key)}"


# --- coding sheets ---------------------------------------------------------------------------

def _load_sheet(coding: Coding, root: Path, path: Path, schemas) -> Document | None:
    rel = f"{SEEDS}/{path.name}"
    data = _read(coding, root, rel, "sheet")
    if data is None:
        return None
    if not isinstance(data, LineDict) or "source" not in data or "claims" not in data:
        coding.problem(rel, getattr(data, "line", 1) or 1, "coding.structure",
                       "a coding sheet is a mapping with the keys 'source' and 'claims'",
                       "see the example sheet in docs/coding.md")
        return None
    for key in set(data) - {"source", "claims"}:
        coding.problem(rel, data.line_of(key), "coding.unknown-key", f"unknown top-level key {key!r}",
                       "a coding sheet has only 'source' and 'claims'")
    source = _record(coding, rel, data.line_of("source"), data["source"], SOURCE_KEYS,
                     schemas["sources"], "source")
    if source is None:
        return None
    source_id = source.row["source_id"]
    if source_id != path.stem:
        coding.problem(rel, source.line_of("source_id"), "coding.source-id-mismatch",
                       f"source_id {source_id!r} differs from the file name {path.stem!r}",
                       f"rename the sheet and its text to {source_id}.yaml/.txt, or fix source_id")
        return None
    text = _load_text(coding, root, source)
    claims_data = data["claims"]
    if not isinstance(claims_data, LineList) or not claims_data:
        coding.problem(rel, data.line_of("claims"), "coding.structure", "'claims' must be a non-empty list",
                       "list the claims as '- id: c01' items")
        claims_data = LineList()
    claims = []
    for item, line in zip(claims_data, claims_data.item_lines):
        claim = _record(coding, rel, line, item, CLAIM_KEYS, schemas["claims"], "claim")
        if claim is not None and _resolve_claim(coding, claim, source_id, text):
            claims.append(claim)
        else:
            coding.partial = True
    _check_unique(coding, claims, "id", f"the claims of {rel}")
    return Document(source, text, claims)


def _load_text(coding: Coding, root: Path, source: Record) -> str | None:
    rel = f"{SEEDS}/{source.row['source_id']}.txt"
    path = root / rel
    if not path.exists():
        coding.problem(source.file, source.line_of("source_id"), "coding.missing-text",
                       f"the text {rel} does not exist", f"save the article text as {rel}")
        return None
    if _too_large(coding, path, rel, "text"):
        return None
    data = path.read_bytes()
    found = hygiene_problems(data)
    for rule, line, message, hint in found:
        coding.problem(rel, line, rule, message, hint)
    digest = sha256(data)
    if digest != source.row["text_sha256"]:
        coding.problem(source.file, source.line_of("text_sha256"), "coding.text-hash",
                       f"{rel} has changed since it was coded (its sha256 is {digest})",
                       "re-check every quote against the new text, then set text_sha256 to the new hash")
    if found:
        return None  # offsets into unclean text would be wrong
    text = data.decode("utf-8")
    source.row["text_path"], source.row["text_chars"] = rel, len(text)
    return text


def _resolve_claim(coding: Coding, claim: Record, source_id: str, text: str | None) -> bool:
    """Fill the claim's table columns from its sheet keys; report what does not fit."""
    row, file = claim.row, claim.file
    before = len(coding.problems)

    def bad(key: str, rule: str, message: str, hint: str) -> None:
        coding.problem(file, claim.line_of(key), rule, message, hint)

    row["claim_id"] = f"{source_id}-{row['id']}"
    row["source_id"] = source_id
    row.setdefault("hedged", False)
    ctype = row["claim_type"]
    if ctype in ACTOR_SUBJECT_TYPES:
        if not row.get("subject_actor_id") or row.get("incident_id"):
            bad("claim_type", "coding.claim-target", f"a {ctype} claim is about an actor",
                "give subject_actor_id and no incident_id")
    elif not row.get("incident_id") or row.get("subject_actor_id"):
        bad("claim_type", "coding.claim-target", f"a {ctype} claim is about an incident",
            "give incident_id and no subject_actor_id")
    if ctype in NEEDS_ACTOR_AND_ROLE and not (row.get("actor_id") and row.get("role")):
        bad("claim_type", "coding.missing-key", f"a {ctype} claim needs actor_id and role",
            "say which actor and in which role (or relation)")
    if ctype in NEEDS_VALUE_TEXT:
        if not row.get("value_text"):
            bad("claim_type", "coding.missing-key", f"a {ctype} claim needs value_text",
                "give the normalized date or place in value_text")
        elif ctype == "date":
            try:
                parse_date_value(row["value_text"])
            except ValueError as exc:
                bad("value_text", "coding.date-format", str(exc), "see 'Dates' in docs/coding.md")
    _resolve_value(claim, ctype, bad)
    _resolve_quote(claim, text, bad)
    return len(coding.problems) == before


def _resolve_value(claim: Record, ctype: str, bad) -> None:
    row = claim.row
    value, qualifier = row.pop("value", None), row.get("value_qualifier")
    row["value_low"] = row["value_high"] = None
    if ctype not in FIGURE_TYPES:
        for key in ("value", "value_qualifier", "scope"):
            if key in claim.key_lines:
                bad(key, "coding.value-shape", f"{key} is only for figure claims, not {ctype}",
                    "remove it, or use a figure claim_type (fatalities, arrests, ...)")
        return
    row["scope"] = row.get("scope") or "incident"
    if row["scope"] == "several_incidents" and not row.get("subject_actor_id") and not row.get("note"):
        bad("scope", "coding.missing-key", "a several_incidents figure needs a note",
            "say in note which incidents the figure adds up")
    if qualifier is None:
        bad("claim_type", "coding.missing-key", "a figure claim needs value_qualifier",
            "say how the figure is stated: exact, at_least, at_most, about, range or unspecified")
        return
    is_int = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    is_pair = (isinstance(value, list) and len(value) == 2
               and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value))
    line_key = "value" if "value" in claim.key_lines else "value_qualifier"
    if qualifier == "unspecified":
        if value is not None:
            bad(line_key, "coding.value-shape", "an unspecified figure has no value", "remove value")
    elif qualifier == "range":
        if not is_pair or value[0] >= value[1]:
            bad(line_key, "coding.value-shape", f"a range needs value: [low, high] with low < high, got {value!r}",
                "write e.g. value: [60, 100]")
        else:
            row["value_low"], row["value_high"] = value
    elif not is_int:
        bad(line_key, "coding.value-shape", f"a {qualifier} figure needs one whole number >= 0, got {value!r}",
            "write e.g. value: 7")
    else:
        row["value_low"] = None if qualifier == "at_most" else value
        row["value_high"] = None if qualifier == "at_least" else value


def _resolve_quote(claim: Record, text: str | None, bad) -> None:
    row = claim.row
    quote, occurrence = row["quote"], row.pop("occurrence", None)
    row["char_start"] = row["char_end"] = None
    if text is None:
        return
    starts = find_all(text, quote)
    if not starts:
        bad("quote", "coding.quote-not-found", "the quote is not in the text", near_miss(text, quote))
        return
    if occurrence is None and len(starts) > 1:
        bad("quote", "coding.quote-ambiguous", f"the quote occurs {len(starts)} times in the text",
            "lengthen the quote until it occurs once, or set occurrence: N (1 = first)")
        return
    if occurrence is not None and occurrence > len(starts):
        bad("occurrence", "coding.quote-ambiguous",
            f"occurrence {occurrence} asked, but the quote occurs {len(starts)} time(s)",
            "fix occurrence or the quote")
        return
    row["char_start"] = starts[(occurrence or 1) - 1]
    row["char_end"] = row["char_start"] + len(quote)


# --- references ------------------------------------------------------------------------------

def _check_references(coding: Coding) -> None:
    sources = {r.row["source_id"]: r for r in coding.outlets}
    for document in coding.documents:
        source_id = document.source.row["source_id"]
        if source_id in sources:
            other = sources[source_id]
            coding.problem(document.source.file, document.source.line_of("source_id"), "coding.duplicate-id",
                           f"source_id {source_id!r} is also used at {other.file}:{other.line_of('source_id')}",
                           "give the document and the outlet different source_ids")
        sources[source_id] = document.source
    targets = {
        "outlet": {r.row["source_id"] for r in coding.outlets},
        "actor": {r.row["actor_id"] for r in coding.actors},
        "incident": {r.row["incident_id"] for r in coding.incidents},
    }
    refs = [(r, "parent_actor_id", "actor", "actors") for r in coding.actors]
    refs += [(r, "distinct_from", "incident", "incidents") for r in coding.incidents]
    for document in coding.documents:
        for claim in document.claims:
            refs += [(claim, "incident_id", "incident", "incidents"),
                     (claim, "subject_actor_id", "actor", "actors"),
                     (claim, "actor_id", "actor", "actors"),
                     (claim, "claimant_actor_id", "actor", "actors"),
                     (claim, "cited_source_id", "outlet", "outlets")]
    for record, key, kind, registry in refs:
        value = record.row.get(key)
        if value is not None and value not in targets[kind]:
            close = difflib.get_close_matches(value, sorted(targets[kind]), n=1)
            hint = (f"did you mean {close[0]!r}? Or add" if close else "add") + \
                f" {value!r} to {REGISTRY}/{registry}.yaml"
            coding.problem(record.file, record.line_of(key), "coding.unknown-ref",
                           f"{key} {value!r} is not in the {registry} registry", hint)
    _check_incident_claims(coding)


def _check_incident_claims(coding: Coding) -> None:
    by_incident: dict[str, list[str]] = {}
    for document in coding.documents:
        for claim in document.claims:
            if claim.row.get("incident_id"):
                by_incident.setdefault(claim.row["incident_id"], []).append(claim.row["claim_type"])
    if coding.partial:
        return
    for incident in coding.incidents:
        types = by_incident.get(incident.row["incident_id"], [])
        if not types:
            coding.problem(incident.file, incident.line, "coding.incident-without-claims",
                           f"incident {incident.row['incident_id']!r} has no claims",
                           "code the claims that report it, or remove it from the registry")
        elif "date" not in types:
            coding.problem(incident.file, incident.line, "coding.incident-without-date",
                           f"incident {incident.row['incident_id']!r} has no date claim",
                           "add a claim_type: date claim quoting when it happened")

"""Read seeds/: the registries and the coding sheets, checked as they are read.

The result is a Coding: clean records ready to become table rows, each carrying the
file and line it came from, plus every problem found. Field types, enums and
patterns come from the Table Schemas (a sheet key named like a column is checked
against that column); only sheet-specific keys are defined in keys.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from .. import paths
from ..meaning import coding_problems, document_problems
from ..tableschema import Schemas, TableSchema
from ..tableschema.values import check_value
from .keys import (
    ACTOR_KEYS,
    CLAIM_KEYS,
    EARLIEST_DATE,
    FIGURE_TYPES,
    FORMULA_START,
    INCIDENT_KEYS,
    MAX_BYTES,
    OUTLET_KEYS,
    SHEET_ONLY,
    SLUG,
    SOURCE_KEYS,
    WITHDRAWN_FIELDS,
    WITHDRAWN_KEYS,
)
from .records import Coding, Document, Record
from .resolve import check_references, resolve_claim
from .texts import hygiene_problems, sha256
from .yamlio import LineDict, LineList, YamlError, load_yaml


def load_coding(root: Path, schemas: Schemas) -> Coding:
    """Read seeds/ under root and check everything that can be checked there."""
    coding = Coding(role_kinds=schemas.role_kinds(), gazetteer=schemas.gazetteer)
    coding.outlets = _load_registry(coding, root, "outlets", OUTLET_KEYS, schemas["sources"])
    coding.actors = _load_registry(coding, root, "actors", ACTOR_KEYS, schemas["actors"])
    coding.incidents = _load_registry(coding, root, "incidents", INCIDENT_KEYS, schemas["incidents"])
    coding.withdrawn = read_withdrawn(coding, root)
    sheets = [path for path in sorted((root / paths.SEEDS).glob("*.yaml")) if _regular(coding, root, path)]
    if not sheets:
        coding.problem(paths.SEEDS, None, "coding.no-sheets", "no coding sheets (seeds/*.yaml) found",
                       "add a text and its coding sheet, see docs/coding.md")
    for path in sheets:
        document = _load_sheet(coding, root, path, schemas)
        if document is None:
            coding.partial = True
        else:
            coding.documents.append(document)
    for text_path in sorted((root / paths.SEEDS).glob("*.txt")):
        if not text_path.with_suffix(".yaml").exists() and _regular(coding, root, text_path):
            coding.problem(f"{paths.SEEDS}/{text_path.name}", None, "coding.text-without-sheet",
                           "this text has no coding sheet",
                           f"add {paths.SEEDS}/{text_path.stem}.yaml or remove the text")
    check_references(coding)
    coding.problems.extend(coding_problems(coding))
    return coding


# --- reading ---------------------------------------------------------------------------------

def _regular(coding: Coding, root: Path, path: Path, line_of: tuple[str, int] | None = None) -> bool:
    """Whether path is a regular file (not a directory, symlink, fifo or device); reports it if not.

    A symlink is refused even to identical bytes: git stores only the link, so a clone's
    text could be missing or other than the one coded.
    """
    if path.is_symlink():
        what = "a symbolic link"
    elif path.is_dir():
        what = "a directory"
    elif path.exists() and not path.is_file():
        what = "not a regular file"
    else:
        return True
    rel = path.relative_to(root).as_posix()
    file, line = line_of or (rel, None)
    coding.problem(file, line, "coding.not-a-file", f"{rel} is {what}, not a file",
                   f"replace {rel} with a regular file holding its content")
    return False


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
    if not path.exists() and not path.is_symlink():
        coding.problem(rel, None, "coding.missing-file", "file not found",
                       f"create {rel} (see docs/coding.md)")
        return None
    if not _regular(coding, root, path) or _too_large(coding, path, rel, kind):
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


def read_withdrawn(coding: Coding, root: Path) -> list[Record]:
    """seeds/registry/withdrawn.yaml, which may be absent (nothing withdrawn)."""
    if not (root / paths.WITHDRAWN).exists():
        return []
    schema = TableSchema("withdrawn", root / paths.WITHDRAWN, WITHDRAWN_FIELDS)
    return _load_registry(coding, root, "withdrawn", WITHDRAWN_KEYS, schema, unique=None)


def _load_registry(coding, root, name, keys, schema, unique: str | None = "") -> list[Record]:
    rel = paths.registry(name)
    data = _read(coding, root, rel, "registry")
    if data is None:
        coding.unread.add(name)
        return []
    if not isinstance(data, LineDict) or set(data) != {name} or not isinstance(data[name], LineList):
        coding.problem(rel, getattr(data, "line", 1), "coding.structure",
                       f"the registry must be a mapping with one key {name!r} holding a list",
                       f"start the file with '{name}:' and list one entry per '- ' item")
        coding.unread.add(name)
        return []
    records, pk = [], schema.primary_key[0] if unique == "" else unique
    for item, line in zip(data[name], data[name].item_lines):
        record = _record(coding, rel, line, item, keys, schema, f"{name} entry")
        if record is not None:
            if name == "actors":
                record.row["aliases"] = _aliases(coding, record)
            records.append(record)
    if pk is not None:
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
    published = row.get("published_date")
    if isinstance(published, str):
        row["published_date"] = dt.date.fromisoformat(published) if ok else None
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
    rel = f"{paths.SEEDS}/{path.name}"
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
    published = source.row.get("published_date")
    if isinstance(published, dt.date) and published < EARLIEST_DATE:
        coding.problem(rel, source.line_of("published_date"), "coding.date-implausible",
                       f"published_date {published.isoformat()} is before {EARLIEST_DATE.year}")
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
        if claim is not None and claim.row.pop("draft", None):
            _draft_problem(coding, claim)
        if claim is not None and resolve_claim(coding, claim, source_id, text):
            claims.append(claim)
        else:
            coding.partial = True
    _check_unique(coding, claims, "id", f"the claims of {rel}")
    document = Document(source, text, claims)
    coding.problems.extend(document_problems(document))
    return document


def _draft_problem(coding: Coding, claim: Record) -> None:
    """A claim `autodefensas draft` proposed that nobody has reviewed yet."""
    row = claim.row
    if row.get("claim_type") in FIGURE_TYPES:
        what = "that the quote states the claim_type, value and value_qualifier"
    elif row.get("claim_type") in ("date", "location"):
        what = "that the quote gives the value_text"
    else:
        what = "that the quote states the claim"
    coding.problem(claim.file, claim.line_of("draft"), "coding.draft-claim",
                   f"claim {row.get('id')} ({row.get('claim_type')}) is a draft that has not been reviewed",
                   f"check {what}, its claimant, cited_source_id and hedged, and set incident_id; then delete "
                   "its `draft: true` line, which marks it reviewed (or delete the claim)")


def _load_text(coding: Coding, root: Path, source: Record) -> str | None:
    rel = paths.text(source.row["source_id"])
    path = root / rel
    if not path.exists() and not path.is_symlink():
        coding.problem(source.file, source.line_of("source_id"), "coding.missing-text",
                       f"the text {rel} does not exist", f"save the article text as {rel}")
        return None
    if not _regular(coding, root, path) or _too_large(coding, path, rel, "text"):
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



"""Resolve each claim (value, quote offsets, IDs) and check the references between entries."""

from __future__ import annotations

import difflib

from .. import paths
from ..tableschema.dates import parse_date_value
from .keys import ACTOR_SUBJECT_TYPES, EARLIEST_DATE, FIGURE_TYPES, NEEDS_ACTOR_AND_ROLE, NEEDS_VALUE_TEXT
from .records import Coding, Record
from .texts import find_all, near_miss


def resolve_claim(coding: Coding, claim: Record, source_id: str, text: str | None) -> bool:
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
            bad("claim_type", "coding.claim-target", f"{_a(ctype)} claim is about an actor",
                "give subject_actor_id and no incident_id")
    elif not row.get("incident_id") or row.get("subject_actor_id"):
        bad("claim_type", "coding.claim-target", f"{_a(ctype)} claim is about an incident",
            "give incident_id and no subject_actor_id")
    if ctype in NEEDS_ACTOR_AND_ROLE and not (row.get("actor_id") and row.get("role")):
        bad("claim_type", "coding.claim-needs-actor", f"{_a(ctype)} claim needs actor_id and role",
            "say which actor and in which role (or relation)")
    _check_role(coding, row, ctype, bad)
    if ctype in NEEDS_VALUE_TEXT:
        if not row.get("value_text"):
            bad("claim_type", "coding.claim-needs-value-text", f"{_a(ctype)} claim needs value_text",
                "give the normalized date or place in value_text")
        elif ctype == "date":
            try:
                start, _, _ = parse_date_value(row["value_text"])
            except ValueError as exc:
                bad("value_text", "coding.date-format", str(exc), "see 'Dates' in docs/coding.md")
            else:
                if start < EARLIEST_DATE:
                    bad("value_text", "coding.date-implausible",
                        f"the date {row['value_text']!r} is before {EARLIEST_DATE.year}", "")
    _resolve_value(claim, ctype, bad)
    _resolve_quote(claim, text, bad)
    return len(coding.problems) == before


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _check_role(coding: Coding, row: dict, ctype: str, bad) -> None:
    """An incident role for involved_actor, a relation for affiliation (schemas/roles.json)."""
    want = {"involved_actor": "incident_role", "affiliation": "relation"}.get(ctype)
    kind = coding.role_kinds.get(row.get("role") or "")
    if want and kind and kind != want:
        others = sorted(r for r, k in coding.role_kinds.items() if k == want)
        words = {"incident_role": "an incident role", "relation": "a relation"}
        bad("role", "coding.role-kind", f"role {row['role']!r} is {words[kind]}, but {_a(ctype)} claim needs "
            f"{words[want]}", f"use one of: {', '.join(others)}")


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
    if row.get("subject_actor_id"):
        # scope says how a figure relates to its incident; a figure about an actor has none
        if "scope" in claim.key_lines:
            bad("scope", "coding.value-shape", "scope is only for figures about an incident, not about an actor",
                "remove scope")
        row["scope"] = None
    else:
        row["scope"] = row.get("scope") or "incident"
    if row["scope"] == "several_incidents" and not row.get("note"):
        bad("scope", "coding.several-incidents-needs-note", "a several_incidents figure needs a note",
            "say in note which incidents the figure adds up")
    if qualifier is None:
        bad("claim_type", "coding.figure-needs-qualifier", "a figure claim needs value_qualifier",
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

def check_references(coding: Coding) -> None:
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
        if registry in coding.unread:
            continue  # its own problem says why; every reference to it would only repeat that
        if value is not None and value not in targets[kind]:
            close = difflib.get_close_matches(value, sorted(targets[kind]), n=1)
            hint = (f"did you mean {close[0]!r}? Or add" if close else "add") + \
                f" {value!r} to {paths.REGISTRY}/{registry}.yaml"
            coding.problem(record.file, record.line_of(key), "coding.unknown-ref",
                           f"{key} {value!r} is not in the {registry} registry", hint)
    _check_claim_ids(coding)
    _check_cycles(coding)
    _check_incident_claims(coding)


def _check_claim_ids(coding: Coding) -> None:
    """claim_id is source_id-id: a document 'a-b' with claim 'c-c01' and a document 'a' with
    claim 'b-c-c01' would both make 'a-b-c-c01'. The build refuses it, naming both sheets."""
    seen: dict[str, Record] = {}
    for document in coding.documents:
        for claim in document.claims:
            first = seen.setdefault(claim.row["claim_id"], claim)
            if first is not claim:
                coding.problem(claim.file, claim.line_of("id"), "coding.duplicate-id",
                               f"claim_id {claim.row['claim_id']!r} is also made by {first.file}:"
                               f"{first.line_of('id')} (source_id and id joined by a hyphen)",
                               "change the id of one of the two claims")


def _check_cycles(coding: Coding) -> None:
    """parent_actor_id is a formal hierarchy: no actor may be its own ancestor. An incident
    cannot be distinct_from itself."""
    records = {r.row["actor_id"]: r for r in coding.actors if r.row.get("parent_actor_id")}
    for cycle in parent_cycles({actor: r.row["parent_actor_id"] for actor, r in records.items()}):
        record, chain = records[cycle[0]], " -> ".join([*cycle, cycle[0]])
        coding.problem(record.file, record.line_of("parent_actor_id"), "coding.reference-cycle",
                       f"actor {cycle[0]!r} is its own ancestor: {chain}",
                       "parent_actor_id is the formal hierarchy: break the cycle (a disputed tie is an "
                       "affiliation claim)")
    for record in coding.incidents:
        if record.row.get("distinct_from") == record.row["incident_id"]:
            coding.problem(record.file, record.line_of("distinct_from"), "coding.reference-cycle",
                           f"incident {record.row['incident_id']!r} is distinct_from itself",
                           "name the other incident it was checked against, or remove distinct_from")


def parent_cycles(parent: dict[str, str]) -> list[list[str]]:
    """Each cycle of a child -> parent map once, as its members in parent order starting from
    the one that comes first in the map (its first entry in the registry or table)."""
    order = {actor: index for index, actor in enumerate(parent)}
    cycles, seen = [], set()
    for start in parent:
        path, on_path, actor = [start], {start}, parent[start]
        while actor in parent and actor not in on_path and actor not in seen:
            path.append(actor)
            on_path.add(actor)
            actor = parent[actor]
        seen.update(path)
        if actor in on_path:  # the walk came back: the cycle is the path from actor on
            cycle = path[path.index(actor):]
            first = cycle.index(min(cycle, key=order.__getitem__))
            cycles.append(cycle[first:] + cycle[:first])
    return cycles


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

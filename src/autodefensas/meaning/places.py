"""Places: the incident registry and the location claims against INEGI's gazetteer, and each
location claim against its incident's registry entry.

A registry entry's municipality_code must be in INEGI's catalogue and its `municipality` must be
that code's official name (accents and case aside); a municipality named without a code gets the
code it has. A location claim's value_text is read from the right, "Locality, Municipality,
State" (one part: the state; two: municipality and state); its state and municipality must be
in the gazetteer, and it must agree with the registry: naming another state or municipality
(coding.location-differs), or a place the registry does not have yet (coding.location-more-precise:
a municipality while the registry is at state level, a locality while it has none) means the
registry is stale or the claim is wrong. A region incident (several places) takes any place of
its state unless the registry lists its places; the state that rules.municipality-state checks is
not checked again here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..build.records import Coding, Record
from ..report import Problem
from ..tableschema.gazetteer import Gazetteer, Municipality, fold, short_forms

GAZETTEER_FILE = "schemas/gazetteer.csv"


@dataclass(frozen=True)
class Finding:
    """A pure check's result: the rule, the key of the entry it is about, what and how to fix."""

    rule: str
    key: str
    message: str
    hint: str


@dataclass(frozen=True)
class Place:
    """A location claim's value_text read from the right: state, then municipality, then locality."""

    state: str
    municipality: str | None = None
    locality: str | None = None

    def describe(self) -> str:
        return ", ".join(p for p in (self.locality, self.municipality, self.state) if p)


def parse_location(value_text: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """"Locality, Municipality, State" with fewer parts allowed (read from the right); None when a
    part is empty. A municipality whose official name has a comma (one in Oaxaca) is read whole
    when the gazetteer knows it; any parts before the municipality are the locality."""
    parts = [part.strip() for part in value_text.split(",")]
    if not all(parts):
        return None
    state, rest = parts[-1], parts[:-1]
    if not rest:
        return Place(state)
    width = 1
    state_code = gazetteer.state_of(state) if gazetteer else None
    if state_code and len(rest) >= 2 and gazetteer and gazetteer.named(state_code, ", ".join(rest[-2:]), short=False):
        width = 2
    municipality, locality = ", ".join(rest[-width:]), ", ".join(rest[:-width])
    return Place(state, municipality, locality or None)


def same_place(a: str, b: str) -> bool:
    """Two spellings of one place: equal folded, or one the other's short form ("Nueva Italia",
    "Nueva Italia de Ruiz")."""
    fa, fb = fold(a), fold(b)
    return fa == fb or fa in short_forms(b) or fb in short_forms(a)


def listed_places(locality: str) -> list[str]:
    """The places a registry locality names: one, or several ("Antúnez; Parácuaro and Nueva Italia")."""
    pieces = [p.strip() for p in re.split(r"[;,]", locality) if p.strip()]
    words = [w.strip() for p in pieces for w in re.split(r"\s+(?:and|y|e)\s+", p) if w.strip()]
    return list(dict.fromkeys([locality.strip(), *pieces, *words]))


def _codes(found: list[Municipality]) -> str:
    return " or ".join(f'"{m.code}"' for m in found)


def _set_code(found: list[Municipality]) -> str:
    return f"municipality_code: {_codes(found)}" + (" (INEGI repeats the name: check which)" if len(found) > 1 else "")


# --- the registry ----------------------------------------------------------------------------

def registry_findings(row: dict, gazetteer: Gazetteer) -> list[Finding]:
    """What is wrong with an incident's municipality and municipality_code against the gazetteer."""
    state = row.get("state_code")
    code, name = row.get("municipality_code"), row.get("municipality")
    name = name.strip() if isinstance(name, str) and name.strip() else None
    if state not in gazetteer.states:
        return []  # an unknown state_code is the schema's enum problem
    state_name = gazetteer.state_name(state)
    if isinstance(code, str) and code:
        municipality = gazetteer.municipality(code)
        if municipality is None:
            found = gazetteer.named(state, name) if name else []
            hint = (f"{name} is {_codes(found)} in {state_name}: set {_set_code(found)}" if found else
                    f"look the municipality up in {GAZETTEER_FILE} (a municipality created after the gazetteer's "
                    "edition is not in it: see schemas/gazetteer.json)")
            return [Finding("coding.place-unknown", "municipality_code",
                            f'municipality_code "{code}" is not a municipality in INEGI\'s catalogue', hint)]
        if name is None or gazetteer.is_named(municipality, name, short=False):
            return []  # a code without a name is rules.geo-precision's
        where = f"{municipality.code} is {municipality.name} ({gazetteer.state_name(municipality.state_code)})"
        if gazetteer.is_named(municipality, name):
            return [Finding("coding.place-mismatch", "municipality",
                            f"municipality {name!r} is a short form: {where}",
                            f"write INEGI's name: municipality: {municipality.name}")]
        found = [m for m in gazetteer.named(state, name) if m != municipality]
        hint = (f"{name} is {_codes(found)}: set {_set_code(found)}, or municipality: {municipality.name}" if found
                else f"set municipality: {municipality.name}, or the code of {name!r} from {GAZETTEER_FILE}")
        return [Finding("coding.place-mismatch", "municipality",
                        f"municipality {name!r} is not the name of municipality_code \"{code}\": {where}", hint)]
    if name is None:
        return []
    found = gazetteer.named(state, name)
    if found:
        official = f" and municipality: {found[0].name}" if len(found) == 1 and found[0].name != name else ""
        return [Finding("coding.place-code-missing", "municipality",
                        f"municipality {name!r} has no municipality_code",
                        f"add {_set_code(found)}{official} (INEGI's catalogue, {GAZETTEER_FILE})")]
    return [Finding("coding.place-unknown", "municipality", f"no municipality of {state_name} is named {name!r}",
                    _unknown_hint(gazetteer, state, name))]


def _unknown_hint(gazetteer: Gazetteer, state: str, name: str) -> str:
    close = gazetteer.close_names(state, name)
    elsewhere = [m for m in gazetteer.named_anywhere(name) if m.state_code != state]
    says = []
    if close:
        says.append(f"did you mean {' or '.join(close)}?")
    if elsewhere:
        says.append(f"{name} is a municipality of " + ", ".join(
            f"{gazetteer.state_name(m.state_code)} ({m.code})" for m in elsewhere[:3]) + ": check the state")
    return " ".join(says) or f"use INEGI's name of the municipality ({GAZETTEER_FILE})"


# --- location claims -------------------------------------------------------------------------

def location_finding(value_text: str, quote: str, incident: dict, gazetteer: Gazetteer,
                     where: str = "the registry", registry_ok: bool = True) -> Finding | None:
    """A location claim's value_text against the gazetteer and its incident's registry entry
    (incident: the entry's row; where: its file:line, for the hint). registry_ok False: the
    entry's own place is wrong (reported there), so it is not compared below the state."""
    said = f'(the quote: "{quote}")'
    place = parse_location(value_text, gazetteer)
    if place is None:
        return Finding("coding.place-unknown", "value_text", f"location {value_text!r} has an empty part",
                       "write the place as 'Locality, Municipality, State', 'Municipality, State' or 'State'")
    state = gazetteer.state_of(place.state)
    if state is None:
        hint = "the last part of a location is the state: 'Locality, Municipality, State'"
        registry_state = incident.get("state_code")
        if registry_state in gazetteer.states and gazetteer.named(registry_state, place.state):
            hint = f"{place.state} is a municipality of {gazetteer.state_name(registry_state)}: " \
                   f"write '{value_text}, {gazetteer.state_name(registry_state)}'"
        return Finding("coding.place-unknown", "value_text", f"{place.state!r} is not a Mexican state {said}", hint)
    candidates: list[Municipality] = []
    if place.municipality:
        candidates = gazetteer.named(state, place.municipality)
        if not candidates:
            hint = _unknown_hint(gazetteer, state, place.municipality)
            if place.locality is None and not gazetteer.named_anywhere(place.municipality):
                hint += (f"; if {place.municipality} is a town, name its municipality too: "
                         f"'{place.municipality}, <municipality>, {place.state}'")
            return Finding("coding.place-unknown", "value_text",
                           f"no municipality of {gazetteer.state_name(state)} is named {place.municipality!r} {said}",
                           hint)
    return _against_registry(place, state, candidates, incident, gazetteer, where, said, registry_ok)


def _against_registry(place: Place, state: str, candidates: list[Municipality], incident: dict,
                      gazetteer: Gazetteer, where: str, said: str, registry_ok: bool) -> Finding | None:
    registry_state = incident.get("state_code")
    if registry_state not in gazetteer.states:
        return None
    either = f"either the registry entry ({where}) is stale or the claim is wrong"
    if state != registry_state:
        return Finding("coding.location-differs", "value_text",
                       f"the claim puts the incident in {gazetteer.state_name(state)}, the registry in "
                       f"{gazetteer.state_name(registry_state)} {said}",
                       f"{either}: fix the entry's state_code, or the claim's value_text or incident_id")
    if not registry_ok:
        return None
    region = incident.get("geo_precision") == "region"  # several places: the claim may name any one
    code, name = incident.get("municipality_code"), incident.get("municipality")
    named = gazetteer.named(state, name) if isinstance(name, str) and name else []
    registry_municipality = gazetteer.municipality(code) or (named[0] if named else None)
    if place.municipality:
        if registry_municipality is None and not region:
            m = candidates[0]
            with_locality = f"locality: {place.locality}, " if place.locality else ""
            precision = "locality" if place.locality else "municipality"
            return Finding("coding.location-more-precise", "value_text",
                           f"the claim names the municipality {m.name} ({place.describe()}), the registry has "
                           f"the incident at state level, with no municipality {said}",
                           f"{either}: set {with_locality}municipality: {m.name}, {_set_code(candidates)} and "
                           f"geo_precision: {precision} there, or fix the claim")
        if registry_municipality is not None and registry_municipality not in candidates:
            return Finding("coding.location-differs", "value_text",
                           f"the claim names the municipality {place.municipality} ({_codes(candidates)}), the "
                           f"registry {registry_municipality.name} (\"{registry_municipality.code}\") {said}",
                           f"{either}: fix the entry's municipality and municipality_code, or the claim")
    if place.locality:
        locality = incident.get("locality")
        if not (isinstance(locality, str) and locality.strip()):
            if region:
                return None
            return Finding("coding.location-more-precise", "value_text",
                           f"the claim names the locality {place.locality} ({place.describe()}), the registry "
                           f"has none {said}",
                           f"{either}: set locality: {place.locality} and geo_precision: locality there, "
                           "or fix the claim")
        if not any(same_place(place.locality, listed) for listed in listed_places(locality)):
            return Finding("coding.location-differs", "value_text",
                           f"the claim names the locality {place.locality}, the registry's locality is "
                           f"{locality!r} {said}",
                           f"{either}: fix the entry's locality, or the claim")
    return None


# --- the checker -----------------------------------------------------------------------------

def place_problems(coding: Coding) -> list[Problem]:
    """The registry's places and every location claim, against the gazetteer and each other."""
    gazetteer = coding.gazetteer
    if gazetteer is None or "incidents" in coding.unread:
        return []
    problems: list[Problem] = []
    incidents: dict[str, tuple[Record, bool]] = {}
    for record in coding.incidents:
        findings = registry_findings(record.row, gazetteer)
        problems += [_problem(record, f, "incidents", record.row.get("incident_id"), record.row.get(f.key))
                     for f in findings]
        if isinstance(record.row.get("incident_id"), str):
            incidents[record.row["incident_id"]] = (record, not findings)
    for document in coding.documents:
        for claim in document.claims:
            row = claim.row
            if row.get("claim_type") != "location" or not isinstance(row.get("value_text"), str):
                continue
            entry = incidents.get(row.get("incident_id") or "")
            if entry is None:
                continue  # an unknown incident_id is reported as such
            record, ok = entry
            finding = location_finding(row["value_text"], str(row.get("quote", "")), record.row, gazetteer,
                                       f"{record.file}:{record.line}", ok)
            if finding:
                problems.append(_problem(claim, finding, "claims", row.get("claim_id"), row["value_text"]))
    return problems


def _problem(record: Record, finding: Finding, table: str, key, value) -> Problem:
    return Problem(rule=finding.rule, file=record.file, line=record.line_of(finding.key), message=finding.message,
                   hint=finding.hint, table=table, key=key if isinstance(key, str) else None, field=finding.key,
                   value=value if isinstance(value, str) else None)

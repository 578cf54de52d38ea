"""The place criterion of find: states contain municipalities, which contain localities.

--state takes an ISO 3166-2 code (MX-MIC; a state's name is read too). --place is read
against INEGI's gazetteer, accents and case aside: a state's name, a municipality's name,
its unambiguous short form ("Iguala") or a longer form of it ("Apatzingan de la
Constitucion" is Apatzingán), or close to one (a typo). Scores of one incident, the best
that applies:

- in the municipality named: 1.0;
- its locality is the place named (fuzzily, at least LOCALITY_CUTOFF): up to 1.0;
- --place names a state: a state-level incident there 1.0, one in a municipality of it 0.8;
- --state alone: any incident in that state 1.0;
- coded at state level in the state that contains the municipality named: 0.5;
- its title names the place (fuzzily): 0.6;
- with --state and --place, in the state given but not in the place: 0.3.

An incident in another municipality is no match (the two places exclude each other),
and with --state nothing outside that state matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...tableschema.gazetteer import Gazetteer, Municipality, fold, short_forms
from .errors import FindError

LOCALITY_CUTOFF = 85  # rapidfuzz ratio of folded names: "Antunez" is "Antúnez", not "Antúnes de Abajo"
MUNICIPALITY_CUTOFF = 90  # a typo of a municipality's name ("Apatzingam"), not another name
TITLE_CUTOFF = 90  # partial ratio of the place's folded name within the folded title


@dataclass
class PlaceQuery:
    state: str | None = None  # --state, as an ISO code
    name: str | None = None  # --place as given
    place_state: str | None = None  # the state --place names
    municipalities: tuple[Municipality, ...] = ()  # the municipalities --place names
    notes: list[str] = field(default_factory=list)  # how --place was read, for people


def read_place(state: str | None, place: str | None, gazetteer: Gazetteer | None) -> PlaceQuery:
    query = PlaceQuery(name=place.strip() if place and place.strip() else None)
    if state is not None:
        query.state = _state_code(state, gazetteer)
    if query.name is None or gazetteer is None:
        if query.name is not None:
            query.notes.append(f"no gazetteer: --place {query.name!r} is matched against localities and titles only")
        return query
    named_state = gazetteer.state_of(query.name)
    if named_state is not None:
        if query.state is not None and named_state != query.state:
            raise FindError(f"--place {query.name!r} is the state {named_state}, not the --state {query.state} "
                            "given: drop one of them")
        query.place_state = named_state
        query.notes.append(f"--place {query.name!r} is the state {named_state} ({gazetteer.state_name(named_state)})")
        return query
    query.municipalities = tuple(_municipalities(gazetteer, query.name, query.state))
    if query.municipalities:
        named = "; ".join(f"{m.name} ({m.code}, {m.state_code})" for m in query.municipalities)
        query.notes.append(f"--place {query.name!r} is the municipality {named}")
    else:
        where = f" of {query.state}" if query.state else ""
        query.notes.append(f"--place {query.name!r} is no state or municipality{where} in INEGI's gazetteer: "
                           "matched against incidents' localities and titles only")
    return query


def _state_code(state: str, gazetteer: Gazetteer | None) -> str:
    code = state.strip().upper()
    if gazetteer is None:
        if re.fullmatch(r"MX-[A-Z]{3}", code):
            return code
        raise FindError(f"--state {state!r} is not a state code: use an ISO 3166-2 code such as MX-MIC")
    if code in gazetteer.states:
        return code
    if f"MX-{code}" in gazetteer.states:  # "MIC" for MX-MIC
        return f"MX-{code}"
    named = gazetteer.state_of(state)
    if named is not None:
        return named
    raise FindError(f"--state {state!r} is not a state code: use an ISO 3166-2 code, one of "
                    + ", ".join(sorted(gazetteer.states)))


def _municipalities(gazetteer: Gazetteer, name: str, state: str | None) -> list[Municipality]:
    """The municipalities name names: exactly or as a short form, else by a longer form of the
    name ("Apatzingan de la Constitucion"), else by a close spelling."""
    def lookup(candidate: str) -> list[Municipality]:
        # state by state: "Ayutla" is Ayutla in Jalisco and, as its short form, Ayutla de los Libres in Guerrero
        states = [state] if state else sorted(gazetteer.states)
        return [m for code in states for m in gazetteer.named(code, candidate)]

    for candidate in [name] + sorted(short_forms(name), key=len, reverse=True):
        found = lookup(candidate)
        if found:
            return sorted(found, key=lambda m: m.code)
    from rapidfuzz import fuzz, process

    pool = {m.code: fold(m.name) for m in gazetteer.municipalities.values() if state in (None, m.state_code)}
    close = process.extract(fold(name), pool, scorer=fuzz.ratio, score_cutoff=MUNICIPALITY_CUTOFF, limit=None)
    best = max((score for _, score, _ in close), default=None)
    return sorted((gazetteer.municipalities[code] for _, score, code in close if score == best), key=lambda m: m.code)


def score_place(query: PlaceQuery, row: dict[str, str]) -> tuple[float, str]:
    """(score, reason) of one incident; 0 with the incident's place when it does not match."""
    from rapidfuzz import fuzz

    state, code = row.get("state_code", ""), row.get("municipality_code", "")
    where = _where(row)
    if query.state is not None and state != query.state:
        return 0.0, f"place does not match: incident in {where}, not in {query.state}"
    found: list[tuple[float, str]] = []
    codes = {m.code: m for m in query.municipalities}
    if code and code in codes:
        found.append((1.0, f"place: incident in {where}, the municipality named"))
    if query.name and row.get("locality"):
        ratio = fuzz.ratio(fold(row["locality"]), fold(query.name))
        if ratio >= LOCALITY_CUTOFF:
            found.append((ratio / 100, f"place: incident's locality {row['locality']} is {query.name!r}"))
    if query.place_state == state:
        found.append((0.8, f"place: incident in {where}, within {state}") if code
                     else (1.0, f"place: state-level incident in {state}"))
    if query.state is not None and query.name is None:
        found.append((1.0, f"place: incident in {where}"))
    containing = [m for m in query.municipalities if m.state_code == state]
    if not code and containing:
        found.append((0.5, f"place: state-level incident in {state}, which contains {containing[0].name}"))
    if query.name and len(fold(query.name)) >= 4 and fuzz.partial_ratio(fold(query.name), fold(row.get("title", ""))) \
            >= TITLE_CUTOFF:
        found.append((0.6, f"place: the title names {query.name!r}"))
    if query.state is not None and query.name is not None:
        found.append((0.3, f"place: incident in {where}, the state given, not in {query.name!r}"))
    if not found:
        return 0.0, f"place does not match: incident in {where}"
    return max(found, key=lambda hit: hit[0])


def _where(row: dict[str, str]) -> str:
    parts = [row.get("locality", ""), row.get("municipality", "")]
    named = ", ".join(dict.fromkeys(p for p in parts if p))  # "Apatzingán" once when town and municipality
    code = row.get("municipality_code", "")
    state = row.get("state_code", "")
    if named and code:
        return f"{named} ({code}, {state})"
    return f"{named} ({state})" if named else f"{state} (state level)"

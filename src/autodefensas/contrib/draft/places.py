"""Location claims: the states and municipalities a text names, matched to INEGI's gazetteer
(tableschema/gazetteer.py), written as meaning/places.parse_location reads them:
"Municipality, State" or "State". Localities are not in the gazetteer and are left to
the reviewer.

Precision first: a municipality counts only in a state the text names, and only where the
words make it a place (after "in", "near", "municipality of", "en", "municipio de"..., or
before ", <State>", or listed with another place); a bare "Mexico" is the country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...tableschema.gazetteer import Gazetteer, Municipality, fold, short_forms
from .proposal import Proposal, Sentence, locate, sentence_at

_CAP = r"[A-ZÁÉÍÓÚÑÜ](?:[\w’'-]|\.(?=\w))*"
_CANDIDATE = re.compile(rf"(?<![\w-]){_CAP}(?:\s+(?:(?:de|del|la|las|los|el|y)\s+)*{_CAP})*")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|at|from|to|of|outside|around|towards|toward|into|en|cerca\s+de|de|desde|hacia|a|entre|"
    r"rumbo\s+a|municipality\s+of|town\s+of|city\s+of|state\s+of|municipio\s+de|ciudad\s+de|estado\s+de|"
    r"poblado\s+de|comunidad\s+de|communities\s+of)\s+(?:the\s+)?|,\s+|\b(?:and|y|e)\s+)$", re.IGNORECASE)
_COUNTRY = {"mexico", "méxico"}


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    state: str
    municipality: Municipality | None


def propose_places(text: str, sentences: list[Sentence], gazetteer: Gazetteer | None) -> list[Proposal]:
    if gazetteer is None:
        return []
    states = _states(text, gazetteer)
    hits = [h for h in _municipalities(text, gazetteer, states) if _placed(text, h)] + states
    named = {h.state for h in hits if h.municipality}
    out, seen = [], set()
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.municipality is None and hit.state in named:
            continue  # the state is said with its municipality
        value = _value(hit, gazetteer)
        if value in seen:
            continue
        seen.add(value)
        sentence = sentence_at(sentences, hit.start)
        quote, occurrence, at = locate(text, *_with_words(text, hit, sentence))
        proposal = Proposal("location", "location", at, quote, occurrence, value_text=value,
                            why=[_why(text, hit, gazetteer)])
        out.append(proposal)
    return out


def _states(text: str, gazetteer: Gazetteer) -> list[_Hit]:
    out = []
    for m in _CANDIDATE.finditer(text):
        words = m.group().split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if fold(name) in _COUNTRY:
                continue
            code = gazetteer.state_of(name)
            if code and _street(text, m.start(), m.start() + len(name)):
                break  # "calle Morelos 45", "12 Hidalgo Street": a street named for a state
            if code:
                end = m.start() + len(name)
                if code == "MX-MEX" and not name.lower().startswith(("estado", "state")):
                    break  # "México" alone is the country
                out.append(_Hit(m.start(), end, code, None))
                break
    # "State of Mexico" inside a longer capitalized run: the candidate pattern starts at "State"
    return out


def _municipalities(text: str, gazetteer: Gazetteer, states: list[_Hit]) -> list[_Hit]:
    """Municipalities of the states the text names, by INEGI name or unambiguous short form."""
    codes = {h.state for h in states}
    index: dict[str, list[Municipality]] = {}
    for municipality in gazetteer.municipalities.values():
        if municipality.state_code in codes:
            for key in [fold(municipality.name), *short_forms(municipality.name)]:
                index.setdefault(key, []).append(municipality)
    state_spans = [(h.start, h.end) for h in states]
    out = []
    for m in _CANDIDATE.finditer(text):
        words = m.group().split()
        for first in range(len(words)):
            found = None
            for n in range(len(words), first, -1):
                name = " ".join(words[first:n])
                key = fold(name)
                matches = [x for x in index.get(key, []) if key == fold(x.name) or
                           gazetteer.named(x.state_code, name) == [x]]
                if len(matches) == 1:
                    start = m.start() + len(" ".join(words[:first])) + (1 if first else 0)
                    found = _Hit(start, start + len(name), matches[0].state_code, matches[0])
                    break
            if found and not any(a <= found.start < b for a, b in state_spans):
                out.append(found)
                break
    return out


def _street(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 20):start], text[end:end + 20]
    return bool(re.search(r"(?:\b(?:calle|avenida|av\.|street|colonia|col\.|bulevar|boulevard)|\d)\s+$", before,
                          re.IGNORECASE) or re.match(r"\s+(?:Street|St\.|Avenue|Ave\.|\d)", after))


def _placed(text: str, hit: _Hit) -> bool:
    """Whether the words around a municipality's name make it a place, not a person or a name."""
    before = text[max(0, hit.start - 40):hit.start]
    after = text[hit.end:hit.end + 40]
    if re.match(r"[ \t]+[A-ZÁÉÍÓÚÑ]", after):
        return False  # part of a longer name ("Lázaro Cárdenas Batel")
    return bool(_PLACE_BEFORE.search(before)) or bool(re.match(rf",\s+{_CAP}", after))


def _value(hit: _Hit, gazetteer: Gazetteer) -> str:
    state = _state_name(hit.state, gazetteer)
    return f"{hit.municipality.name}, {state}" if hit.municipality else state


def _state_name(code: str, gazetteer: Gazetteer) -> str:
    """The state's common name where the gazetteer has one (Michoacán), else INEGI's."""
    official = gazetteer.state_name(code)
    short = [v for v in gazetteer.state_variants.get(code, []) if official.startswith(v)]
    return short[0] if short else official


def _with_words(text: str, hit: _Hit, sentence: Sentence) -> tuple[int, int]:
    """The name with the word before it that makes it a place ("in Apatzingán")."""
    m = re.search(r"\b(?:in|near|en|cerca\s+de|municipality\s+of|municipio\s+de|town\s+of|state\s+of|estado\s+de)"
                  r"\s+(?:the\s+)?$", text[sentence.start:hit.start], re.IGNORECASE)
    start = sentence.start + m.start() if m else hit.start
    return start, hit.end


def _why(text: str, hit: _Hit, gazetteer: Gazetteer) -> str:
    said = text[hit.start:hit.end]
    if hit.municipality is None:
        return f"'{said}' is the state {gazetteer.state_name(hit.state)} ({hit.state})"
    m = hit.municipality
    return (f"'{said}' is the municipality {m.name}, {gazetteer.state_name(m.state_code)} (INEGI {m.code}); "
            "if the text names a town, put it first: 'Town, Municipality, State'")

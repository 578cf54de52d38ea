"""The gazetteer: Mexico's states and municipalities from INEGI's catalogue (schemas/gazetteer.csv,
written by scripts/gazetteer.py; its source, edition and licence are in schemas/gazetteer.json).

Names are compared folded: accents, case, dots and hyphens do not count ("Apatzingan" is
"Apatzingán", "Gustavo A Madero" is "Gustavo A. Madero"). A municipality may also be named by
its short form, the official name cut before a "de" ("Iguala" for "Iguala de la
Independencia"), when no other municipality of its state has that short form or name.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

COLUMNS = ["state_code", "inegi_state", "state", "municipality_code", "municipality"]
_CUT_BEFORE = {"de", "del"}


def fold(name: str) -> str:
    """A name as compared: without accents, case, dots, hyphens or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[.\-‐–'’]", " ", bare).split())


def short_forms(name: str) -> list[str]:
    """The folded name cut before each inner "de"/"del": "iguala de la independencia" -> ["iguala"]."""
    words = fold(name).split()
    return [" ".join(words[:i]) for i in range(1, len(words)) if words[i] in _CUT_BEFORE]


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    state_code: str


@dataclass
class Gazetteer:
    """States (ISO code -> INEGI's name) and municipalities (INEGI code -> Municipality)."""

    states: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    state_variants: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._state_names = {fold(name): code for code, name in self.states.items()}
        for code, names in self.state_variants.items():
            self._state_names.update({fold(name): code for name in names if code in self.states})
        self._names: dict[str, dict[str, list[Municipality]]] = defaultdict(lambda: defaultdict(list))
        self._anywhere: dict[str, list[Municipality]] = defaultdict(list)
        shorts: dict[str, dict[str, list[Municipality]]] = defaultdict(lambda: defaultdict(list))
        for m in self.municipalities.values():
            self._names[m.state_code][fold(m.name)].append(m)
            self._anywhere[fold(m.name)].append(m)
            for short in short_forms(m.name):
                shorts[m.state_code][short].append(m)
        # a short form names a municipality only where it is unambiguous in its state
        self._shorts = {state: {s: ms[0] for s, ms in forms.items() if len(ms) == 1 and s not in self._names[state]}
                        for state, forms in shorts.items()}

    def state_of(self, name: str) -> str | None:
        """The ISO code of the state named name (INEGI's name or a common variant), or None."""
        return self._state_names.get(fold(name))

    def state_name(self, state_code: str) -> str:
        return self.states.get(state_code, state_code)

    def municipality(self, code: str | None) -> Municipality | None:
        return self.municipalities.get(code) if isinstance(code, str) else None

    def named(self, state_code: str, name: str, short: bool = True) -> list[Municipality]:
        """The municipalities of a state with this name (several only where INEGI repeats a name),
        else the one it is the unambiguous short form of (when short)."""
        key = fold(name)
        exact = self._names.get(state_code, {}).get(key, [])
        if exact or not short:
            return list(exact)
        found = self._shorts.get(state_code, {}).get(key)
        return [found] if found else []

    def named_anywhere(self, name: str) -> list[Municipality]:
        """The municipalities of any state with this (folded) name, else of which it is the short form."""
        exact = self._anywhere.get(fold(name), [])
        if exact:
            return list(exact)
        return [m for forms in self._shorts.values() if (m := forms.get(fold(name))) is not None]

    def is_named(self, municipality: Municipality, name: str, short: bool = True) -> bool:
        """Whether name names this municipality (its name, or when short its unambiguous short form)."""
        return municipality in self.named(municipality.state_code, name, short)

    def close_names(self, state_code: str, name: str, n: int = 3) -> list[str]:
        """Official names of the state's municipalities that look like name (for a hint)."""
        by_fold = {fold(m.name): m.name for ms in self._names.get(state_code, {}).values() for m in ms}
        given = fold(name)
        # a longer or shorter form of a name ("Apatzingán de la Constitución") is as likely as a typo
        longer = [f for f in by_fold if f.startswith(given + " ") or given.startswith(f + " ")]
        close = difflib.get_close_matches(given, list(by_fold), n=n, cutoff=0.75)
        return [by_fold[f] for f in dict.fromkeys(longer + close)][:n]


def parse_gazetteer(text: str, state_codes: dict[str, str], state_variants: dict | None = None
                    ) -> tuple[Gazetteer | None, list[tuple[int, str]]]:
    """The gazetteer from the CSV's text, checked against schemas/states.json (ISO -> INEGI code).
    Returns (gazetteer or None, [(line, what is wrong)]). Parsed once per content: every build
    and verify reads schemas/, and indexing 2,465 names takes longer than reading them."""
    return _parse(text, json.dumps(state_codes, sort_keys=True), json.dumps(state_variants or {}, sort_keys=True))


@lru_cache(maxsize=4)
def _parse(text: str, codes_json: str, variants_json: str) -> tuple[Gazetteer | None, list[tuple[int, str]]]:
    state_codes, state_variants = json.loads(codes_json), json.loads(variants_json)
    faults: list[tuple[int, str]] = []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != COLUMNS:
        return None, [(1, f"the header must be {','.join(COLUMNS)}")]
    states: dict[str, str] = {}
    municipalities: dict[str, Municipality] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            faults.append((line, f"{len(row)} cells, expected {len(COLUMNS)}"))
            continue
        state_code, inegi_state, state, code, name = row
        if state_codes.get(state_code) != inegi_state:
            faults.append((line, f"state {state_code} {inegi_state} is not in schemas/states.json"))
        elif not re.fullmatch(r"[0-9]{5}", code) or not code.startswith(inegi_state):
            faults.append((line, f"municipality code {code!r} is not 5 digits starting with {inegi_state}"))
        elif code in municipalities:
            faults.append((line, f"municipality code {code} occurs twice"))
        elif not name.strip() or not state.strip():
            faults.append((line, "a name is empty"))
        else:
            states.setdefault(state_code, state)
            municipalities[code] = Municipality(code, name, state_code)
    if faults:
        return None, faults
    variants = {k: list(v) for k, v in state_variants.items() if isinstance(v, list)}
    return Gazetteer(states, municipalities, variants), []

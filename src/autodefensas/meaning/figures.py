"""A figure claim's value and qualifier, against what its quote says.

The quote must state the value ("seis" for 6; both bounds for a range), and the words
right before the figure must agree with value_qualifier ("alrededor de 400" is about,
"at least seven" at_least, "between 60 and 100" a range, no such words exact).

What the quote says against the coding is an error. What the quote does not say (no number
at all, or no cue for a widened qualifier) is the coder's judgement: allowed when the claim's
note says why, an error otherwise. Zero and one are not checked when the quote states no
number: nobody, "a soldier was killed", "murió un policía" say them without a figure.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from ..build.keys import FIGURE_TYPES
from ..build.records import Document, Record
from ..report import Problem
from .numbers import Figure, find_figures

# The words that qualify the figure they stand right before (or, "after", right after it or
# after the noun that follows it: "60 soldiers or more"), per language. The one place these
# lists live; docs/coding.md shows them as a table. "more than 10" is at_least 10: the figure
# as written, a lower bound that holds (docs/coding.md, "Figures against the quote").
CUES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "before": {
            "at_least": ("at least", "more than", "over", "upwards of", "no fewer than", "no less than",
                         "a minimum of", "at minimum"),
            "about": ("about", "some", "an estimated", "estimated", "around", "roughly", "approximately",
                      "approx.", "nearly", "almost", "close to", "circa"),
            "at_most": ("up to", "as many as", "at most", "no more than", "fewer than", "less than",
                        "a maximum of", "at maximum"),
        },
        "after": {"at_least": ("or more", "plus", "+"), "about": ("or so",), "at_most": ("or fewer", "or less")},
    },
    "es": {
        "before": {
            "at_least": ("al menos", "por lo menos", "cuando menos", "más de", "no menos de", "un mínimo de",
                         "como mínimo", "mínimo"),
            "about": ("alrededor de", "unos", "unas", "cerca de", "aproximadamente", "aprox.", "casi",
                      "más o menos", "en torno a", "un estimado de", "se estima que"),
            "at_most": ("hasta", "a lo sumo", "como máximo", "cuando mucho", "no más de", "menos de",
                        "un máximo de", "máximo"),
        },
        "after": {"at_least": ("o más",), "about": ("más o menos", "aproximadamente"), "at_most": ("o menos",)},
    },
}
# A range: two figures joined by one of these ("60-80", "60 to 80", "dos o tres"), or by
# "and"/"y" after "between"/"entre" ("between 60 and 100", "entre 60 y 100").
RANGE_JOINERS = {"en": ("-", "–", "—", "to", "or"), "es": ("-", "–", "—", "a", "al", "o", "u")}
RANGE_PAIRS = {"en": (("between", "and"),), "es": (("entre", "y"), ("entre", "e"))}
# "more than 10" is coded 10, not 11; "fewer than 10" 10, not 9: a value one off is told so.
_STRICT = {"more than": 1, "over": 1, "más de": 1, "fewer than": -1, "less than": -1, "menos de": -1}


@dataclass(frozen=True)
class Cue:
    """How the quote qualifies one figure: qualifier, and the words that say so (with the figure)."""

    qualifier: str  # exact when no word qualifies the figure
    words: str  # the cue as written, e.g. "alrededor de"; "" for exact
    span: str  # the cue and the figure as written, e.g. "alrededor de 400"
    bounds: tuple[int, int] | None = None  # a range's (low, high)


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str  # the sheet key whose line the problem points at
    message: str
    hint: str


def ranges(quote: str, figures: list[Figure], language: str) -> list[tuple[Figure, Figure, str]]:
    """(low, high, words) for each pair of figures the quote joins into a range."""
    joiners = "|".join(re.escape(j) for j in RANGE_JOINERS.get(language, ("-",)))
    figures = [f for f in figures if not (f.weak and f.text.isalpha())]  # no article is a bound
    out = []
    for a, b in itertools.pairwise(figures):
        if a.value >= b.value:
            continue
        between = quote[a.end:b.start]
        start = a.start
        if re.fullmatch(rf"\s*({joiners})\s*", between, re.IGNORECASE):
            out.append((a, b, quote[start:b.end]))
            continue
        for opener, joiner in RANGE_PAIRS.get(language, ()):
            head = re.search(rf"\b{opener}\s+$", quote[:a.start], re.IGNORECASE)
            if head and re.fullmatch(rf"\s+{joiner}\s+", between, re.IGNORECASE):
                out.append((a, b, quote[head.start():b.end]))
    return out


def cue_of(quote: str, figure: Figure, language: str, pairs) -> Cue:
    """The qualifier the quote gives this figure: a range it is a bound of, the longest cue
    right before it, a cue right after it (or after its noun), or none (exact)."""
    for low, high, words in pairs:
        if figure in (low, high):
            return Cue("range", _flat(words), _flat(words), (low.value, high.value))
    before, after, qualifiers = _cue_patterns(language)
    m = before.search(quote, 0, figure.start) if before else None
    if m:  # the leftmost match is the longest cue: "no more than" (at_most), not "more than"
        return Cue(qualifiers[_words(m.group(1))], _flat(m.group(1)), _flat(quote[m.start(1):figure.end]))
    m = after.match(quote, figure.end) if after else None
    if m:
        return Cue(qualifiers[_words(m.group(1))], _flat(m.group(1)), _flat(quote[figure.start:m.end(1)]))
    return Cue("exact", "", _flat(figure.text))


def _flat(text: str) -> str:
    """Words as quoted in a message: one line, single spaces."""
    return " ".join(text.split())


def _words(text: str) -> str:
    return _flat(text).lower()


@functools.cache
def _cue_patterns(language: str) -> tuple[re.Pattern | None, re.Pattern | None, dict[str, str]]:
    """The cues of a language as two patterns (right before a figure; after it or its noun)."""
    cues = CUES.get(language, {})
    qualifiers = {w.lower(): q for place in cues.values() for q, words in place.items() for w in words}

    def alternation(place: str) -> str:
        words = sorted((w for ws in cues.get(place, {}).values() for w in ws), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)  # a line break may split a cue

    if not cues:
        return None, None, qualifiers
    before = re.compile(rf"(?<!\w)({alternation('before')})\s*$", re.IGNORECASE)
    after = re.compile(rf"(?:\s+[^\W\d]+){{0,2}}?\s*[,-]?\s*({alternation('after')})(?!\w)", re.IGNORECASE)
    return before, after, qualifiers


def _listed(figures: list[Figure]) -> str:
    shown = [f.shown() for f in figures]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def check_figure(quote: str, language: str, qualifier: str, low: int | None, high: int | None,
                 noted: bool = False) -> list[Finding]:
    """What is wrong with a figure coded (qualifier, low, high) for this quote; [] when nothing.

    low and high are the claim's value_low and value_high; noted says whether the claim has
    a note (the coder's reason for a figure or qualifier the quote does not state).
    """
    if qualifier == "unspecified" or (low is None and high is None):
        return []
    figures = find_figures(quote, language)
    strong = [f for f in figures if not f.weak]
    pairs = ranges(quote, figures, language)
    if qualifier == "range":
        return _check_range(quote, language, figures, strong, pairs, low, high, noted)
    value = low if low is not None else high
    assert value is not None
    matches = [f for f in figures if f.value == value]
    if not matches:
        return _not_stated(quote, language, strong, pairs, value, noted)
    matches = [f for f in matches if not f.weak] or matches
    cues = [cue_of(quote, f, language, pairs) for f in matches]
    if any(c.qualifier == qualifier for c in cues) or (noted and all(c.qualifier == "exact" for c in cues)):
        return []
    cue = next((c for c in cues if c.qualifier != "exact"), cues[0])
    return [_qualifier_finding(cue, qualifier, value)]


def _not_stated(quote, language, strong, pairs, value: int, noted: bool) -> list[Finding]:
    if value == 0:
        return []  # zero is said by negation (no one, nadie, sin heridos), which is not read
    if not strong:
        if value == 1 or noted:
            return []
        return [Finding("coding.figure-not-in-quote", "value",
                        f"the quote states no figure, but the claim's value is {value}",
                        f"quote the words that state {value}, or say in note where the figure comes from "
                        "(e.g. 'the students' are the 43 of an earlier sentence)")]
    hint = f"write the figure the quote states, or quote the words that state {value}"
    for figure in strong:
        cue = cue_of(quote, figure, language, pairs)
        step = _STRICT.get(_words(cue.words))
        if step and value == figure.value + step:
            hint = (f"'{cue.span}' is coded value: {figure.value} with value_qualifier: {cue.qualifier}, "
                    f"not {value} (docs/coding.md, Figures against the quote)")
    return [Finding("coding.figure-not-in-quote", "value", f"the quote states {_listed(strong)}, not {value}", hint)]


def _check_range(quote, language, figures, strong, pairs, low, high, noted) -> list[Finding]:
    if any(a.value == low and b.value == high for a, b, _ in pairs):
        return []
    values = {f.value for f in figures}
    missing = [f"{v} (the range's {name} bound)" for v, name in ((low, "low"), (high, "high")) if v not in values]
    if not strong and missing:
        if noted:
            return []
        return [Finding("coding.range-not-in-quote", "value",
                        f"the quote states no figure, but the claim's value is the range [{low}, {high}]",
                        "quote the words that state both bounds, or say in note where the range comes from")]
    if missing:
        return [Finding("coding.range-not-in-quote", "value",
                        f"the quote states {_listed(strong)}, not {' nor '.join(missing)}",
                        "write the bounds the quote states (value: [low, high]), or quote the words that state both")]
    if noted:
        return []
    return [Finding("coding.qualifier-cue", "value_qualifier",
                    f"the quote states {low} and {high} but does not join them into a range "
                    "('between 60 and 100', '60-80'), and value_qualifier is range",
                    "code the figures as the quote states them, or say in note why they make a range")]


def _qualifier_finding(cue: Cue, qualifier: str, value: int) -> Finding:
    if cue.qualifier == "exact":
        return Finding("coding.qualifier-cue", "value_qualifier",
                       f"the quote states '{cue.span}' with no word that qualifies it (exact), but "
                       f"value_qualifier is {qualifier}",
                       f"set value_qualifier: exact, or say in note why the figure is {qualifier} "
                       "(e.g. a count by one witness is a lower bound)")
    message = f"the quote says '{cue.span}' ({cue.qualifier}) but value_qualifier is {qualifier}"
    if cue.bounds:
        low, high = cue.bounds
        return Finding("coding.qualifier-cue", "value_qualifier", message,
                       f"write value: [{low}, {high}] with value_qualifier: range")
    return Finding("coding.qualifier-cue", "value_qualifier", message,
                   f"set value_qualifier: {cue.qualifier}, or start the quote at the figure if '{cue.words}' "
                   f"does not qualify {value}")


def figure_problems(document: Document) -> list[Problem]:
    """The figure claims of one document whose quote does not state their value or qualifier."""
    if document.text is None:
        return []
    language = document.source.row.get("language") or ""
    problems = []
    for claim in document.claims:
        problems += [_problem(claim, f) for f in claim_findings(claim, language)]
    return problems


def claim_findings(claim: Record, language: str) -> list[Finding]:
    row = claim.row
    if row.get("claim_type") not in FIGURE_TYPES or row.get("char_start") is None:
        return []
    return check_figure(row["quote"], language, row.get("value_qualifier") or "", row.get("value_low"),
                        row.get("value_high"), noted=bool(row.get("note")))


def _problem(claim: Record, finding: Finding) -> Problem:
    row = claim.row
    key = finding.key if finding.key in claim.key_lines else "value_qualifier"
    if finding.key == "value_qualifier":
        field = "value_qualifier"
    else:
        field = "value_low" if row.get("value_low") is not None else "value_high"
    value = row.get(field)
    return Problem(rule=finding.rule, file=claim.file, line=claim.line_of(key), message=finding.message,
                   hint=finding.hint, table="claims", key=row.get("claim_id"), field=field,
                   value=None if value is None else str(value))

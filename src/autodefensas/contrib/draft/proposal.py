"""A proposed claim, and where in the text its words are: what every drafting step makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...build.texts import find_all


@dataclass
class Proposal:
    """One claim the draft proposes, with the reasons a reviewer reads in its comment."""

    kind: str  # figure | date | location: the sheet's groups
    claim_type: str
    start: int  # where the quote starts in the text: claims are written in text order
    quote: str
    occurrence: int | None = None
    value: int | list[int] | None = None
    value_qualifier: str | None = None
    value_text: str | None = None
    note: str | None = None
    why: list[str] = field(default_factory=list)
    claimant_text: str | None = None
    cited_source_id: str | None = None
    hedged: bool = False
    incident_id: str | None = None
    subject_actor: bool = False  # a members claim is about an actor, not an incident


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A full stop after these does not end a sentence.
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "st", "no", "approx",
                  "aprox", "sr", "sra", "lic", "ing", "núm", "num", "av", "jr", "inc", "co", "vs", "u.s",
                  "e.u", "p", "dept", "cap", "gral", "cmdte"}
_END = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)|\n+")


def sentences(text: str) -> list[Sentence]:
    """The text cut into sentences (a line break always ends one): the unit of attribution."""
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group().startswith(".") and not m.group().startswith("\n"):
            word = re.search(r"([\w.]+)$", text[start:m.start()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def sentence_at(sentences_: list[Sentence], offset: int) -> Sentence:
    return next((s for s in sentences_ if s.start <= offset < s.end), sentences_[-1])


def words_span(text: str, start: int, end: int) -> tuple[int, int]:
    """start and end moved out to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def locate(text: str, start: int, end: int, limit: Sentence, ok=lambda quote: True) -> tuple[str, int | None, int]:
    """A quote for text[start:end] that a sheet can point at: lengthened by whole words within
    its sentence until it occurs once in the text (and ok(quote) still holds), else the
    shortest with its occurrence. Returns (quote, occurrence or None, start)."""
    base = (start, end)
    for _ in range(8):
        quote = text[start:end]
        if len(find_all(text, quote)) == 1:
            return quote, None, start
        wider = _wider(text, start, end, limit)
        if wider is None or not ok(text[wider[0]:wider[1]]):
            break
        start, end = wider
    start, end = base
    quote = text[start:end]
    return quote, find_all(text, quote).index(start) + 1, start


def _wider(text: str, start: int, end: int, limit: Sentence) -> tuple[int, int] | None:
    """One more word to the right, else to the left, inside the sentence."""
    m = re.match(r"[^\w\n]*\w+", text[end:limit.end])
    if m:
        return start, end + m.end()
    m = re.search(r"\w+[^\w\n]*$", text[limit.start:start])
    if m:
        new = limit.start + m.start()
        if text[new] not in "=+-@":
            return new, end
    return None

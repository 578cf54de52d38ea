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


def locate(text: str, start: int, end: int) -> tuple[str, int | None, int]:
    """The quote for text[start:end] as the words that make the claim, never padded with a stray
    next word to make it unique: when it occurs more than once, its occurrence (1 = first)
    says which. Returns (quote, occurrence or None, start)."""
    quote = text[start:end]
    starts = find_all(text, quote)
    return quote, (starts.index(start) + 1 if len(starts) > 1 else None), start

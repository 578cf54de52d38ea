"""Figure claims: every number the text states as a count of people, with its claim type
from the words around it, and its value and qualifier read exactly as verify reads them
(meaning/numbers.find_figures, meaning/figures.cue_of and ranges): a drafted figure is
checked with meaning/figures.check_figure before it is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...meaning.datewords import fold
from ...meaning.figures import Cue, check_figure, cue_of, ranges
from ...meaning.numbers import Figure, find_figures
from .proposal import Proposal, Sentence, locate, sentence_at
from .words import (
    COUNTED_BEFORE,
    DETAIN,
    FILLERS,
    LINKS,
    MEMBERS,
    NON_STATE,
    NOT_PARTICIPANTS,
    PEOPLE,
    TYPE_CUES,
)

_BEFORE_WORDS, _AFTER_WORDS, _NOUN_WORDS = 4, 7, 3  # how far a cue or noun may stand from its number
_HARD_STOP = re.compile(r"[.;:!?()“”\"—–]|\n")  # clause ends a cue does not cross ("14-16" is a range, not here)


@dataclass(frozen=True)
class _TypeCue:
    claim_type: str
    start: int
    end: int
    distance: int  # words between the number and the cue
    after: bool
    linked: bool  # only LINKS words between: the cue is about this number even with no noun


def propose_figures(text: str, language: str, sentences: list[Sentence]) -> list[Proposal]:
    """A figure claim for each number the text states as a count of people."""
    folded = fold(text)
    figures = find_figures(text, language)
    pairs = ranges(text, figures, language)
    highs = {id(high) for _, high, _ in pairs}
    out = []
    for figure in figures:
        if id(figure) in highs or (figure.weak and not figure.text.isalpha()):
            continue  # a range's high bound is proposed with its low one; a weak digit is a year, an age...
        pair = next(((low, high) for low, high, _ in pairs if low is figure), None)
        sentence = sentence_at(sentences, figure.start)
        proposal = _propose(text, folded, language, figures, pairs, figure, pair, sentence)
        if proposal is not None:
            out.append(proposal)
    return out


def _propose(text, folded, language, figures, pairs, figure: Figure, pair, sentence: Sentence) -> Proposal | None:
    last = pair[1] if pair else figure
    others = [f for f in figures if f is not figure and (pair is None or f is not pair[1]) and not f.weak]
    after_end = _after_limit(text, last.end, sentence, others)
    before_start = _before_limit(text, figure.start, sentence, others)
    noun = _noun(folded, last.end, after_end, language) or _noun_before(folded, before_start, figure, text,
                                                                        language, pairs)
    cues = _type_cues(folded, language, before_start, figure.start, last.end, after_end)
    cue = min(cues, key=lambda c: (c.distance, not c.after), default=None)
    if figure.weak and (cue is None or cue.distance > 3 or noun is None or _a_force(folded, figure, noun)):
        return None  # "a", "un", "una" count one only beside a person and what happened to them
    if noun is None and (cue is None or not cue.linked):
        return None  # not a count of people: "3 vehicles", "20 rifles"
    if noun is not None and _partitive(folded, last.end) and (
            cue is None or (not cue.after and "," in folded[cue.end:figure.start])):
        # "two slain civilians, one of them ...", "heridos, uno de ellos": a part of a figure already
        # counted; but "the bodies of two of the men" counts the dead
        return None
    claim_type, why = _claim_type(folded, text, language, cue, noun, sentence, last.end)
    if claim_type is None:
        return None
    qualifier = cue_of(text, figure, language, pairs)
    value: int | list[int] = [pair[0].value, pair[1].value] if pair else figure.value
    start = _qualifier_start(text, figure, qualifier)
    if cue is not None and not cue.after:
        start = min(start, cue.start)
    end = max(last.end, noun[1] if noun else last.end, cue.end if cue and cue.after else last.end,
              _qualifier_end(text, last, qualifier))
    low, high = _bounds(qualifier.qualifier, value)

    def states(quote: str) -> bool:
        return not check_figure(quote, language, qualifier.qualifier, low, high)

    quote, occurrence, quote_start = locate(text, start, end)
    if not states(quote):
        return None  # the checker would not read this figure from any quote we can give
    why.insert(0, _figure_words(qualifier, figure, pair))
    proposal = Proposal("figure", claim_type, quote_start, quote, occurrence, value, qualifier.qualifier, why=why)
    proposal.subject_actor = claim_type == "members"
    return proposal


def _noun_before(folded: str, before_start: int, figure: Figure, text: str, language: str,
                 pairs) -> tuple[int, int] | None:
    """The group a number counts when it is named before it ("the gunmen numbered 40")."""
    lang = language if language in COUNTED_BEFORE else "en"
    start = _qualifier_start(text, figure, cue_of(text, figure, language, pairs))
    m = re.search(COUNTED_BEFORE[lang], folded[before_start:start])
    if m is None:
        return None
    group = "put" if "put" in m.re.groupindex and m.group("put") else "noun"
    if m.group(group) not in PEOPLE[lang]:
        return None
    return before_start + m.start(group), before_start + m.end(group)


def _a_force(folded: str, figure: Figure, noun: tuple[int, int]) -> bool:
    """"una policía comunitaria" is a police force, not one policewoman."""
    return folded[figure.start:figure.end] == "una" and folded[noun[0]:noun[1]] == "policia"


def _partitive(folded: str, end: int) -> bool:
    return re.match(r"\s+(?:of|de)\s+(?:them|the|those|ellos|ellas|los|las)\b", folded[end:]) is not None


def _bounds(qualifier: str, value) -> tuple[int | None, int | None]:
    if isinstance(value, list):
        return value[0], value[1]
    return (None if qualifier == "at_most" else value), (None if qualifier == "at_least" else value)


def _after_limit(text: str, end: int, sentence: Sentence, others: list[Figure]) -> int:
    """Where the words after a number stop being about it: a clause end, or another number
    (unless joined by 'and': "14 civilians and one soldier died")."""
    limit = sentence.end
    stop = _HARD_STOP.search(text, end, limit)
    if stop:
        limit = stop.start()
    for other in others:
        if end <= other.start < limit:
            if not re.search(r"\b(?:and|y|e)\s*$", text[end:other.start]):
                limit = other.start
            break
    return limit


def _before_limit(text: str, start: int, sentence: Sentence, others: list[Figure]) -> int:
    limit = sentence.start
    for m in _HARD_STOP.finditer(text, sentence.start, start):
        limit = m.end()
    for other in others:
        if limit <= other.end <= start:
            limit = other.end
    return limit


def _words(folded: str, start: int, end: int) -> list[re.Match]:
    return list(re.finditer(r"[\w’'-]+", folded[start:end]))


def _noun(folded: str, start: int, end: int, language: str) -> tuple[int, int] | None:
    """The person noun the number counts, within a few words after it: (start, end)."""
    lang = language if language in PEOPLE else "en"
    for n, m in enumerate(_words(folded, start, end)):
        if n >= _NOUN_WORDS + 1:
            break
        word = m.group().strip("'’")
        if word in PEOPLE[lang]:
            return start + m.start(), start + m.end()
        if word not in FILLERS[lang] and not word.endswith(("ed", "ados", "idos")) \
                and not _cue_pattern(language).fullmatch(word):
            break
    return None


@cache
def _cue_pattern(language: str) -> re.Pattern:
    table = TYPE_CUES.get(language, TYPE_CUES["en"])
    parts = [f"(?P<{t}>{'|'.join(words)})" for t, words in table.items()]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _type_cues(folded: str, language: str, before_start: int, start: int, end: int, after_end: int) -> list[_TypeCue]:
    pattern = _cue_pattern(language)
    found = []
    for m in pattern.finditer(folded, before_start, start):
        between = _words(folded, m.end(), start)
        qualifier = _qualifier_words(folded[m.end():start])
        # a comma or an "and" between ends the cue's clause: "was shot dead and two others were wounded"
        joined = "," in folded[m.end():start] or any(w.group() in ("and", "y", "e") for w in between)
        distance = len(between) - qualifier + (3 if joined else 0)
        if distance <= _BEFORE_WORDS:
            linked = all(w.group() in LINKS for w in between[:len(between) - qualifier])
            found.append(_TypeCue(m.lastgroup or "", m.start(), m.end(), distance, False, linked))
    for m in pattern.finditer(folded, end, after_end):
        between = _words(folded, end, m.start())
        if len(between) <= _AFTER_WORDS:
            linked = all(w.group() in LINKS for w in between)
            found.append(_TypeCue(m.lastgroup or "", m.start(), m.end(), len(between), True, linked))
    return found


def _qualifier_words(between: str) -> int:
    """Qualifier words between a cue and its number do not count as distance ("detained at least 60")."""
    m = re.search(r"(?:at\s+least|more\s+than|an\s+estimated|estimated|about|some|around|up\s+to|al\s+menos|"
                  r"por\s+lo\s+menos|mas\s+de|"
                  r"alrededor\s+de|cerca\s+de|unos|unas|hasta|between|entre|a\s+total\s+of|un\s+total\s+de)\s*$",
                  between)
    return len(m.group().split()) if m else 0


def _claim_type(folded, text, language, cue: _TypeCue | None, noun, sentence: Sentence,
                end: int) -> tuple[str | None, list[str]]:
    lang = language if language in MEMBERS else "en"
    if cue is None:
        word = folded[noun[0]:noun[1]]
        if word in MEMBERS[lang] and not folded[end:noun[0]].strip():
            return "members", [f"'{text[noun[0]:noun[1]]}' counts members of a group, and nothing says what "
                               "happened to them (subject_actor_id: the group)"]
        if word in NOT_PARTICIPANTS and not re.match(r"\s+(?:armed|armad[oa]s)\b", folded[noun[1]:]):
            return None, []  # "two sons", "dos menores": who they are, not that they took part
        return "participants", [f"'{text[noun[0]:noun[1]]}' counts people, and no word around it says they were "
                                "killed, wounded, arrested, held or abducted: participants"]
    words = text[cue.start:cue.end]
    claim_type = cue.claim_type
    why = [f"'{words}' makes it {claim_type}"]
    if claim_type == "arrests" and re.match(DETAIN, folded[cue.start:cue.end]):
        holder = re.search(NON_STATE.get(language, NON_STATE["en"]), folded[sentence.start:cue.start])
        if holder:
            claim_type = "people_detained"
            why = [f"'{words}' by '{text[sentence.start + holder.start():sentence.start + holder.end()]}' (not the "
                   "security forces) makes it people_detained"]
    return claim_type, why


def _qualifier_start(text: str, figure: Figure, cue: Cue) -> int:
    if cue.qualifier == "range":
        m = re.search(r"(?:between|entre)\s+$", text[:figure.start], re.IGNORECASE)
        return m.start() if m else figure.start
    if cue.words and cue.span.lower().endswith(figure.text.lower()) and not cue.span.lower().startswith(
            figure.text.lower()):
        words = r"\s+".join(re.escape(w) for w in cue.words.split())
        m = re.search(rf"(?<!\w){words}\s*$", text[:figure.start], re.IGNORECASE)
        if m:
            return m.start()
    return figure.start


def _qualifier_end(text: str, last: Figure, cue: Cue) -> int:
    if cue.words and cue.qualifier not in ("range", "exact") and cue.span.lower().startswith(last.text.lower()):
        words = r"\s+".join(re.escape(w) for w in cue.words.split())
        m = re.compile(rf"{words}(?!\w)", re.IGNORECASE).search(text, last.end, last.end + 60)
        if m:
            return m.end()
    return last.end


def _figure_words(cue: Cue, figure: Figure, pair) -> str:
    if cue.qualifier == "range":
        return f"'{cue.span}': range {pair[0].value}-{pair[1].value}" if pair else f"'{cue.span}': range"
    if cue.qualifier == "exact":
        return f"'{figure.text}' is {figure.value}, with no word that qualifies it (exact)"
    return f"'{cue.span}': {cue.qualifier} {figure.value}"

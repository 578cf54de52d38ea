"""Date claims: the dates a text gives, resolved against its publication date.

Mentions are found by meaning/datewords (the reader verify's date checks use): a day and
month, a weekday, or words relative to the time of writing ("yesterday", "el pasado
martes", "earlier in the week"); a month alone ("in April", "en abril de 2014") is read
here. A date without a year takes the latest year that does not put it after publication;
a weekday alone is its last occurrence on or before publication ("el pasado martes" on a
Tuesday: a week before). Each proposal is checked with meaning/dates.check_date.
"""

from __future__ import annotations

import datetime as dt
import re

from ...meaning.dates import check_date
from ...meaning.datewords import Mention, find_mentions, fold, names, relative_words
from .proposal import Proposal, Sentence, locate


def propose_dates(text: str, language: str, sentences: list[Sentence], published: dt.date) -> list[Proposal]:
    out: list[Proposal] = []
    seen: set[str] = set()
    lines = [len(line) + 1 for line in text.split("\n")[:3]]
    dateline = sum(lines)  # a date in the first three lines (headline, dateline) dates the text, not an event
    for sentence in sentences:
        found = _in_sentence(sentence, language, published)
        for start, end, value, why in found:
            if value in seen or (value == published.isoformat() and start < dateline):
                continue
            proposal = _proposal(text, language, sentence, start, end, value, why, published)
            if proposal is not None:
                seen.add(value)
                out.append(proposal)
    return out


def _in_sentence(sentence: Sentence, language: str, published: dt.date) -> list[tuple[int, int, str, str]]:
    """(start, end, value_text, why) for each date of the sentence, offsets into the text."""
    quote, found = sentence.text, []
    mentions = find_mentions(quote, language)
    for mention in mentions:
        value, why = _resolve(mention, quote, language, published)
        if value:
            found.append((sentence.start + mention.start, sentence.start + mention.end, value, why))
    if not mentions:
        relative = relative_words(quote, language, mentions)
        if relative:
            at = quote.find(relative)
            value = _relative(fold(relative), published)
            if value:
                found.append((sentence.start + at, sentence.start + at + len(relative), value,
                              f"'{relative}' counted back from the publication date ({_day(published)})"))
    for start, end, value, why in _months(quote, language, published):
        if not any(a <= sentence.start + start < b for a, b, _, _ in found):
            found.append((sentence.start + start, sentence.start + end, value, why))
    return sorted(found)


def _day(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.isoformat()}"


def _resolve(mention: Mention, quote: str, language: str, published: dt.date) -> tuple[str | None, str]:
    if mention.day is not None and mention.month is not None:
        year = mention.year or (published.year if (mention.month, mention.day) <= (published.month, published.day)
                                else published.year - 1)
        try:
            day = dt.date(year, mention.month, mention.day)
        except ValueError:
            return None, ""
        how = "as written" if mention.year else f"the year from the publication date ({published.isoformat()})"
        return day.isoformat(), f"'{mention.words}': {_day(day)}, {how}"
    if mention.day is not None:  # "el martes 16": the latest such day on or before publication
        for back in range(0, 400):
            day = published - dt.timedelta(days=back)
            if day.day == mention.day and (mention.weekday is None or day.weekday() == mention.weekday):
                return day.isoformat(), f"'{mention.words}': the last {_day(day)} on or before publication"
        return None, ""
    if mention.weekday is not None:
        back = (published.weekday() - mention.weekday) % 7
        before = fold(quote[:mention.start])
        if back == 0 and re.search(r"\b(?:last|pasado|el\s+pasado)\s+$", before):
            back = 7  # "last Tuesday", "el pasado martes" on a Tuesday: the week before
        day = published - dt.timedelta(days=back)
        return day.isoformat(), (f"'{mention.words}': the last {day.strftime('%A')} on or before publication "
                                 f"({published.isoformat()}), {day.isoformat()}")
    return None, ""


_RELATIVE_DAYS = (
    (r"\b(?:yesterday|last\s+night|ayer|anoche)\b", 1),
    (r"\b(?:anteayer|antier)\b", 2),
    (r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|hoy|esta\s+(?:manana|tarde|noche|madrugada))\b", 0),
)


def _relative(words: str, published: dt.date) -> str | None:
    """The value_text of a date given relative to the time of writing, ending at publication."""
    for pattern, back in _RELATIVE_DAYS:
        if re.search(pattern, words):
            return (published - dt.timedelta(days=back)).isoformat()
    monday = published - dt.timedelta(days=published.weekday())
    if re.search(r"\b(?:last\s+week|la\s+semana\s+pasada|la\s+pasada\s+semana)\b", words):
        start = monday - dt.timedelta(days=7)
        return f"{start.isoformat()}/{(start + dt.timedelta(days=6)).isoformat()}"
    if re.search(r"\b(?:week|semana)\b", words) and not re.search(r"\b(?:fin\s+de\s+semana|weekend)\b", words):
        return published.isoformat() if monday == published else f"{monday.isoformat()}/{published.isoformat()}"
    if re.search(r"\b(?:weekend|fin\s+de\s+semana)\b", words):
        saturday = monday - dt.timedelta(days=2)
        if published.weekday() == 6:
            saturday = published - dt.timedelta(days=1)
        sunday = min(saturday + dt.timedelta(days=1), published)
        return f"{saturday.isoformat()}/{sunday.isoformat()}"
    if re.search(r"\b(?:last\s+month|a\s+month\s+ago|el\s+mes\s+pasado|hace\s+un\s+mes)\b", words):
        last = published.replace(day=1) - dt.timedelta(days=1)
        return f"{last.year:04d}-{last.month:02d}"
    return None


def _months(quote: str, language: str, published: dt.date) -> list[tuple[int, int, str, str]]:
    """A month without a day: "in April", "mid-December", "en abril de 2014"."""
    months = {name.rstrip("."): n for name, n in names(language)[0].items()}
    alternation = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    lead = (r"(?:in|since|during|until|mid-|early|late|early\s+in|late\s+in|of)\s+" if language == "en" else
            r"(?:en|desde|durante|hasta|de|a\s+(?:mediados|principios|finales|inicios)\s+de)\s+")
    year = r"(?:,?\s+(?:of\s+|de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?"
    pattern = rf"(?<!\w)(?P<lead>{lead})?(?P<month>{alternation})(?!\w){year}"
    out = []
    folded = fold(quote)
    for m in re.finditer(pattern, folded):
        raw = quote[m.start("month"):m.end("month")]
        if language == "en" and not raw[:1].isupper():
            continue  # "may" the verb
        if language == "es" and raw[:1].isupper() and m.start("month") > 0:
            continue  # "Mayo" mid-sentence is a name
        if not m.group("lead") and not m.group("year"):
            continue
        if re.match(r"\s*\d", folded[m.end():]) or re.search(r"\d\s*(?:de\s+)?$", folded[:m.start("month")]):
            continue  # a day and month: find_mentions reads those
        month = months[m.group("month")]
        if m.group("year"):
            number = int(m.group("year"))
        else:
            number = published.year if month <= published.month else published.year - 1
        how = "as written" if m.group("year") else "the year from the publication date"
        start = m.start("lead") if m.group("lead") and not m.group("lead").strip().startswith("-") else m.start()
        out.append((start, m.end(), f"{number:04d}-{month:02d}", f"'{quote[start:m.end()].strip()}': a month, {how}"))
    return out


def _proposal(text, language, sentence, start, end, value, why, published) -> Proposal | None:
    def fits(quote: str) -> bool:
        return not check_date(quote, language, value, published)

    lead = re.search(r"\b(?:el\s+pasado|el\s+próximo|este\s+pasado|el|last|this\s+past)\s+$",
                     text[sentence.start:start], re.IGNORECASE)
    if lead and fits(text[sentence.start + lead.start():end]):
        start = sentence.start + lead.start()  # "el pasado martes", "last Tuesday": the words that date it
    quote, occurrence, at = locate(text, start, end)
    if not fits(quote):
        return None
    note = None
    if not re.search(r"(?:19|20)\d\d", quote):
        note = f"{why}."
    return Proposal("date", "date", at, quote, occurrence, value_text=value, note=note, why=[why])

"""Dates as a quote words them, in English and Spanish: weekdays, days with their month
("Tuesday, December 16", "el lunes 25 de mayo de 2015", "the 6th of January", "el martes
16") and relative expressions ("earlier in the week", "ayer", "a principios de semana").

Month and weekday names come from CLDR through babel, loaded on first use: no hand list
to keep up, and no cost when a build has no date claim. Matching runs on a folded copy
of the quote (lower case, accents off, one character for one) so that "Miércoles",
"miercoles" and "MIÉRCOLES" read alike while spans still index the quote itself.

Precision first: what could be something other than the event's date is left out
(a verb "may", the name "Domingo", "5 de Mayo" street, "said Monday", "next Monday",
"after the December 16 clash", "the 16th Battalion", "25 de los 43").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

LANGUAGES = ("en", "es")
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)"
_TIME_OF_DAY = {"en": r"(?:\s+(?:night|morning|afternoon|evening))?",
                "es": r"(?:\s+(?:en\s+la\s+|por\s+la\s+)?(?:noche|manana|tarde|madrugada))?"}
# a day with no month after it ("el martes 16", "on the 16th") counts only where the number
# clearly ends a date: before punctuation, the end, or a word that cannot be what it counts
_DAY_ENDS = {"en": r"(?=\s*(?:[,.;:)]|$))",
             "es": r"(?=\s*(?:[,.;:)]|$)|\s+(?:en|por|a|al|y|cuando|durante|desde|hasta|tras)\b)"}
# words before a weekday or date that make it the date of a report, not of the event
# ("police said on Monday", "told reporters Tuesday", "informó el martes")
_REPORTED = {
    "en": r"\b(?:(?:said|says|told|reported|announced|confirmed|stated|added|wrote|dated)"
          r"(?:\s+(?:reporters|journalists|the\s+press|in\s+a\s+statement))?"
          r"|(?:published|released|issued|posted|uploaded|broadcast|aired)(?:\s+[\w’']+){0,4}?"
          r"|statement|press\s+conference)\s+(?:(?:on|this|last|late|early)\s+)?$",
    "es": r"\b(?:(?:dijo|dijeron|informo|informaron|declaro|anuncio|reporto|senalo|confirmo|afirmo"
          r"|indico|explico|aseguro|preciso|detallo)(?:\s+a\s+(?:la\s+prensa|los\s+medios"
          r"|periodistas|reporteros))?|(?:publico|publicado|publicada|difundio|difundido|difundida|emitio"
          r"|emitido|subido|subida)(?:\s+[\w’']+){0,4}?|comunicado|conferencia(?:\s+de\s+prensa)?)"
          r"\s+(?:(?:el|este|el\s+pasado)\s+)?$",
}
# a word right before a weekday or date that makes it what the event's date is reckoned
# from, not that date ("two days after the December 16 clash", "después del 16 de diciembre")
_ANCHORED = {
    "en": r"\b(?:after|before|since|following|until|till|by|ahead\s+of|prior\s+to)\s+(?:the\s+)?$",
    "es": r"\b(?:despues|antes|desde|tras|luego|hasta|a\s+raiz|previo)(?:\s+(?:de|del|al|a|el))*\s+$",
}
# a weekday still to come, or every Monday
_FUTURE_BEFORE = {"en": r"\b(?:next|coming|every|each)\s+$",
                  "es": r"\b(?:proximo|cada|los|todos\s+los)\s+(?:dias\s+)?$"}
_FUTURE_AFTER = {"en": r"^\s+next\b", "es": r"^\s+(?:proximo|que\s+viene|entrante)\b"}
# "calle 5 de mayo", "colonia 16 de septiembre": Mexican streets and places named for dates
_PLACE_BEFORE = r"\b(?:calle|avenida|av|col|colonia|plaza|bulevar|boulevard|blvd|calzada|escuela|ejido|" \
                r"fraccionamiento|barrio|glorieta|puente|mercado|unidad|esquina|cinco)\.?\s+(?:el\s+)?$"
# the event's date reckoned from another ("on the eve of the June 7 election", "two days
# after", "al día siguiente"): a date the quote names may be that other one
_RECKONED = {
    "en": r"\b(?:eve|(?:the\s+)?(?:day|night|morning|week|weekend)\s+(?:before|after|earlier|later)"
          r"|(?:a|an|one|two|three|four|five|six|\d+|several|few)\s+(?:days?|nights?|weeks?|hours?)"
          r"\s+(?:before|after|earlier|later))\b",
    "es": r"\b(?:vispera|al\s+dia\s+siguiente|(?:el\s+dia|la\s+noche)\s+(?:anterior|siguiente)"
          r"|(?:un|una|dos|tres|cuatro|cinco|seis|\d+|varios|varias|unos|unas)\s+(?:dias?|noches?|semanas?|horas?)"
          r"\s+(?:antes|despues|mas\s+tarde))\b",
}
_RELATIVE = {
    "en": r"\b(?:yesterday|today|tonight|last\s+(?:night|week(?:end)?|month|year)"
          r"|this\s+(?:morning|afternoon|evening|week(?:end)?|month|year)"
          r"|earlier\s+(?:in\s+the|this)\s+(?:week|month|year)|(?:early|late|later)\s+(?:in\s+the|this)\s+week"
          r"|(?:at\s+the\s+)?(?:start|beginning)\s+of\s+(?:the|this)\s+week|over\s+the\s+weekend"
          r"|(?:hours|days?|weeks?|months?)\s+ago|recently|the\s+(?:previous|past)\s+(?:day|night|week(?:end)?"
          r"|few\s+days))\b",
    "es": r"\b(?:ayer|anteayer|antier|anoche|hoy|esta\s+(?:manana|tarde|noche|madrugada|semana)"
          r"|este\s+(?:mes|ano|fin\s+de\s+semana)|(?:la\s+semana|el\s+mes|el\s+ano|el\s+fin\s+de\s+semana)\s+pasad[oa]"
          r"|la\s+pasada\s+semana|el\s+pasado\s+(?:mes|ano|fin\s+de\s+semana)"
          r"|a\s+(?:principios|inicios|comienzos|mediados|finales)\s+(?:de\s+(?:(?:la|esta)\s+)?semana"
          r"|de\s+(?:este\s+)?mes|del?\s+(?:este\s+)?ano)"
          r"|(?:durante|en)\s+el\s+fin\s+de\s+semana|hace\s+(?:\w+\s+)?(?:horas|dias|semanas|meses)"
          r"|recientemente|dias\s+atras|en\s+dias\s+pasados)\b",
}


@dataclass(frozen=True)
class Mention:
    """A date, or part of one, as the quote words it."""

    start: int
    end: int
    words: str                # the quote's own words, for messages
    weekday: int | None       # 0 = Monday
    day: int | None
    month: int | None
    year: int | None


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of text."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@cache
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


@cache
def names(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """({folded month name: 1..12}, {folded weekday name: 0..6}) of a language, from CLDR."""
    from babel.dates import get_day_names, get_month_names

    months = {fold(name): number for number, name in get_month_names("wide", locale=language).items()}
    if language == "en":  # news style "Dec. 16", "Sept. 26": an abbreviation only with its full stop
        for variant in ("en", "en_GB"):  # CLDR's "Sep", and British "Sept"
            months |= {fold(name) + ".": number
                       for number, name in get_month_names("abbreviated", locale=variant).items()}
    weekdays = {fold(name): number for number, name in get_day_names("wide", locale=language).items()}
    return months, weekdays


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns(language: str) -> tuple[tuple[re.Pattern, ...], re.Pattern]:
    """(date forms, most specific first: a day with its month, or a weekday with a day;
    a weekday alone). Each form names its parts weekday, day, month, year."""
    months, weekdays = names(language)
    month = rf"(?P<month>{_alternation(months)})(?!\w)"
    weekday = rf"(?P<weekday>{_alternation(weekdays)})\b"
    time, ends = _TIME_OF_DAY[language], _DAY_ENDS[language]
    forms: tuple[str, ...]
    if language == "en":
        lead = rf"(?:{weekday}{time},?\s+(?:the\s+)?)?"
        forms = (
            rf"{lead}{month}\s+(?P<day>\d{{1,2}}){_ORDINAL}?(?![\d:\w])(?:,?\s+{_YEAR})?",
            rf"{lead}(?P<day>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?{month}(?:,?\s+{_YEAR})?",
            rf"{weekday}{time},?\s+(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}{ends}",
            rf"\bon\s+the\s+(?P<day>\d{{1,2}}){_ORDINAL}{ends}",
        )
    else:
        lead = rf"(?:(?:el\s+)?(?:pasado\s+)?{weekday}{time},?\s+)?"
        forms = (
            rf"{lead}(?:el\s+)?(?:dia\s+)?(?P<day>\d{{1,2}}|primero)\s*(?:º|°|o\.?)?\s+de\s+{month}"
            rf"(?:\s+(?:de|del)\s+{_YEAR})?",
            rf"{weekday}{time},?\s+(?P<day>\d{{1,2}}){ends}",
            rf"\bel\s+dia\s+(?P<day>\d{{1,2}}){ends}",
        )
    return tuple(re.compile(rf"(?<!\w)(?:{form})") for form in forms), re.compile(rf"(?<!\w){weekday}")


def find_mentions(quote: str, language: str) -> list[Mention]:
    """The dates and weekdays in quote that name the event's date, left to right."""
    language = language if language in LANGUAGES else "en"
    months, weekdays = names(language)
    forms, lone = _patterns(language)
    folded = fold(quote)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []  # spans already read by a more specific form
    for form in forms:
        for m in form.finditer(folded):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            mention = _mention(quote, folded, m, language, months, weekdays)
            if mention is not None:
                found.append(mention)
                taken.append((m.start(), m.end()))
    for m in lone.finditer(folded):
        at = m.start("weekday")
        if any(a <= at < b for a, b in taken) or not _weekday_is_a_date(quote, folded, at, language):
            continue
        if not _reported(folded, at, language):
            found.append(Mention(at, m.end(), quote[at:m.end()], weekdays[m.group("weekday")], None, None, None))
    return sorted(found, key=lambda mention: mention.start)


def _mention(quote: str, folded: str, m: re.Match, language: str, months: dict, weekdays: dict) -> Mention | None:
    groups = m.groupdict()
    month, weekday = groups.get("month"), groups.get("weekday")
    if month is not None and not _month_is_a_date(quote, folded, m.start(), m.start("month"), language):
        return None
    if weekday is not None and not _weekday_is_a_date(quote, folded, m.start("weekday"), language):
        if month is None:
            return None
        weekday = None  # "Domingo 25 de mayo" as a name: keep the date, drop the weekday
    if _reported(folded, m.start(), language):
        return None
    day = 1 if groups["day"] == "primero" else int(groups["day"])
    if not 1 <= day <= 31:
        return None
    year = groups.get("year")
    return Mention(m.start(), m.end(), quote[m.start():m.end()].strip(),
                   weekdays[weekday] if weekday else None, day,
                   months[month] if month else None, int(year) if year else None)


def _month_is_a_date(quote: str, folded: str, start: int, month_at: int, language: str) -> bool:
    if language == "en":
        # English capitalizes months; "may" in lower case is the verb
        return quote[month_at].isupper() and not re.search(r"\b(?:in|during)\s+$", folded[:month_at])
    # Spanish writes months in lower case: "16 de Septiembre" is a street, a school, a town
    word = re.match(r"\w+", quote[month_at:]).group(0)  # type: ignore[union-attr]
    return not _capitalized(word) and not re.search(_PLACE_BEFORE, folded[:start])


def _capitalized(word: str) -> bool:
    """A capital and then lower case ("Mayo"), not a word in capitals ("MAYO", a headline's)."""
    return word[:1].isupper() and not word.isupper()


def _weekday_is_a_date(quote: str, folded: str, at: int, language: str) -> bool:
    end = at + len(re.match(r"\w+", folded[at:]).group(0))  # type: ignore[union-attr]
    if re.search(_FUTURE_BEFORE[language], folded[:at]) or re.search(_FUTURE_AFTER[language], folded[end:]):
        return False
    if language == "en":
        # "Sunday Times", "Monday Night Football": a weekday inside a name
        following = re.match(r"\s+([A-Z]\w*)", quote[end:])
        return not (following and fold(following.group(1)) not in names("en")[0])
    if _capitalized(quote[at:end]):
        # Spanish weekdays are lower case: a capital mid-sentence, or before another
        # capitalized word, is a name ("Domingo Pérez", "Viernes Santo")
        sentence_start = re.search(r"(?:^|[.!?¡¿:;\"“«(\n])\s*$", quote[:at]) is not None
        return sentence_start and not re.match(r"\s+[A-ZÁÉÍÓÚÑ]", quote[end:])
    return True


def _reported(folded: str, at: int, language: str) -> bool:
    """Whether the words before at make the date there a report's, or an anchor of the event's."""
    before = folded[max(0, at - 60):at]
    return re.search(_REPORTED[language], before) is not None or re.search(_ANCHORED[language], before) is not None


def relative_words(quote: str, language: str, mentions: list[Mention] | None = None) -> str | None:
    """The quote's words that date the event against the time of writing, if any:
    "yesterday", "earlier in the week", "la semana pasada", or a weekday named alone.
    None when the quote also names a month or a year: the date is then written out
    ("seized it in January, and today holds it"), and "today" may be of something else."""
    language = language if language in LANGUAGES else "en"
    folded = fold(quote)
    if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", folded) or _names_a_month(quote, folded, language):
        return None
    match = re.search(_RELATIVE[language], folded)
    if match:
        return quote[match.start():match.end()]
    if mentions is None:
        mentions = find_mentions(quote, language)
    lone = [m for m in mentions if m.weekday is not None and m.day is None]
    return lone[0].words if lone else None


def reckoned(quote: str, language: str) -> bool:
    """Whether the quote may date the event from another date, or from the time of
    writing: then a date it names need not be the event's ("the detainees of 4 January
    were freed yesterday", "on the eve of the June 7 election")."""
    language = language if language in LANGUAGES else "en"
    folded = fold(quote)
    return any(re.search(table[language], folded) for table in (_RECKONED, _RELATIVE))


@cache
def _month_names(language: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alternation({n.rstrip('.') for n in names(language)[0]})})(?!\w)")


def _names_a_month(quote: str, folded: str, language: str) -> bool:
    # English "may" in lower case is the verb
    return any(language != "en" or quote[m.start()].isupper() for m in _month_names(language).finditer(folded))

"""The figures a text states, in English or Spanish, with where each is written.

Number words are read by text2num (its find_numbers gives each number's tokens, so
offsets into the text, and tells ordinals apart); digits, "a dozen" and the contexts
that make a number something other than a count of people are read here.

A figure is strong when it can only be a count ("14", "seis", "a dozen") and weak when it
may be something else: an article ("a", "un", "una"), "both", a year, a day of the month,
an hour, an age, a unit ("3 days", "40%") or a model ("AK-47"). A weak figure can confirm a
coded value but never contradicts one: precision first. Ordinals ("the second", "1st",
"la primera") and vague plurals ("hundreds", "cientos", "dozens") are no figures at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import find_numbers

LANGUAGES = ("en", "es")  # the languages whose number words are read; digits are read in any


@dataclass(frozen=True)
class Figure:
    value: int
    start: int  # offsets into the text read
    end: int
    text: str  # as written
    weak: bool = False  # may be something other than a count: confirms a value, never contradicts one

    def shown(self) -> str:
        """'seis' (6), or '14' when the text is the digits themselves."""
        return f"'{self.text}'" if self.text == str(self.value) else f"'{self.text}' ({self.value})"


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Digits with thousands in groups of three: 1,500 and 1.500 (Spanish) and 1 500 (a no-break
# space); a decimal part is kept so that "1.5 millones" reads as 1,500,000 and "1.5" as no count.
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:([,.\u00a0\u202f])\d{3})(?:\2\d{3})*|\d+)(?:[.,](\d+))?(?![\w°º])")
# text2num's Spanish misses the apocope "veintiún" and unaccented spellings of a few tens
_SPELLINGS = {"veintiún": "veintiuno", "veintiun": "veintiuno", "veintidos": "veintidós",
              "veintitres": "veintitrés", "veintiseis": "veintiséis"}
# A single word that multiplies what precedes it (or stands alone); plurals are vague.
_MAGNITUDES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "mil": 1000, "millón": 1_000_000,
               "millones": 1_000_000}
_VAGUE = {"hundreds", "thousands", "millions", "cientos", "miles", "millones", "centenares", "millares"}
# Collective nouns for a count that the libraries do not read: "a dozen", "una docena", "un centenar".
_GROUPS = {"dozen": 12, "docena": 12, "centenar": 100, "millar": 1000}
_HALF = {"half", "media"}
_ARTICLES = {"en": {"a", "an"}, "es": {"un", "una"}}
_BOTH = {"both", "ambos", "ambas"}
# The word after a number that makes it a measure, a time or an age rather than a count of people.
_UNITS = {
    "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "night", "nights", "morning", "afternoon", "evening", "point", "time", "times",
    "percent", "cent", "km", "kilometers", "kilometres", "miles", "meters", "metres", "mm", "caliber",
    "calibre", "pesos", "dollars", "usd", "mxn", "am", "pm",
    "año", "años", "mes", "meses", "semana", "semanas", "día", "días", "hora", "horas", "hrs", "minuto",
    "minutos", "noche", "noches", "mañana", "tarde", "vez", "veces", "ciento", "kilómetros", "metros",
    "milímetros", "dólares",
}
# English month names are written with a capital ("May 6", not "may have"); Spanish ones are not.
_MONTHS_EN = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
              "Nov", "Dec"}
_MONTHS_ES = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
              "octubre", "noviembre", "diciembre"}
_BEFORE = {"aged", "edad", "número", "núm", "highway", "route", "carretera", "km", "kilómetro", "kilometer",
           "article", "artículo", "page", "página", "calle", "street", "avenida", "avenue"}


def _month(word: str) -> bool:
    return word in _MONTHS_EN or word.lower() in _MONTHS_ES


class _Token:
    """A word, space or sign as text2num's find_numbers reads it (its Token protocol)."""

    def __init__(self, text: str, start: int, skip: bool = False) -> None:
        self.raw, self.start, self.skip = text, start, skip

    def text(self) -> str:
        return _SPELLINGS.get(self.raw.lower(), self.raw)

    def nt_separated(self, previous) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self.skip


def _tokens(text: str, language: str) -> list[_Token]:
    tokens = [_Token(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    words = [i for i, t in enumerate(tokens) if not t.raw.isspace()]
    for n, i in enumerate(words):
        word = tokens[i].raw.lower()
        before = tokens[words[n - 1]].raw.lower() if n else ""
        after = tokens[words[n + 1]].raw.lower() if n + 1 < len(words) else ""
        # "unos 30" is "about 30", not 1 and 30; "no one", "one another" count nobody; "por ciento" is %
        if (language == "es" and (word in {"unos", "unas"} or (word == "ciento" and before == "por"))) or \
                (language == "en" and word == "one" and (before == "no" or after == "another")):
            tokens[i].skip = True
    return tokens


def find_figures(text: str, language: str) -> list[Figure]:
    """Every figure the text states, in order; see the module's docstring for weak figures."""
    tokens = _tokens(text, language)
    figures = _digits(text)
    if language in LANGUAGES:
        for occ in find_numbers(tokens, language, 0.0):
            if occ.is_ordinal or occ.value != int(occ.value):
                continue
            first, last = tokens[occ.start], tokens[occ.end - 1]
            start, end = first.start, last.start + len(last.raw)
            word = text[start:end].lower()
            if word in _MAGNITUDES and (merged := _multiply(text, figures, start, end, _MAGNITUDES[word])):
                figures[figures.index(merged[0])] = merged[1]
                continue
            if word in _VAGUE:
                continue
            if word in {"hundred", "thousand", "million"}:  # "a hundred": the article is part of it
                start = _article_before(text, start, language) or start
            weak = language == "es" and word in _ARTICLES["es"]
            figures.append(Figure(int(occ.value), start, end, text[start:end], weak))
    figures = _groups(text, figures, language)
    if language == "es":
        figures = _thousands_and_digits(text, figures)
    figures += _articles(text, figures, language)
    return sorted((_weaken(text, f) for f in figures), key=lambda f: f.start)


def _digits(text: str) -> list[Figure]:
    out = []
    for m in _DIGITS.finditer(text):
        whole = re.sub(r"\D", "", m.group(1))
        decimals = m.group(3)
        value = float(f"{whole}.{decimals}") if decimals else int(whole)
        # a decimal is no count unless a magnitude follows ("1.5 millones"): kept weak until then
        out.append(Figure(int(value), m.start(), m.end(), m.group(), weak=isinstance(value, float)))
    return out


def _multiply(text: str, figures: list[Figure], start: int, end: int, factor: int):
    """'2 mil', '1.5 million': the digits before a magnitude word, multiplied by it."""
    for figure in figures:
        if figure.end <= start and not text[figure.end:start].strip():
            digits = text[figure.start:figure.end]
            number = float(digits.replace(",", ".")) if re.fullmatch(r"\d+[.,]\d{1,2}", digits) else figure.value
            return figure, Figure(int(number * factor), figure.start, end, text[figure.start:end])
    return None


def _thousands_and_digits(text: str, figures: list[Figure]) -> list[Figure]:
    """'mil 500', '2 mil 300': Mexican papers write the thousands in words and the rest in digits."""
    out = sorted(figures, key=lambda f: f.start)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        if (a.text.lower().endswith("mil") and a.value % 1000 == 0 and re.fullmatch(r"\d{1,3}", b.text)
                and re.fullmatch(r"\s+", text[a.end:b.start])):
            out[i:i + 2] = [Figure(a.value + b.value, a.start, b.end, text[a.start:b.end])]
        i += 1
    return out


def _article_before(text: str, start: int, language: str) -> int | None:
    m = re.search(r"\b(\w+)\s+$", text[:start])
    return m.start(1) if m and m.group(1).lower() in _ARTICLES.get(language, set()) else None


def _groups(text: str, figures: list[Figure], language: str) -> list[Figure]:
    """'a dozen' 12, 'two dozen' 24, 'half a dozen' 6, 'una docena' 12, 'un centenar' 100."""
    out = list(figures)
    for m in re.finditer(r"\b(" + "|".join(_GROUPS) + r")\b", text, re.IGNORECASE):
        size = _GROUPS[m.group(1).lower()]
        before = [f for f in out if f.end <= m.start() and not text[f.end:m.start()].strip()]
        half = re.search(r"\b(\w+)\s+(a|una|)\s*$", text[:m.start()])
        if half and half.group(1).lower() in _HALF:
            start, value = half.start(1), size // 2
        elif before:
            out.remove(before[0])
            start, value = before[0].start, before[0].value * size
        else:
            start, value = _article_before(text, m.start(), language) or m.start(), size
        out.append(Figure(value, start, m.end(), text[start:m.end()]))
    return out


def _articles(text: str, figures: list[Figure], language: str) -> list[Figure]:
    """English 'a'/'an' and 'both'/'ambos' as weak figures (Spanish 'un'/'una' come from text2num)."""
    words = (_ARTICLES["en"] if language == "en" else set()) | _BOTH
    covered = [(f.start, f.end) for f in figures]
    out = []
    for m in re.finditer(r"\b\w+\b", text):
        word = m.group().lower()
        if word in words and not any(s <= m.start() < e for s, e in covered):
            nxt = re.match(r"\s*(\S)", text[m.end():])
            if word in _ARTICLES["en"] and nxt and nxt.group(1).isdigit():
                continue
            out.append(Figure(2 if word in _BOTH else 1, m.start(), m.end(), m.group(), weak=True))
    return out


def _weaken(text: str, figure: Figure) -> Figure:
    """The figure, weak if it may be a year, date, time, age, measure or model name."""
    if figure.weak:
        return figure
    digits = figure.text.isdigit()
    weak = (digits and len(figure.text) == 4 and 1900 <= figure.value <= 2100) or _after(text, figure.end) \
        or _before(text, figure.start)
    return Figure(figure.value, figure.start, figure.end, figure.text, True) if weak else figure


def _after(text: str, end: int) -> bool:
    rest = text[end:end + 40]
    if re.match(r"\s*(%|:\d|[ap]\.\s?m\.|o[’']clock)", rest, re.IGNORECASE):
        return True
    m = re.match(r"[\s-]*([^\W\d]+)(?:[\s-]+([^\W\d]+))?(?:\s+([^\W\d]+))?", rest)
    if not m:
        return False
    word, second, third = (g or "" for g in m.groups())
    if word.lower() == "de":  # "6 de enero", "a las 6 de la mañana"
        return _month(second) or (second == "la" and third in {"mañana", "tarde", "noche"})
    if word.lower() in {"por", "per"}:  # "40 por ciento", "40 per cent"
        return second.lower() in {"ciento", "cent"}
    return word.lower() in _UNITS or _month(word)


def _before(text: str, start: int) -> bool:
    head = text[max(0, start - 30):start]
    if re.search(r"([A-Za-z]-|\$|\d:|\bNo\.\s*)$", head):  # "AK-47", "$500", "10:30", "No. 5"
        return True
    m = re.search(r"([^\W\d]+)\s*$", head)
    return m is not None and (m.group(1).lower() in _BEFORE or _month(m.group(1)))

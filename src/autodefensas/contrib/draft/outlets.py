"""Who says it: the outlet a sentence cites, its claimant as written, and hedging words.

A sentence's attribution covers the whole sentence ("..., reported El Universal"), as the
coding guide asks. Outlets are matched to seeds/registry/outlets.yaml by name (folded, a
leading article dropped, fuzzy with rapidfuzz, or an agency's initials: "the AP"); a
name the registry lacks is proposed as a new outlet entry for the reviewer to paste.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...meaning.datewords import fold

# A name: capitalized words, with the small words inside names ("El Sol de Morelia").
_NAME = r"(?:[A-ZÁÉÍÓÚÑ][\w’'&.-]*)(?:\s+(?:(?:de|del|la|las|los|el|of|the|y)\s+)?[A-ZÁÉÍÓÚÑ][\w’'&.-]*){0,4}"
# An article, then a word that says what kind of outlet follows ("el diario X", "the news agency X").
_ARTICLE = r"(?:(?:the|el|la|los|las)\s+)?(?:(?P<kind>news\s+agency|newspaper|news\s+site|agency|daily|diario|"\
           r"periódico|portal|agencia|semanario|revista|noticiero)\s+)?"
# Cited outlet patterns, per language (the verbs in any case: "Según Milenio"). VSO: the Spanish
# order that puts the claimant between the verb and the outlet, or after the outlet ("dijeron
# vecinos a La Jornada", "dijo a Quadratín un funcionario estatal").
_CITES = {
    "en": (rf"\b(?i:reported|reports|reporting\s+by|according\s+to|told|cited\s+by|quoted\s+by|via|"
           rf"in\s+an\s+interview\s+with|speaking\s+to)\s+{_ARTICLE}(?P<name>{_NAME})",
           rf"(?P<name>{_NAME})\s+(?:reported|reports|has\s+reported|newspaper|daily)\b"),
    "es": (rf"\b(?i:informó|informa|reportó|reporta|publicó|publica|según|de\s+acuerdo\s+con|dijo\s+a|dijeron\s+a|"
           rf"declaró\s+a|declararon\s+a|contó\s+a|relató\s+a|explicó\s+a|aseguró\s+a|citad[oa]s?\s+por|"
           rf"en\s+entrevista\s+con|en\s+declaraciones\s+a)\s+{_ARTICLE}(?P<name>{_NAME})",
           rf"(?P<name>{_NAME})\s+(?:informó|reportó|publicó)\b"),
}
_VSO = (r"\b(?i:dijo|dijeron|declaró|declararon|contó|contaron|relató|relataron|explicó|explicaron|aseguró|"
        r"aseguraron|señaló|señalaron|afirmó|afirmaron|confirmó|confirmaron)\s+"
        rf"(?P<who>(?:[\w’'.-]+\s+){{1,6}}?)a\s+{_ARTICLE}(?P<name>{_NAME})")
_OSV = (r"\b(?i:dijo|dijeron|declaró|declararon|contó|contaron|relató|relataron|explicó|explicaron|aseguró|"
        rf"aseguraron|señaló|señalaron|afirmó|afirmaron|confirmó|confirmaron)\s+a\s+{_ARTICLE}(?P<name>{_NAME})"
        r"\s+(?P<who>(?:un|una|unos|unas|el|la|los|las)\s+[\w’'.-]+(?:\s+(?!que\b)[\w’'.-]+){0,6}?)(?=[,.;:]|\s+que\b|$)")
# Words that make a cited name a person or an authority (a claimant), not an outlet.
_NOT_OUTLETS = {
    "police", "authorities", "officials", "prosecutors", "witnesses", "residents", "locals", "the", "he", "she",
    "they", "army", "government", "ministry", "governor", "president", "mayor", "spokesman", "spokeswoman",
    "policía", "autoridades", "fiscalía", "gobierno", "secretaría", "gobernador", "presidente", "alcalde",
    "vocero", "vecinos", "testigos", "pobladores", "ejército", "marina", "defensa", "sedena", "semar",
    "procuraduría", "pgr", "fgr", "ssp", "guardia", "but", "and", "in", "on", "at", "when", "after", "pero",
    "en", "el", "la", "este", "esta", "that", "this", "de", "del", "con", "a", "comisión", "commission",
    "dif", "cndh", "inegi", "sspc", "fge", "pgje", "cisen", "un", "una", "unos", "unas",
}
# What makes a name the registry lacks a news outlet: a media word in it, or a known outlet's name.
_MEDIA_WORDS = {"news", "press", "times", "post", "herald", "journal", "tribune", "radio", "tv", "televisión",
                "noticias", "diario", "periódico", "agencia", "informador", "universal", "milenio", "proceso",
                "excélsior", "jornada", "reforma", "sol", "voz", "noticieros", "daily", "gazette", "ledger",
                "eco", "semanario", "revista", "magazine", "channel", "canal", "noticia", "informativo",
                "crónica", "heraldo", "imparcial", "mañana", "expreso", "vanguardia", "quadratín", "político",
                "financiero", "economista", "excelsior", "reuters", "bloomberg", "univision", "univisión",
                "televisa", "azteca", "telemundo", "notimex", "aristegui", "infobae", "sinembargo", "zeta",
                "ríodoce", "noroeste", "cnn", "bbc", "npr", "vice", "guardian", "insight", "telediario",
                "digital", "online", "mx", "com", "observer", "chronicle", "courier", "dispatch", "globe"}
# Initials that name news agencies, not authorities ("the AP", "según EFE").
_AGENCIES = {"ap", "afp", "efe", "dpa", "ansa", "upi", "cnn", "bbc", "npr", "abc", "nbc", "cbs", "nyt", "wsj"}
# Claimants: "locals said", "police told ...", "said López Obrador", "según vecinos".
_SAID_EN = r"(?:said|says|told|stated|claimed|confirmed|estimated|added|alleged|reported|explained|insisted|denied)"
_SAID_ES = (r"(?:dijo|dijeron|afirmó|afirmaron|aseguró|aseguraron|declaró|declararon|señaló|señalaron|indicó|"
            r"informó|informaron|relató|relataron|narró|narraron|denunció|denunciaron|confirmó|estimó|explicó)")
_CLAIMANT_BEFORE = {
    "en": rf"(?P<who>(?:[\w’'.-]+(?:,\s+[A-ZÁÉÍÓÚÑ][\w’'.-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w’'.-]*)*,)?\s+){{1,8}}?)"
          rf"{_SAID_EN}\b",
    "es": rf"(?P<who>(?:[\w’'.-]+(?:,\s+[A-ZÁÉÍÓÚÑ][\w’'.-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w’'.-]*)*,)?\s+){{1,8}}?)"
          rf"{_SAID_ES}\b",
}
_CLAIMANT_AFTER = {
    "en": rf"\b(?:{_SAID_EN}|according\s+to)\s+(?P<who>(?:the\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,6}}?)(?=[,.;]|$)",
    "es": rf"\b(?:{_SAID_ES}|según|de\s+acuerdo\s+con)\s+(?P<who>(?:el|la|los|las)?\s*[\w’'.-]+"
          rf"(?:\s+[\w’'.-]+){{0,9}}?)(?=[,.;]|\s+que\b|$)",
}
# Words a claimant phrase cannot run back past (the clause before it).
_CLAUSE_STOPS = {"that", "and", "but", "as", "while", "which", "who", "after", "when", "because", "although",
                 "however", "where", "que", "y", "pero", "mientras", "cuando", "donde", "aunque", "tras", "como",
                 "since", "so", "if", "si", "pues", "porque", "ya"}
# Words a claimant phrase does not end on: "La Sedena no confirmó", "Castillo has previously stated".
_TRAILING = {"no", "not", "never", "has", "have", "had", "could", "would", "should", "may", "might", "be", "been",
             "previously", "also", "later", "then", "independently", "officially", "publicly", "reportedly",
             "también", "además", "luego", "después", "ya", "nunca", "había", "ha", "han", "habían"}
_ARTICLES = {"a", "an", "the", "un", "una", "el", "la", "los", "las"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "él", "ella", "ellos", "ellas", "this", "that", "se", "lo"}
HEDGES = {
    "en": r"\b(?:allegedly|alleged|suspected|reportedly|apparently|presumably|purportedly|unconfirmed|"
          r"unclear\s+(?:if|whether))\b",
    "es": r"\b(?:presunt[oa]s?|presuntamente|supuestamente|supuest[oa]s?|al\s+parecer|aparentemente|"
          r"se\s+presume|se\s+presume\s+que|no\s+está\s+claro\s+si)\b",
}


@dataclass(frozen=True)
class Outlet:
    source_id: str
    publisher: str


@dataclass(frozen=True)
class Cited:
    """An outlet a sentence cites: a registry entry, or a name the registry lacks."""

    name: str  # as written
    source_id: str | None  # None: not in the registry
    words: str  # the words that cite it


@dataclass(frozen=True)
class Attribution:
    cited: Cited | None
    claimant: str | None
    claimant_words: str | None
    hedge: str | None  # a hedging word in the sentence


def _key(name: str) -> str:
    words = fold(name).replace("’", "'").split()
    while words and words[0] in {"the", "el", "la", "los", "las", "diario", "periodico"}:
        words = words[1:]
    return " ".join(words).strip(" .,'")


def match_outlet(name: str, outlets: list[Outlet], publisher: str | None = None) -> Outlet | None:
    """The registry outlet name names (fuzzy, accents and a leading article aside), else None."""
    from rapidfuzz import fuzz, process

    key = _key(name)
    if not key:
        return None
    if key.isalpha() and name.strip().isupper() and 2 <= len(key) <= 5:  # "AP": an agency's initials
        for outlet in outlets:
            if "".join(w[0] for w in _key(outlet.publisher).split()) == key:
                return outlet
    choices = {i: _key(o.publisher) for i, o in enumerate(outlets)}
    choices |= {len(outlets) + i: o.source_id.replace("-", " ") for i, o in enumerate(outlets)}
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=88)
    if best is None:
        return None
    return outlets[best[2] % len(outlets)]


def is_publisher(name: str, publisher: str | None) -> bool:
    from rapidfuzz import fuzz

    return bool(publisher) and fuzz.ratio(_key(name), _key(publisher or "")) >= 88


def attribute(sentence: str, language: str, outlets: list[Outlet], publisher: str | None) -> Attribution:
    """Who the sentence cites and who it says claims it, and a hedging word in it."""
    language = language if language in _CITES else "en"
    cited, who = _cited(sentence, language, outlets, publisher)
    claimant: str | None
    words: str | None
    claimant, words = who if who is not None else _claimant(sentence, language, outlets, publisher, cited)
    hedge = re.search(HEDGES[language], sentence, re.IGNORECASE)
    return Attribution(cited, claimant, words, hedge.group() if hedge else None)


def _cited(sentence: str, language: str, outlets: list[Outlet],
           publisher: str | None) -> tuple[Cited | None, tuple[str, str] | None]:
    """The outlet the sentence cites, and the claimant when the same words name both
    ("dijeron vecinos a La Jornada": La Jornada and "vecinos")."""
    patterns = [(p, False) for p in _CITES[language]]
    if language == "es":
        patterns = [(_VSO, True), (_OSV, True), *patterns]
    for pattern, with_who in patterns:
        for m in re.finditer(pattern, sentence):
            name = _trim(m.group("name"))
            if not name or is_publisher(name, publisher):
                continue
            outlet = match_outlet(name, outlets)
            if outlet is not None:
                cited = Cited(name, outlet.source_id, m.group().strip())
            elif (_key(name) or "the").split()[0].strip(".") in {fold(w) for w in _NOT_OUTLETS} or not (
                    m.groupdict().get("kind") or _media_like(name)):
                continue
            else:
                cited = Cited(name, None, m.group().strip())
            who = _clause_tail(m.group("who")) if with_who else ""
            if with_who and not (who and _a_claimant(who, outlets, publisher, cited, language)):
                continue
            return cited, ((who, m.group().strip()) if with_who else None)
    return None, None


def _trim(name: str) -> str:
    """A name without the sentence words caught after it ("Reuters On")."""
    words = name.rstrip(".,").split()
    while words and fold(words[-1]) in {"on", "in", "that", "el", "la", "que", "de", "del", "the", "of"}:
        words.pop()
    return " ".join(words)


def _media_like(name: str) -> bool:
    """A name the registry lacks is an outlet only when it looks like one: a media word in it
    ("Noticias", "Herald", "Diario"), a known outlet's name, a site ("Zona Franca MX"), or a
    news agency's initials ("the AP", "EFE"); an authority's initials ("DIF", "PGR") are not."""
    words = [fold(w) for w in re.findall(r"\w+", name)]
    if set(words) & {fold(w) for w in _MEDIA_WORDS}:
        return True
    return name.isupper() and fold(name) in _AGENCIES


def _claimant(sentence, language, outlets, publisher, cited) -> tuple[str | None, str | None]:
    for m in re.finditer(_CLAIMANT_BEFORE[language], sentence):
        who = _clause_tail(m.group("who"))
        if who and _a_claimant(who, outlets, publisher, cited, language):
            return who, m.group().strip()
    for m in re.finditer(_CLAIMANT_AFTER[language], sentence, re.IGNORECASE):
        who = m.group("who").strip().rstrip(".,;")
        if who and _a_claimant(who, outlets, publisher, cited, language) and not re.match(r"\d", who):
            return who, m.group().strip()
    return None, None


def _clause_tail(words: str) -> str:
    """The claimant at the end of words: cut after the last clause word ("and locals" -> "locals")."""
    tokens = words.split()
    for i in range(len(tokens) - 1, -1, -1):
        if fold(tokens[i]).strip(",") in _CLAUSE_STOPS or re.search(r"\d", tokens[i]):
            tokens = tokens[i + 1:]
            break
    while tokens and fold(tokens[-1]).strip(",") in {fold(w) for w in _TRAILING}:
        tokens.pop()
    if tokens and fold(tokens[-1]) in _ARTICLES:
        return ""  # "an estimated 60": an adjective, not a verb of saying
    return " ".join(tokens).strip(" ,.;")


_PREPOSITIONS = {"on", "in", "at", "of", "for", "with", "from", "by", "to", "en", "de", "con", "por", "para",
                 "desde", "durante", "sobre", "a", "al", "del"}


def _a_claimant(who: str, outlets, publisher, cited, language: str) -> bool:
    first = fold(who.split()[0])
    if language == "en" and first == "a":
        first = ""  # "a police officer": an article, not the Spanish preposition
    if fold(who) in _PRONOUNS or len(who) < 3 or first in _PREPOSITIONS or first in _PRONOUNS - {"este", "esta"} \
            or re.search(r"\d", who):
        return False
    if cited is not None and (_key(who) == _key(cited.name) or _key(cited.name) in _key(who)):
        return False
    return match_outlet(who, outlets) is None and not is_publisher(who, publisher)

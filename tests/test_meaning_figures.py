"""Figures and qualifiers against the quote (meaning/numbers.py, meaning/figures.py).

Sentences written for these tests, in English and Spanish, in both directions: a miscoding
is caught, the correct coding is quiet. Then two short articles (tests/fixtures/meaning/),
added to a copy of the fixture dataset: they verify clean, and each deliberate miscoding of
a value or a qualifier is reported at its sheet line with a fix.
"""

import re
import shutil

import pytest

from autodefensas import build, verify
from autodefensas.meaning.figures import CUES, RANGE_JOINERS, RANGE_PAIRS, check_figure, cue_of, ranges
from autodefensas.meaning.numbers import find_figures
from conftest import REPO, find_line, replace_line

# --- reading figures -------------------------------------------------------------------------

FIGURES = [
    ("en", "fourteen civilians and one soldier died", [14, 1]),
    ("en", "the 2014 disappearances of 43 students", [43]),
    ("en", "between 1,500 and 2,000 members", [1500, 2000]),
    ("en", "some 60-80 troops", [60, 80]),
    ("en", "a dozen police and half a dozen guards, two dozen in all", [12, 6, 24]),
    ("en", "twenty-three people, a hundred more", [23, 100]),
    ("en", "the second attack killed 3; the 1st left none", [3]),
    ("en", "no one was hurt; they fired at one another", []),
    ("en", "dozens were hurt and hundreds fled", []),
    ("en", "a 16-year-old with an AK-47 was shot at 10:30 on May 2, 40% of them", []),
    ("en", "seven may have died", [7]),
    ("es", "Seis personas perdieron la vida", [6]),
    ("es", "once muertos y quince heridos", [11, 15]),
    ("es", "veintitrés detenidos y veintiún heridos", [23, 21]),
    ("es", "mil quinientos comuneros", [1500]),
    ("es", "1.500 policías y 2 mil soldados", [1500, 2000]),
    ("es", "unos treinta hombres", [30]),
    ("es", "una docena de agentes y un centenar de vecinos", [12, 100]),
    ("es", "el 6 de enero a las 6 de la mañana, el 40 por ciento, la primera vez", []),
    ("es", "decenas de heridos y cientos de desplazados", []),
]


@pytest.mark.parametrize(("language", "text", "values"), FIGURES)
def test_strong_figures(language, text, values):
    assert [f.value for f in find_figures(text, language) if not f.weak] == values


def test_articles_and_years_are_weak_figures():
    english = {(f.text, f.value) for f in find_figures("a soldier and both guards, in 2015", "en") if f.weak}
    assert english == {("a", 1), ("both", 2), ("2015", 2015)}
    spanish = {(f.text, f.value) for f in find_figures("murió un policía", "es") if f.weak}
    assert spanish == {("un", 1)}


def test_figure_offsets_point_at_the_words():
    text = "dijo que al menos mil quinientos comuneros"
    [figure] = find_figures(text, "es")
    assert text[figure.start:figure.end] == "mil quinientos" == figure.text


def test_cues_attach_to_the_figure_they_precede():
    text = "at least 14 civilians and one soldier died, an estimated 60 fled, 60 or more stayed"
    figures = find_figures(text, "en")
    pairs = ranges(text, figures, "en")
    cues = [(f.text, cue_of(text, f, "en", pairs).qualifier) for f in figures if not f.weak]
    assert cues == [("14", "at_least"), ("one", "exact"), ("60", "about"), ("60", "at_least")]
    last = [f for f in figures if f.text == "60"][-1]
    assert cue_of(text, last, "en", pairs).words == "or more"


def test_coding_guide_lists_every_cue():
    """docs/coding.md's table of cues is the contributors' copy of CUES and RANGE_*: kept equal."""
    guide = (REPO / "docs" / "coding.md").read_text("utf-8")
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(r"^\| `(\w+)` \| (.*) \| (.*) \|$", guide, re.M)}
    for column, language in enumerate(("en", "es")):
        for place, by_qualifier in CUES[language].items():
            for qualifier, words in by_qualifier.items():
                cell = rows[qualifier][column]
                listed = cell.split("; after: ")[1 if place == "after" else 0]
                assert set(words) == set(listed.split("; ")[0].split(", ")), (language, qualifier, place)
        cell = rows["range"][column]
        for joiner in RANGE_JOINERS[language]:
            assert (f"X{joiner}Y" if joiner in "-–—" else f"X {joiner} Y") in cell, (language, joiner)
        for opener, joiner in RANGE_PAIRS[language]:
            assert f"{opener} X {joiner} Y" in cell, (language, opener)


def test_cue_lists_hold_each_qualifier_once_per_language():
    for language, places in CUES.items():
        for place, by_qualifier in places.items():
            words = [w for ws in by_qualifier.values() for w in ws]
            assert len(words) == len(set(words)), (language, place)


# --- a claim against its quote: (language, quote, qualifier, value, note, expected rule) -----
# value is an int, or (low, high) for a range; expected None means the coding is right.

CLAIMS = [
    # English: correct codings
    ("en", "officials said seven people were killed", "exact", 7, False, None),
    ("en", "At least eleven died in the attack", "at_least", 11, False, None),
    ("en", "police said more than 10 were arrested", "at_least", 10, False, None),
    ("en", "about 50 people face arrest warrants", "about", 50, False, None),
    ("en", "an estimated 300 marched", "about", 300, False, None),
    ("en", "nearly 40 guards were disarmed", "about", 40, False, None),
    ("en", "as many as 25 may have been taken", "at_most", 25, False, None),
    ("en", "up to 200 vigilantes took part", "at_most", 200, False, None),
    ("en", "there were between 60 and 90 troops", "range", (60, 90), False, None),
    ("en", "some 1,500-2,000 members", "range", (1500, 2000), False, None),
    ("en", "one or two guards were hurt", "range", (1, 2), False, None),
    ("en", "nine civilians and a soldier died", "exact", 9, False, None),
    ("en", "at least nine civilians and one soldier died", "exact", 1, False, None),
    ("en", "a soldier was killed", "exact", 1, False, None),
    ("en", "nobody was hurt", "exact", 0, False, None),
    ("en", "the 2014 kidnapping of 43 students", "exact", 43, False, None),
    ("en", "a dozen officers were detained", "exact", 12, False, None),
    ("en", "more than a dozen officers were detained", "at_least", 12, False, None),
    ("en", "40 families or more fled the town", "at_least", 40, False, None),
    ("en", "the gunmen killed the brothers", "exact", 2, True, None),
    ("en", "a reporter saw three bodies", "at_least", 3, True, None),
    ("en", "numerous vigilantes were arrested", "unspecified", None, False, None),
    ("en", "no more than 30 troops were sent", "at_most", 30, False, None),
    ("en", "investigators identified one of them", "exact", 1, False, None),
    ("en", "the second ambush in a week killed four", "exact", 4, False, None),
    ("en", "the raid caused six more deaths", "exact", 6, False, None),
    ("en", "over 1,000 residents marched", "at_least", 1000, False, None),
    # English: miscodings
    ("en", "At least eleven died in the attack", "exact", 12, False, "coding.figure-not-in-quote"),
    ("en", "At least eleven died in the attack", "exact", 11, False, "coding.qualifier-cue"),
    ("en", "officials said seven people were killed", "exact", 8, False, "coding.figure-not-in-quote"),
    ("en", "nine civilians and one soldier died", "exact", 10, False, "coding.figure-not-in-quote"),
    ("en", "police said more than 10 were arrested", "at_least", 11, False, "coding.figure-not-in-quote"),
    ("en", "about 50 people face arrest warrants", "exact", 50, False, "coding.qualifier-cue"),
    ("en", "up to 200 vigilantes took part", "at_least", 200, False, "coding.qualifier-cue"),
    ("en", "there were between 60 and 90 troops", "range", (60, 100), False, "coding.range-not-in-quote"),
    ("en", "there were between 60 and 90 troops", "exact", 60, False, "coding.qualifier-cue"),
    ("en", "the 2014 kidnapping of 43 students", "exact", 2014 - 1, False, "coding.figure-not-in-quote"),
    ("en", "the gunmen killed the brothers", "exact", 2, False, "coding.figure-not-in-quote"),
    ("en", "a reporter saw three bodies", "at_least", 3, False, "coding.qualifier-cue"),
    ("en", "60 soldiers and 90 police", "range", (60, 90), False, "coding.qualifier-cue"),
    ("en", "at least 14 died and one soldier was hurt", "at_least", 1, False, "coding.qualifier-cue"),
    ("en", "no more than 30 troops were sent", "at_least", 30, False, "coding.qualifier-cue"),
    ("en", "the second ambush in a week killed four", "exact", 2, False, "coding.figure-not-in-quote"),
    # Spanish: correct codings
    ("es", "Seis personas perdieron la vida", "exact", 6, False, None),
    ("es", "alrededor de 400 personas marcharon", "about", 400, False, None),
    ("es", "unos treinta hombres armados", "about", 30, False, None),
    ("es", "cerca de 70 comuneros", "about", 70, False, None),
    ("es", "al menos once muertos", "at_least", 11, False, None),
    ("es", "por lo menos quince heridos", "at_least", 15, False, None),
    ("es", "más de 20 detenidos", "at_least", 20, False, None),
    ("es", "hasta 80 comuneros participaron", "at_most", 80, False, None),
    ("es", "entre 25 y 35 hombres armados", "range", (25, 35), False, None),
    ("es", "de 10 a 12 policías", "range", (10, 12), False, None),
    ("es", "veintitrés detenidos", "exact", 23, False, None),
    ("es", "mil quinientos comuneros", "exact", 1500, False, None),
    ("es", "1.500 policías llegaron", "exact", 1500, False, None),
    ("es", "murió un policía", "exact", 1, False, None),
    ("es", "catorce civiles y un soldado murieron", "exact", 1, False, None),
    ("es", "detuvieron a veintitrés y aseguraron unas 40 armas", "exact", 23, False, None),
    ("es", "una docena de agentes", "exact", 12, False, None),
    ("es", "no más de 50 elementos", "at_most", 50, False, None),
    ("es", "uno de ellos murió", "exact", 1, False, None),
    ("es", "la segunda emboscada dejó cuatro muertos", "exact", 4, False, None),
    ("es", "desde 2014 siguen desaparecidos 43 normalistas", "exact", 43, False, None),
    ("es", "más de un centenar de familias", "at_least", 100, False, None),
    # Spanish: miscodings
    ("es", "Seis personas perdieron la vida", "exact", 7, False, "coding.figure-not-in-quote"),
    ("es", "alrededor de 400 personas marcharon", "exact", 400, False, "coding.qualifier-cue"),
    ("es", "unos treinta hombres armados", "exact", 30, False, "coding.qualifier-cue"),
    ("es", "al menos once muertos", "exact", 11, False, "coding.qualifier-cue"),
    ("es", "más de 20 detenidos", "at_least", 21, False, "coding.figure-not-in-quote"),
    ("es", "hasta 80 comuneros participaron", "at_least", 80, False, "coding.qualifier-cue"),
    ("es", "entre 25 y 35 hombres armados", "range", (25, 40), False, "coding.range-not-in-quote"),
    ("es", "entre 25 y 35 hombres armados", "about", 25, False, "coding.qualifier-cue"),
    ("es", "veintitrés detenidos", "exact", 32, False, "coding.figure-not-in-quote"),
    ("es", "detuvieron a veintitrés y aseguraron unas 40 armas", "about", 23, False, "coding.qualifier-cue"),
    ("es", "los comuneros retuvieron a los soldados", "exact", 60, False, "coding.figure-not-in-quote"),
    ("es", "no más de 50 elementos", "at_least", 50, False, "coding.qualifier-cue"),
    ("es", "desde 2014 siguen desaparecidos 43 normalistas", "exact", 42, False, "coding.figure-not-in-quote"),
    ("es", "más de un centenar de familias", "exact", 100, False, "coding.qualifier-cue"),
]


def findings(language, quote, qualifier, value, note):
    low = high = value
    if isinstance(value, tuple):
        low, high = value
    elif qualifier == "at_least":
        high = None
    elif qualifier == "at_most":
        low = None
    return check_figure(quote, language, qualifier, low, high, noted=note)


@pytest.mark.parametrize(("language", "quote", "qualifier", "value", "note", "rule"), CLAIMS,
                         ids=[f"{c[0]}-{c[2]}-{c[3]}-{c[1][:30]}" for c in CLAIMS])
def test_claim_against_its_quote(language, quote, qualifier, value, note, rule):
    found = findings(language, quote, qualifier, value, note)
    assert [f.rule for f in found] == ([rule] if rule else []), found


def test_messages_quote_the_words_and_say_the_fix():
    [found] = findings("es", "alrededor de 400 personas marcharon", "exact", 400, False)
    assert found.message == "the quote says 'alrededor de 400' (about) but value_qualifier is exact"
    assert found.hint.startswith("set value_qualifier: about")
    [found] = findings("es", "Seis personas perdieron la vida", "exact", 7, False)
    assert found.message == "the quote states 'Seis' (6), not 7"
    [found] = findings("en", "police said more than 10 were arrested", "at_least", 11, False)
    assert "'more than 10' is coded value: 10 with value_qualifier: at_least" in found.hint
    [found] = findings("en", "there were between 60 and 90 troops", "exact", 60, False)
    assert found.hint == "write value: [60, 90] with value_qualifier: range"


def test_checks_are_fast():
    import time
    start = time.perf_counter()
    for _ in range(20):
        for claim in CLAIMS:
            findings(*claim[:5])
    per_claim = (time.perf_counter() - start) / (20 * len(CLAIMS))
    assert per_claim < 0.005, per_claim


# --- two articles added to the fixture dataset -----------------------------------------------

MEANING = REPO / "tests" / "fixtures" / "meaning"
ENGLISH = "sierraledger-2016-03-14-el-ciruelo-roadblock-attack"
SPANISH = "ecodelbalsas-2016-03-15-enfrentamiento-en-los-olivos"


def _incident(incident_id, title, event_type, summary):
    return (f"  - incident_id: {incident_id}\n    title: {title}\n    event_type: {event_type}\n"
            "    state_code: MX-MIC\n    municipality: null\n    municipality_code: null\n    locality: null\n"
            "    latitude: null\n    longitude: null\n    geo_precision: state\n"
            f"    summary: {summary}\n")


def _actor(actor_id, name, category):
    return (f"  - actor_id: {actor_id}\n    name: {name}\n    kind: collective\n    category: {category}\n"
            f"    description: {name}; from a fictional article written for the test suite.\n")


REGISTRY = {
    "seeds/registry/incidents.yaml":
        _incident("2016-03-12-el-ciruelo-roadblock-attack", "Gunmen attack a community police roadblock",
                  "attack", "Fictional test incident; at least eleven dead.")
        + _incident("2016-03-13-los-olivos-clash", "Enfrentamiento en Los Olivos", "armed_clash",
                    "Fictional test incident; six dead."),
    "seeds/registry/actors.yaml":
        _actor("el-ciruelo-community-police", "Community police of El Ciruelo", "community_police")
        + _actor("el-ciruelo-gunmen", "Gunmen who attacked the El Ciruelo roadblock", "armed_group")
        + _actor("los-olivos-residents", "Residents of Los Olivos", "civilians")
        + _actor("los-olivos-gunmen", "Armed group in the Los Olivos clash", "armed_group")
        + _actor("los-olivos-community-police", "Community police of Los Olivos", "community_police"),
}


@pytest.fixture
def articles(dataset):
    for source_id in (ENGLISH, SPANISH):
        for suffix in (".txt", ".yaml"):
            shutil.copy2(MEANING / f"{source_id}{suffix}", dataset / "seeds" / f"{source_id}{suffix}")
    for rel, added in REGISTRY.items():
        path = dataset / rel
        path.write_text(path.read_text("utf-8") + added, "utf-8")
    return dataset


def test_the_articles_verify_clean(articles):
    report = build(articles)
    assert report.ok, report.format_text()
    report = verify(articles, ["coding", "drift", "contract", "rules"], baseline=None)
    assert report.ok, report.format_text()


# (sheet, claim, key, new value, rule, words the message must quote)
MISCODINGS = [
    (ENGLISH, "c02", "value", "12", "coding.figure-not-in-quote", "'eleven' (11), not 12"),
    (ENGLISH, "c02", "value_qualifier", "exact", "coding.qualifier-cue", "'At least eleven' (at_least)"),
    (ENGLISH, "c03", "value", "13", "coding.figure-not-in-quote", "'twelve' (12), not 13"),
    (ENGLISH, "c04", "value_qualifier", "exact", "coding.qualifier-cue", "'about 30' (about)"),
    (ENGLISH, "c05", "value", "[40, 60]", "coding.range-not-in-quote", "not 60 (the range's high bound)"),
    (ENGLISH, "c06", "value_qualifier", "at_least", "coding.qualifier-cue", "'nine' with no word"),
    (ENGLISH, "c07", "value", "2", "coding.figure-not-in-quote", "states no figure"),
    (ENGLISH, "c08", "value", "16", "coding.figure-not-in-quote", "'15', not 16"),
    (SPANISH, "c02", "value", "7", "coding.figure-not-in-quote", "'Seis' (6), not 7"),
    (SPANISH, "c03", "value_qualifier", "exact", "coding.qualifier-cue", "'alrededor de 400' (about)"),
    (SPANISH, "c04", "value", "[25, 40]", "coding.range-not-in-quote", "not 40 (the range's high bound)"),
    (SPANISH, "c05", "value_qualifier", "about", "coding.qualifier-cue", "'veintitrés' with no word"),
    (SPANISH, "c07", "value_qualifier", "exact", "coding.qualifier-cue", "'al menos quince' (at_least)"),
    (SPANISH, "c08", "value_qualifier", "at_least", "coding.qualifier-cue", "'Hasta 80' (at_most)"),
]


@pytest.mark.parametrize(("source_id", "claim", "key", "new", "rule", "words"), MISCODINGS,
                         ids=[f"{m[0][:12]}-{m[1]}-{m[2]}-{m[3]}" for m in MISCODINGS])
def test_a_miscoding_is_reported_at_its_line(articles, source_id, claim, key, new, rule, words):
    sheet = f"seeds/{source_id}.yaml"
    path = articles / sheet
    first, _ = find_line(path, rf"^  - id: {claim}$")
    lines = path.read_text("utf-8").split("\n")
    number = next(n for n in range(first, len(lines) + 1) if re.match(rf"^    {key}: ", lines[n - 1]))
    replace_line(path, number, f"    {key}: {new}")
    report = verify(articles, ["coding"], baseline=None)
    found = [p for p in report.problems if (p.rule, p.file, p.line) == (rule, sheet, number)]
    assert found, report.format_text()
    assert words in found[0].message and found[0].hint, found[0]
    assert (found[0].table, found[0].key) == ("claims", f"{source_id}-{claim}")
    assert not report.ok


@pytest.mark.parametrize("quote, value", [
    ("unos mil 500 elementos del Ejército", 1500),
    ("llegaron unos 2 mil 300 policías", 2300),
])
def test_thousands_in_words_and_the_rest_in_digits(quote, value):
    # Mexican papers write 1,500 as "mil 500": one figure, not 1000 and 500
    assert check_figure(quote, "es", "about", value, value) == []
    wrong = check_figure(quote, "es", "about", 500, 500)
    assert [f.rule for f in wrong] == ["coding.figure-not-in-quote"] and str(value) in wrong[0].message

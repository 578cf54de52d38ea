"""Date claims against their quotes (meaning/dates.py), in English and Spanish.

Both directions, with sentences written for these tests: each miscoding is caught, and
the correct coding of the same words is quiet. Then two short fictional articles
(tests/fixtures/meaning-dates/), added to a copy of the fixture dataset, verify clean
as coded, and each deliberate slip in their sheets is reported at its value_text line
with the fix.
"""

import datetime as dt
import hashlib
import shutil

import pytest
import yaml

from autodefensas import build, verify
from autodefensas.meaning.dates import check_date
from autodefensas.meaning.datewords import find_mentions, fold, relative_words
from conftest import REPO, copy_dataset, find_line, replace_line

D = dt.date
DAY_MONTH, WEEKDAY, AFTER = "coding.date-day-month", "coding.date-weekday", "coding.date-after-publication"


def rules(quote, language, value, published=None):
    return [f.rule for f in check_date(quote, language, value, published)]


# --- the pure check: (quote, language, miscoded value, correct value, published, rule) ------

SLIPS = [
    # a weekday with its day and month, coded a day early
    ("Gunmen set fire to the sawmill on Tuesday, December 16, before dawn", "en",
     "2014-12-15", "2014-12-16", D(2014, 12, 20), DAY_MONTH),
    ("los atacantes llegaron el lunes 25 de mayo al mediodía", "es",
     "2015-05-24", "2015-05-25", D(2015, 5, 28), DAY_MONTH),
    # the right day of the wrong year: 16 December 2015 is a Wednesday
    ("Gunmen set fire to the sawmill on Tuesday, December 16, before dawn", "en",
     "2015-12-16", "2014-12-16", D(2016, 1, 4), WEEKDAY),
    ("los atacantes llegaron el lunes 25 de mayo al mediodía", "es",
     "2014-05-25", "2015-05-25", D(2015, 6, 2), WEEKDAY),
    # day and month, with or without a year, day first or month first, ordinals
    ("the patrol was ambushed on 3 June 2016 near the dam", "en", "2016-06-02", "2016-06-03", None, DAY_MONTH),
    ("the patrol was ambushed on June 3, 2016, near the dam", "en", "2015-06-03", "2016-06-03", None, DAY_MONTH),
    ("villagers say the road was dug up on the 6th of January", "en",
     "2015-01-07", "2015-01-06", D(2015, 1, 9), DAY_MONTH),
    ("the mayor fled on Jan. 6 with his bodyguards", "en", "2015-01-05", "2015-01-06", D(2015, 1, 9), DAY_MONTH),
    ("On Sept. 26, 2014, police fired on the buses", "en", "2014-09-27", "2014-09-26", D(2015, 9, 26), DAY_MONTH),
    ("el enfrentamiento del 12 de octubre de 2014 dejó tres muertos", "es",
     "2014-11-12", "2014-10-12", None, DAY_MONTH),
    ("la marcha salió el 1º de mayo desde el zócalo", "es", "2016-05-02", "2016-05-01", D(2016, 5, 5), DAY_MONTH),
    ("los ejidatarios bloquearon el acceso el MIÉRCOLES 3 de junio", "es",
     "2015-06-04", "2015-06-03", D(2015, 6, 5), DAY_MONTH),
    # two dates: neither is in the coded interval
    ("the town hall was held from December 22 to January 6", "en",
     "2014-12-23/2015-01-05", "2014-12-22/2015-01-06", D(2015, 1, 7), DAY_MONTH),
    ("la carretera estuvo cerrada del 2 al 4 de marzo", "es",
     "2016-03-05/2016-03-08", "2016-03-02/2016-03-04", D(2016, 3, 10), DAY_MONTH),
    # a day with its weekday and no month
    ("el martes 12, hubo disparos frente al mercado", "es", "2015-05-13", "2015-05-12", D(2015, 5, 14), DAY_MONTH),
    ("the shots were heard on Friday the 13th.", "en", "2015-03-12", "2015-03-13", D(2015, 3, 16), DAY_MONTH),
    # weekdays alone; accents and capitals do not matter
    ("the soldiers came back on Sunday afternoon", "en", "2016-04-09", "2016-04-10", D(2016, 4, 12), WEEKDAY),
    ("los comuneros volvieron el miércoles a la presidencia", "es",
     "2016-04-12", "2016-04-13", D(2016, 4, 15), WEEKDAY),
    ("los comuneros volvieron el miercoles a la presidencia", "es",
     "2016-04-12", "2016-04-13", D(2016, 4, 15), WEEKDAY),
    ("Sábado por la noche hubo una balacera", "es", "2016-04-10", "2016-04-09", D(2016, 4, 12), WEEKDAY),
    ("the blockade lasted through Friday", "en",
     "2016-04-04/2016-04-06", "2016-04-04/2016-04-08", D(2016, 4, 9), WEEKDAY),
    # relative dates whose coded interval runs past the publication date
    ("Earlier in the week, gunmen burned two trucks on the highway", "en",
     "2013-W32", "2013-08-05/2013-08-09", D(2013, 8, 9), AFTER),
    ("gunmen burned two trucks on the highway this week", "en",
     "2016-W15", "2016-04-11/2016-04-13", D(2016, 4, 13), AFTER),
    ("A principios de semana, desconocidos quemaron dos camiones", "es",
     "2015-W22", "2015-05-25/2015-05-27", D(2015, 5, 27), AFTER),
    ("este mes los autodefensas instalaron tres retenes", "es",
     "2015-05", "2015-05-01/2015-05-27", D(2015, 5, 27), AFTER),
    ("the vigilantes arrested him on Monday", "en", "2014-W03", "2014-01-13", D(2014, 1, 14), AFTER),
]


@pytest.mark.parametrize(("quote", "language", "wrong", "right", "published", "rule"), SLIPS)
def test_a_slip_is_caught_and_its_correct_coding_is_quiet(quote, language, wrong, right, published, rule):
    findings = check_date(quote, language, wrong, published)
    assert [f.rule for f in findings] == [rule], findings
    assert check_date(quote, language, right, published) == []


@pytest.mark.parametrize(("quote", "language", "wrong", "right", "published", "fix"), [
    ("Gunmen set fire to the sawmill on Tuesday, December 16, before dawn", "en",
     "2014-12-15", "", D(2014, 12, 20), 'value_text: "2014-12-16"'),
    ("Gunmen set fire to the sawmill on Tuesday, December 16, before dawn", "en",
     "2015-12-16", "", D(2016, 1, 4), 'wrong year; write value_text: "2014-12-16"'),
    ("the soldiers came back on Sunday afternoon", "en", "2016-04-09", "", D(2016, 4, 12), '"2016-04-10"'),
    ("A principios de semana, desconocidos quemaron dos camiones", "es",
     "2015-W22", "", D(2015, 5, 27), 'value_text: "2015-05-25/2015-05-27"'),
])
def test_the_hint_gives_the_fix(quote, language, wrong, right, published, fix):
    (finding,) = check_date(quote, language, wrong, published)
    assert fix in finding.hint
    # the message quotes the words of the text that gave the finding
    assert any(words in finding.message for words in ("December 16", "Sunday", "A principios de semana"))


def test_a_text_whose_weekday_is_wrong_is_told_to_quote_without_it():
    # 16 December 2014, with the year given, is a Tuesday: the text named the wrong weekday
    (finding,) = check_date("police arrived on Wednesday, December 16, 2014", "en", "2014-12-16", D(2014, 12, 20))
    assert finding.rule == WEEKDAY and "quote only the day and month" in finding.hint


# --- precision: correct codings that must stay quiet ------------------------------------------

QUIET = [
    # "May" the verb; "may" in lower case is never the month in English
    ("Police may return to the town on Tuesday", "en", "2015-05-12", D(2015, 5, 14)),
    ("Police may 5 times have tried", "en", "2015-05-12", D(2015, 5, 14)),
    # a name, not a weekday
    ("Domingo Herrera, el coordinador, fue detenido ayer", "es", "2015-05-26", D(2015, 5, 27)),
    ("el coordinador Domingo Herrera fue detenido", "es", "2015-05-26", D(2015, 5, 27)),
    ("the story ran in the Sunday Times", "en", "2015-05-26", D(2015, 5, 27)),
    # numbers that are not days; a street named for a date
    ("fueron liberados 25 de los 43 retenidos", "es", "2015-05-08", D(2015, 5, 9)),
    ("la balacera fue en la avenida 16 de Septiembre", "es", "2015-05-08", D(2015, 5, 9)),
    ("la balacera fue en la calle 5 de mayo", "es", "2015-05-08", D(2015, 5, 9)),
    ("the 27th Infantry Battalion moved in", "en", "2015-05-08", D(2015, 5, 9)),
    ("In December 16 people were killed in the valley", "en", "2014-12-02", D(2015, 1, 9)),
    # the date of a report, not of the event
    ("officials said on Monday that the clash began on Saturday", "en", "2016-04-09", D(2016, 4, 12)),
    ("la fiscalía informó el lunes que el ataque fue el sábado", "es", "2016-04-09", D(2016, 4, 12)),
    ("the report published on March 2 says the raid was on February 26", "en", "2016-02-26", D(2016, 3, 4)),
    ("police told reporters on Monday that the raid was on Saturday", "en", "2016-04-09", D(2016, 4, 12)),
    ("en conferencia de prensa el lunes, el fiscal dijo que el ataque fue el sábado", "es",
     "2016-04-09", D(2016, 4, 12)),
    ("a video posted on social media on Friday shows the clash of Thursday", "en", "2014-05-15", D(2014, 5, 17)),
    ("un video difundido en redes sociales el viernes muestra el choque del jueves", "es",
     "2014-05-15", D(2014, 5, 17)),
    # a date the event's date is reckoned from
    ("Two days after the December 16 clash, police arrested five men", "en", "2014-12-18", D(2014, 12, 20)),
    ("un día después del 16 de diciembre detuvieron a cinco hombres", "es", "2014-12-17", D(2014, 12, 20)),
    ("five men were arrested on Thursday, two days after the December 16 clash", "en",
     "2014-12-18", D(2014, 12, 20)),
    ("the killing came on the eve of the state election on June 7", "en", "2015-06-06", D(2015, 6, 8)),
    ("los 25 detenidos del 4 de enero fueron liberados ayer", "es", "2014-01-09", D(2014, 1, 10)),
    # a weekday to come, or every week
    ("talks will resume next Monday, after the clash on Saturday", "en", "2016-04-09", D(2016, 4, 12)),
    ("el próximo lunes habrá otra reunión; el choque fue el sábado", "es", "2016-04-09", D(2016, 4, 12)),
    ("los lunes los comunitarios patrullan; el choque fue el sábado", "es", "2016-04-09", D(2016, 4, 12)),
    # two dates, the coded one among them
    ("the town hall was held from December 22 to January 6", "en", "2014-12-22", D(2015, 1, 7)),
    ("the town hall was held from December 22 to January 6", "en", "2015-01-06", D(2015, 1, 7)),
    # a day and month with no year fits any year the value spans
    ("the pact was signed on April 9", "en", "2013", D(2013, 8, 9)),
    ("el pacto se firmó el 9 de abril", "es", "2013-04", D(2013, 8, 9)),
    # weekdays within an interval, or a week
    ("on Monday and Tuesday the road stayed closed", "en", "2013-08-05/2013-08-07", D(2013, 8, 9)),
    ("on Thursday the road stayed closed", "en", "2013-W31", D(2013, 8, 9)),
    # a relative date resolved up to the publication date, or before it
    ("Earlier in the week, gunmen burned two trucks", "en", "2013-08-05/2013-08-09", D(2013, 8, 9)),
    ("last week gunmen burned two trucks", "en", "2013-W31", D(2013, 8, 9)),
    ("la semana pasada quemaron dos camiones", "es", "2013-W31", D(2013, 8, 9)),
    ("yesterday gunmen burned two trucks", "en", "2013-08-08", D(2013, 8, 9)),
    ("a month ago gunmen burned two trucks", "en", "2013-07", D(2013, 8, 9)),
    # the month is written out: the coder may code it whole; "today" is of something else
    ("the group, which today holds the town, took it in August", "en", "2013-08", D(2013, 8, 9)),
    ("earlier this month, in August, gunmen burned two trucks", "en", "2013-08", D(2013, 8, 9)),
    # no date at all in the quote
    ("in the second attack on the town in as many days", "en", "2019-10-15", D(2019, 10, 15)),
    # a value that is not a date is another rule's business
    ("on Tuesday, December 16", "en", "December 16", D(2014, 12, 20)),
]


@pytest.mark.parametrize(("quote", "language", "value", "published"), QUIET)
def test_correct_coding_is_quiet(quote, language, value, published):
    assert check_date(quote, language, value, published) == []


# --- the readers underneath ------------------------------------------------------------------

def test_fold_keeps_one_character_for_each():
    for text in ("Miércoles", "sábado", "AÑO", "l’été", "Tepochica\u00a0a day"):
        assert len(fold(text)) == len(text)
    assert fold("Miércoles SÁBADO año") == "miercoles sabado ano"


@pytest.mark.parametrize(("quote", "language", "expected"), [
    ("on Tuesday, December 16, 2014", "en", [(1, 16, 12, 2014)]),
    ("Sunday night, January 18", "en", [(6, 18, 1, None)]),
    ("el lunes 25 de mayo de 2015", "es", [(0, 25, 5, 2015)]),
    ("el sábado, 23 de mayo del 2015", "es", [(5, 23, 5, 2015)]),
    ("primero de mayo", "es", [(None, 1, 5, None)]),
    ("from December 22 to January 6", "en", [(None, 22, 12, None), (None, 6, 1, None)]),
    ("del 22 de diciembre al 6 de enero", "es", [(None, 22, 12, None), (None, 6, 1, None)]),
    ("on the 16th.", "en", [(None, 16, None, None)]),
    ("on the 16th floor", "en", []),
    ("el martes 16 personas murieron", "es", [(1, None, None, None)]),  # 16 people, not the 16th
    ("el día 16, por la noche", "es", [(None, 16, None, None)]),
    ("Viernes Santo", "es", []),
])
def test_find_mentions(quote, language, expected):
    assert [(m.weekday, m.day, m.month, m.year) for m in find_mentions(quote, language)] == expected


@pytest.mark.parametrize(("quote", "language", "expected"), [
    ("Earlier in the week, vigilantes", "en", "Earlier in the week"),
    ("arrested on Monday night", "en", "Monday"),
    ("ayer por la tarde", "es", "ayer"),
    ("hace tres días", "es", "hace tres días"),
    ("a principios de semana", "es", "a principios de semana"),
    ("a month ago", "en", "month ago"),
    ("on Tuesday, December 16", "en", None),
    ("officials said Monday", "en", None),
    ("el 25 de mayo", "es", None),
])
def test_relative_words(quote, language, expected):
    assert relative_words(quote, language) == expected


# --- two articles in a copy of the fixture dataset -------------------------------------------

ARTICLES = REPO / "tests" / "fixtures" / "meaning-dates"
EN = "sierramadreweekly-2016-03-10-highway-blockades"
ES = "elvigiadelsur-2015-05-27-comunitarios-retienen-policias"
INCIDENTS = {  # incident_id: event_type; all in Michoacán, placed at state level
    "2016-03-08-tierra-caliente-highway-blockade": "blockade",
    "2016-03-07-tierra-caliente-police-disarmed": "detention",
    "2016-03-07-citizens-guard-commander-arrested": "arrest",
    "2016-02-14-citizens-guard-first-parade": "violent_demonstration",
    "2016-02-27-citizens-guard-road-patrols": "occupation",
    "2015-05-25-sierra-state-police-held": "detention",
    "2015-05-25-sierra-coast-road-closed": "blockade",
    "2015-05-26-sierra-patrol-car-burned": "attack",
    "2015-05-23-sierra-coordinator-arrested": "arrest",
    "2015-05-19-sierra-house-shot-at": "attack",
}


def _registry_entries() -> str:
    return "".join(
        f"  - incident_id: {incident_id}\n    title: Test incident {incident_id}\n    event_type: {kind}\n"
        "    state_code: MX-MIC\n    municipality: null\n    municipality_code: null\n    locality: null\n"
        "    latitude: null\n    longitude: null\n    geo_precision: state\n"
        "    summary: A fictional incident of the date-check test articles.\n"
        for incident_id, kind in INCIDENTS.items())


@pytest.fixture(scope="module")
def with_articles(built, tmp_path_factory):
    """The fixture dataset with both articles and their incidents added, built."""
    root = copy_dataset(tmp_path_factory.mktemp("meaning-dates") / "dataset", built)
    for name in (EN, ES):
        for suffix in (".txt", ".yaml"):
            shutil.copy2(ARTICLES / f"{name}{suffix}", root / "seeds" / f"{name}{suffix}")
    registry = root / "seeds/registry/incidents.yaml"
    registry.write_text(registry.read_text("utf-8") + _registry_entries(), "utf-8")
    report = build(root)
    assert report.ok, report.format_text()
    return root


@pytest.mark.parametrize("name", [EN, ES])
def test_the_sheets_carry_their_texts_hash(name):
    sheet = yaml.safe_load((ARTICLES / f"{name}.yaml").read_text("utf-8"))
    assert sheet["source"]["text_sha256"] == hashlib.sha256((ARTICLES / f"{name}.txt").read_bytes()).hexdigest()


def test_the_articles_as_coded_verify_clean(with_articles):
    report = verify(with_articles, ("coding", "drift", "contract", "rules"), baseline=None)
    assert report.ok, report.format_text()
    assert not {p.rule for p in report.problems} & {DAY_MONTH, WEEKDAY, AFTER}


@pytest.mark.parametrize(("name", "claim", "wrong", "rule", "words", "fix"), [
    (EN, "e01", "2016-03-07", DAY_MONTH, "Tuesday, March 8", 'value_text: "2016-03-08"'),
    (EN, "e01", "2015-03-08", WEEKDAY, "Tuesday, March 8", 'value_text: "2016-03-08"'),
    (EN, "e02", "2016-W10", AFTER, "Earlier in the week", 'value_text: "2016-03-07/2016-03-10"'),
    (EN, "e03", "2016-03-08", WEEKDAY, "Monday", 'value_text: "2016-03-07"'),
    (EN, "e04", "2016-02-15", DAY_MONTH, "14th of February", 'value_text: "2016-02-14"'),
    (EN, "e05", "2016-02-28/2016-03-01", DAY_MONTH, "February 27", "2016-02-27"),
    (ES, "s01", "2015-05-24", DAY_MONTH, "el lunes 25 de mayo", 'value_text: "2015-05-25"'),
    (ES, "s02", "2015-W22", AFTER, "A principios de semana", 'value_text: "2015-05-25/2015-05-27"'),
    (ES, "s04", "2015-05-24", WEEKDAY, "sábado", 'value_text: "2015-05-23"'),
    (ES, "s05", "2015-05-18", DAY_MONTH, "martes 19", 'value_text: "2015-05-19"'),
])
def test_a_miscoded_article_is_reported_at_its_line(with_articles, tmp_path, name, claim, wrong, rule, words, fix):
    root = copy_dataset(tmp_path / "dataset", with_articles)
    sheet = f"seeds/{name}.yaml"
    first, _ = find_line(root / sheet, rf"^  - id: {claim}$")
    line, _ = find_line(root / sheet, r"^    value_text: ", nth=_claims_before(root / sheet, first))
    replace_line(root / sheet, line, f'    value_text: "{wrong}"')
    report = verify(root, ("coding",), baseline=None)
    found = [p for p in report.problems if p.rule in (DAY_MONTH, WEEKDAY, AFTER)]
    assert [(p.rule, p.file, p.line) for p in found] == [(rule, sheet, line)], report.format_text()
    assert words in found[0].message and fix in found[0].hint
    assert not report.ok


def _claims_before(path, first_line):
    """How many value_text lines come before line first_line (the claims are all dates)."""
    lines = path.read_text("utf-8").split("\n")[:first_line]
    return sum(line.startswith("    value_text: ") for line in lines)

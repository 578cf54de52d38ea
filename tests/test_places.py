"""Places against INEGI's gazetteer (meaning/places.py, tableschema/gazetteer.py).

The pure functions are tested directly on the repository's schemas/gazetteer.csv; the
checker on two short fictional articles of our own, one in English and one in Spanish
(tests/fixtures/meaning-places/), which verify clean as written and are then miscoded on
purpose, one slip at a time: each slip must be reported at its sheet or registry line,
with a fix, and nothing else of ours may be reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autodefensas import build, verify
from autodefensas.build.read import load_coding
from autodefensas.meaning.places import (
    listed_places,
    location_finding,
    parse_location,
    registry_findings,
    same_place,
)
from autodefensas.tableschema import load_schemas
from autodefensas.tableschema.gazetteer import fold, parse_gazetteer, short_forms
from conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "meaning-places"
EN = "seeds/valleherald-2016-05-10-coalcoman-zitacuaro.yaml"
ES = "seeds/diariodelamontana-2017-03-03-atoyac-tixtla.yaml"
INCIDENTS = "seeds/registry/incidents.yaml"
PLACE_RULES = {"coding.place-unknown", "coding.place-mismatch", "coding.place-code-missing",
               "coding.location-more-precise", "coding.location-differs"}


@pytest.fixture(scope="module")
def gazetteer():
    schemas = load_schemas(REPO)
    assert schemas.ok and schemas.gazetteer is not None
    return schemas.gazetteer


# --- the gazetteer -----------------------------------------------------------------------------

def test_gazetteer_holds_inegis_states_and_municipalities(gazetteer):
    assert len(gazetteer.states) == 32 and len(gazetteer.municipalities) == 2465
    assert gazetteer.municipality("16006").name == "Apatzingán"
    assert gazetteer.municipality("12035").name == "Iguala de la Independencia"
    assert gazetteer.municipality("16012").state_code == "MX-MIC"
    assert gazetteer.municipality("16999") is None


def test_names_compare_without_accents_case_or_dots(gazetteer):
    assert fold("  APATZINGÁN ") == fold("apatzingan") == "apatzingan"
    assert fold("Gustavo A. Madero") == fold("gustavo a madero")
    assert [m.code for m in gazetteer.named("MX-MIC", "paracuaro")] == ["16064"]
    assert [m.code for m in gazetteer.named("MX-CMX", "Gustavo A Madero")] == ["09005"]


def test_short_forms_only_where_unambiguous(gazetteer):
    assert short_forms("Iguala de la Independencia") == ["iguala"]
    assert short_forms("Heroica Ciudad de Huajuapan de León") == ["heroica ciudad", "heroica ciudad de huajuapan"]
    assert [m.code for m in gazetteer.named("MX-GRO", "Iguala")] == ["12035"]
    assert [m.code for m in gazetteer.named("MX-GRO", "Atoyac")] == ["12011"]
    # several Oaxacan municipalities start "Heroica Ciudad de ...": the short form names none
    assert gazetteer.named("MX-OAX", "Heroica Ciudad") == []
    # INEGI repeats a few names within a state: both are returned
    assert len(gazetteer.named("MX-OAX", "San Juan Mixtepec")) == 2


def test_state_names_and_variants(gazetteer):
    for name in ("Michoacán de Ocampo", "Michoacán", "michoacan"):
        assert gazetteer.state_of(name) == "MX-MIC"
    assert gazetteer.state_of("Mexico City") == gazetteer.state_of("Ciudad de México") == "MX-CMX"
    assert gazetteer.state_of("Estado de México") == gazetteer.state_of("México") == "MX-MEX"
    assert gazetteer.state_of("Apatzingán") is None


def test_a_broken_gazetteer_is_refused_with_its_line():
    codes = {"MX-MIC": "16", "MX-GRO": "12"}
    header = "state_code,inegi_state,state,municipality_code,municipality\n"
    good = header + "MX-MIC,16,Michoacán de Ocampo,16006,Apatzingán\n"
    assert parse_gazetteer(good, codes)[1] == []
    assert parse_gazetteer("code,name\n", codes)[1] == [(1, "the header must be " + header.strip())]
    for row in ("MX-MIC,16,Michoacán de Ocampo,12006,Apatzingán", "MX-MIC,12,Michoacán de Ocampo,16006,X",
                "MX-MIC,16,Michoacán de Ocampo,1606,Apatzingán", "MX-MIC,16,Michoacán de Ocampo,16006"):
        gazetteer, faults = parse_gazetteer(header + row + "\n", codes)
        assert gazetteer is None and faults[0][0] == 2, row
    _, faults = parse_gazetteer(good + "MX-MIC,16,Michoacán de Ocampo,16006,Apatzingán\n", codes)
    assert faults == [(3, "municipality code 16006 occurs twice")]


# --- reading a location --------------------------------------------------------------------------

def test_locations_read_from_the_right(gazetteer):
    place = parse_location("Michoacán", gazetteer)
    assert (place.locality, place.municipality, place.state) == (None, None, "Michoacán")
    place = parse_location("Tixtla, Guerrero", gazetteer)
    assert (place.locality, place.municipality, place.state) == (None, "Tixtla", "Guerrero")
    place = parse_location("El Paraíso, Atoyac de Álvarez, Guerrero", gazetteer)
    assert (place.locality, place.municipality, place.state) == ("El Paraíso", "Atoyac de Álvarez", "Guerrero")
    assert parse_location("Apatzingán, , Michoacán") is None


def test_a_municipality_with_a_comma_in_its_name(gazetteer):
    name = "Heroica Villa Tezoatlán de Segura y Luna, Cuna de la Independencia de Oaxaca"
    place = parse_location(f"{name}, Oaxaca", gazetteer)
    assert (place.locality, place.municipality) == (None, name)
    place = parse_location(f"San Andrés, {name}, Oaxaca", gazetteer)
    assert (place.locality, place.municipality) == ("San Andrés", name)


def test_same_place_and_listed_places():
    assert same_place("Nueva Italia", "Nueva Italia de Ruiz") and same_place("TEPOCHICA", "Tepochica")
    assert not same_place("Antúnez", "Parácuaro")
    assert {"Antúnez", "Parácuaro", "Nueva Italia"} <= set(listed_places("Antúnez, Parácuaro y Nueva Italia"))
    assert {"Aguililla", "Tepalcatepec"} <= set(listed_places("Aguililla; Tepalcatepec"))
    assert {"Aguililla", "Tepalcatepec"} <= set(listed_places("Aguililla and Tepalcatepec"))


# --- the registry ----------------------------------------------------------------------------------

def entry(**place):
    return {"incident_id": "x", "state_code": "MX-MIC", "municipality": None, "municipality_code": None,
            "locality": None, "geo_precision": "state", **place}


def rules(findings):
    return [f.rule for f in findings]


@pytest.mark.parametrize("place", [
    {"municipality": "Apatzingán", "municipality_code": "16006"},
    {"municipality": "APATZINGAN", "municipality_code": "16006"},        # accents and case aside
    {"municipality": "Múgica", "municipality_code": "16055"},
    {},                                                                 # state level
    {"state_code": "MX-GRO", "municipality": "Ayutla de los Libres", "municipality_code": "12012"},
    {"state_code": "MX-GRO", "municipality_code": "12012"},             # no name: rules.geo-precision's
    {"state_code": "MX-XXX", "municipality": "Nowhere"},                # an unknown state: the enum's
])
def test_registry_places_that_are_right(gazetteer, place):
    assert registry_findings(entry(**place), gazetteer) == []


@pytest.mark.parametrize(("place", "rule", "key", "says"), [
    ({"municipality": "Apatzingán", "municipality_code": "16999"}, "coding.place-unknown", "municipality_code",
     '"16006"'),
    ({"municipality": "Parácuaro", "municipality_code": "16055"}, "coding.place-mismatch", "municipality",
     '"16064"'),
    ({"municipality": "Nueva Italia", "municipality_code": "16055"}, "coding.place-mismatch", "municipality",
     "Múgica"),
    ({"state_code": "MX-GRO", "municipality": "Iguala", "municipality_code": "12035"}, "coding.place-mismatch",
     "municipality", "Iguala de la Independencia"),
    ({"municipality": "Buenavista"}, "coding.place-code-missing", "municipality", '"16012"'),
    ({"state_code": "MX-GRO", "municipality": "Iguala"}, "coding.place-code-missing", "municipality",
     "Iguala de la Independencia"),
    ({"municipality": "Ayutla de los Libres"}, "coding.place-unknown", "municipality", "Guerrero (12012)"),
    ({"municipality": "Apatzingan de la Constitucion"}, "coding.place-unknown", "municipality", "Apatzingán"),
])
def test_registry_places_that_are_wrong(gazetteer, place, rule, key, says):
    (finding,) = registry_findings(entry(**place), gazetteer)
    assert (finding.rule, finding.key) == (rule, key)
    assert says in finding.hint, finding.hint


# --- location claims against the registry ------------------------------------------------------------

ANTUNEZ = entry(municipality="Parácuaro", municipality_code="16064", locality="Antúnez", geo_precision="locality")
ZITACUARO = entry(municipality="Zitácuaro", municipality_code="16112", geo_precision="municipality")
REGION = entry(geo_precision="region")
REGION_LISTED = entry(geo_precision="region", locality="Aguililla; Tepalcatepec")


@pytest.mark.parametrize(("value_text", "incident"), [
    ("Antúnez, Parácuaro, Michoacán", ANTUNEZ),
    ("Antunez, Paracuaro, Michoacan de Ocampo", ANTUNEZ),
    ("Parácuaro, Michoacán", ANTUNEZ),            # less precise than the registry: fine
    ("Michoacán", ANTUNEZ),
    ("Zitácuaro, Michoacán", ZITACUARO),
    ("Michoacán", entry()),
    ("Antúnez, Parácuaro, Michoacán", REGION),    # one of the places of a region
    ("Nueva Italia, Múgica, Michoacán", REGION),
    ("Tepalcatepec, Tepalcatepec, Michoacán", REGION_LISTED),
    ("Iguala, Guerrero", entry(state_code="MX-GRO", municipality="Iguala de la Independencia",
                               municipality_code="12035", geo_precision="municipality")),
])
def test_location_claims_that_agree(gazetteer, value_text, incident):
    assert location_finding(value_text, "a quote", incident, gazetteer) is None


@pytest.mark.parametrize(("value_text", "incident", "rule", "says"), [
    ("La Ruana, Buenavista, Michoacán", entry(), "coding.location-more-precise", '"16012"'),
    ("Buenavista, Michoacán", entry(), "coding.location-more-precise", "geo_precision: municipality"),
    ("Curimeo, Zitácuaro, Michoacán", ZITACUARO, "coding.location-more-precise", "locality: Curimeo"),
    ("Tuzantla, Michoacán", ZITACUARO, "coding.location-differs", "municipality_code"),
    ("Tixtla de Guerrero, Guerrero", ZITACUARO, "coding.location-differs", "state_code"),
    ("Guerrero", ANTUNEZ, "coding.location-differs", "state_code"),
    ("Los Hoyos, Parácuaro, Michoacán", ANTUNEZ, "coding.location-differs", "locality"),
    ("Apatzingán, Apatzingán, Michoacán", REGION_LISTED, "coding.location-differs", "locality"),
    ("Zitácuaro, Guerrero", entry(state_code="MX-GRO"), "coding.place-unknown", "Michoacán de Ocampo (16112)"),
    ("Antúnez, Michoacán", ANTUNEZ, "coding.place-unknown", "<municipality>"),
    ("Apatzingán", entry(), "coding.place-unknown", "Apatzingán, Michoacán de Ocampo"),
    ("Apatzingán, Michoacán, México", entry(), "coding.place-unknown", "Michoacán"),
    ("Apatzingán,, Michoacán", entry(), "coding.place-unknown", "Locality, Municipality, State"),
])
def test_location_claims_that_do_not_agree(gazetteer, value_text, incident, rule, says):
    finding = location_finding(value_text, "the words quoted", incident, gazetteer)
    assert finding is not None and finding.rule == rule, finding
    assert says in finding.hint or says in finding.message, finding
    assert finding.key == "value_text"


def test_a_wrong_registry_place_is_not_compared_again(gazetteer):
    # the entry's own finding says what to fix; comparing claims with it would repeat that
    assert location_finding("Tuzantla, Michoacán", "q", ZITACUARO, gazetteer, registry_ok=False) is None
    # the state is still compared
    assert location_finding("Guerrero", "q", ZITACUARO, gazetteer, registry_ok=False).rule == "coding.location-differs"


# --- our two articles, as written and miscoded -----------------------------------------------------

@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """A dataset of the two fictional articles, built."""
    root = tmp_path_factory.mktemp("places") / "dataset"
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(FIXTURE / "registry", root / "seeds" / "registry")
    for path in FIXTURE.glob("*.*"):
        shutil.copy2(path, root / "seeds" / path.name)
    assert build(root).ok
    return root


def place_problems(root: Path):
    coding = load_coding(root, load_schemas(root))
    return [p for p in coding.problems if p.rule in PLACE_RULES]


def test_both_articles_verify_clean(articles):
    report = verify(articles, ("coding", "drift", "contract", "rules"))
    assert report.ok and report.problems == [], report.format_text()


def line_of(root: Path, rel: str, text: str) -> int:
    lines = (root / rel).read_text("utf-8").split("\n")
    (number,) = [i for i, line in enumerate(lines, start=1) if line == text]
    return number


# (file, the right line, the slip, the rule that must catch it, words of its hint)
SLIPS = [
    # registry: wrong code, name not matching the code, unknown code, code missing, another state's name
    (INCIDENTS, '    municipality_code: "16112"', '    municipality_code: "16113"', "coding.place-mismatch",
     "municipality: José Sixto Verduzco", "    municipality: Zitácuaro"),
    (INCIDENTS, '    municipality_code: "12011"', '    municipality_code: "12111"', "coding.place-unknown",
     '"12011"', '    municipality_code: "12111"'),
    (INCIDENTS, "    municipality: Tixtla de Guerrero", "    municipality: Chilapa de Álvarez", "coding.place-mismatch",
     '"12028"', "    municipality: Chilapa de Álvarez"),
    (INCIDENTS, "    municipality: Coalcomán de Vázquez Pallares", "    municipality: Coalcomán",
     "coding.place-mismatch", "Coalcomán de Vázquez Pallares", "    municipality: Coalcomán"),
    (INCIDENTS, '    municipality_code: "16112"', "    municipality_code: null", "coding.place-code-missing",
     '"16112"', "    municipality: Zitácuaro"),
    # English claims: more precise, another municipality, another state, another locality
    (EN, "    value_text: Michoacán", "    value_text: Huetamo, Michoacán", "coding.location-more-precise",
     "either the registry entry", "    value_text: Huetamo, Michoacán"),
    (EN, "    value_text: Zitácuaro, Michoacán", "    value_text: Tuzantla, Michoacán", "coding.location-differs",
     "either the registry entry", "    value_text: Tuzantla, Michoacán"),
    (EN, "    value_text: Zitácuaro, Michoacán", "    value_text: Zitácuaro, Guerrero", "coding.place-unknown",
     "Michoacán de Ocampo (16112)", "    value_text: Zitácuaro, Guerrero"),
    (EN, "    value_text: Barranca Honda, Coalcomán, Michoacán", "    value_text: El Bejuco, Coalcomán, Michoacán",
     "coding.location-differs", "locality", "    value_text: El Bejuco, Coalcomán, Michoacán"),
    (EN, "    value_text: Tepalcatepec, Tepalcatepec, Michoacán", "    value_text: Buenavista, Buenavista, Michoacán",
     "coding.location-differs", "locality", "    value_text: Buenavista, Buenavista, Michoacán"),
    # Spanish claims: the same slips
    (ES, "    value_text: Guerrero", "    value_text: Xaltianguis, Acapulco de Juárez, Guerrero",
     "coding.location-more-precise", '"12001"', "    value_text: Xaltianguis, Acapulco de Juárez, Guerrero"),
    (ES, "    value_text: Tixtla, Guerrero", "    value_text: Chilapa, Guerrero", "coding.location-differs",
     "either the registry entry", "    value_text: Chilapa, Guerrero"),
    (ES, "    value_text: Tixtla, Guerrero", "    value_text: Tixtla, Michoacán", "coding.place-unknown",
     "Guerrero (12061)", "    value_text: Tixtla, Michoacán"),
    (ES, "    value_text: El Paraíso, Atoyac de Álvarez, Guerrero", "    value_text: El Paraíso, Guerrero",
     "coding.place-unknown", "<municipality>", "    value_text: El Paraíso, Guerrero"),
    (ES, "    value_text: El Paraíso, Atoyac de Álvarez, Guerrero", "    value_text: Atoyac de Álvarez, Michoacán",
     "coding.place-unknown", "Guerrero (12011)", "    value_text: Atoyac de Álvarez, Michoacán"),
]


@pytest.mark.parametrize(("rel", "right", "slip", "rule", "hint", "at"), SLIPS,
                         ids=[f"{s[3]}:{s[2].strip()}" for s in SLIPS])
def test_a_slip_is_reported_at_its_line_with_a_fix(articles, tmp_path, rel, right, slip, rule, hint, at):
    root = shutil.copytree(articles, tmp_path / "dataset")
    text = (root / rel).read_text("utf-8")
    assert text.count(right + "\n") == 1, right
    (root / rel).write_text(text.replace(right + "\n", slip + "\n"), "utf-8")
    found = place_problems(root)
    assert [(p.rule, p.file, p.line) for p in found] == [(rule, rel, line_of(root, rel, at))], found
    assert hint in found[0].hint, found[0].hint


def test_the_issue_example_la_ruana_while_the_registry_is_at_state_level(articles, tmp_path):
    """A claim placing an incident in La Ruana (Buenavista) while the registry says 'state level'."""
    root = shutil.copytree(articles, tmp_path / "dataset")
    text = (root / EN).read_text("utf-8")
    (root / EN).write_text(text.replace("    value_text: Michoacán\n", "    value_text: La Ruana, Buenavista, "
                                        "Michoacán\n"), "utf-8")
    (problem,) = place_problems(root)
    assert problem.rule == "coding.location-more-precise" and "La Ruana" in problem.message
    assert "Elsewhere in Michoacán, soldiers detained" in problem.message  # the words of the text
    assert "seeds/registry/incidents.yaml:" in problem.hint and "stale" in problem.hint
    assert (problem.table, problem.field, problem.key) == ("claims", "value_text",
                                                           "valleherald-2016-05-10-coalcoman-zitacuaro-c10")


def test_a_municipality_in_another_state_is_the_rules_layers(articles, tmp_path):
    # a consistent name and code of Michoacán on a Guerrero incident: the coding's name check is
    # quiet, and the rules layer (rules.municipality-state) names the registry entry
    root = shutil.copytree(articles, tmp_path / "dataset")
    text = (root / INCIDENTS).read_text("utf-8")
    old = ("  - incident_id: 2017-03-02-guerrero-police-vehicles-burned\n    title: An armed group burns three state "
           "police vehicles in Guerrero\n    event_type: attack\n    state_code: MX-GRO\n    municipality: null\n"
           "    municipality_code: null\n")
    assert old in text
    (root / INCIDENTS).write_text(text.replace(old, old.replace(
        "municipality: null\n    municipality_code: null", 'municipality: Zitácuaro\n    municipality_code: "16112"')),
        "utf-8")
    assert place_problems(root) == []
    assert build(root).ok
    report = verify(root, ("coding", "rules"))
    found = [(p.rule, p.file, p.line) for p in report.problems]
    assert found == [("rules.municipality-state", INCIDENTS,
                      line_of(root, INCIDENTS, "  - incident_id: 2017-03-02-guerrero-police-vehicles-burned"))]

"""find: incidents ranked by date, place and actor, each with the reasons it matched.

Most tests search a small hand-made package (fictional incidents, English and Spanish
names); a few search the built fixture dataset and run the CLI on it.
"""

import json

import pytest
from typer.testing import CliRunner

from autodefensas.cli import app
from autodefensas.contrib.find import WEIGHTS, FindError, Match, find_incidents, search
from autodefensas.tableschema.schema import load_schemas
from autodefensas.versions import Version, open_version

runner = CliRunner()

INCIDENT_COLUMNS = ("incident_id", "title", "date_start", "date_end", "date_precision", "state_code",
                    "municipality_code", "municipality", "locality")


def incident(incident_id, title, start, end, precision, state, code="", municipality="", locality=""):
    return dict(zip(INCIDENT_COLUMNS, (incident_id, title, start, end, precision, state, code, municipality,
                                       locality)))


def actor(actor_id, name, aliases="", parent=""):
    return {"actor_id": actor_id, "name": name, "aliases": aliases, "parent_actor_id": parent}


def claim(incident_id, actor_id, claimant=""):
    return {"incident_id": incident_id, "actor_id": actor_id, "claimant_actor_id": claimant}


INCIDENTS = [
    # Apatzingán (16006) and Parácuaro (16064) are municipalities of Michoacán (MX-MIC)
    incident("a-apatzingan-day", "Autodefensas enter the town hall", "2016-03-14", "2016-03-14", "day",
             "MX-MIC", "16006", "Apatzingán"),
    incident("b-michoacan-state", "Vigilantes clash with gunmen somewhere in Michoacán", "2016-03", "2016-03",
             "month", "MX-MIC"),
    incident("c-paracuaro-antunez", "Soldados disparan contra pobladores", "2016-03-14", "2016-03-14", "day",
             "MX-MIC", "16064", "Parácuaro", "Antúnez"),
    incident("d-guerrero-days", "Policía comunitaria detiene a soldados", "2016-03-13", "2016-03-15", "days",
             "MX-GRO", "12012", "Ayutla de los Libres"),
    incident("e-month", "Roadblocks in March", "2016-03-01", "2016-03-31", "month", "MX-GRO"),
    incident("f-near", "Ambush near El Ciruelo", "2016-03-16", "2016-03-16", "day", "MX-GRO"),
    incident("g-far", "A later shooting", "2016-04-20", "2016-04-20", "day", "MX-JAL"),
]
for row in INCIDENTS:  # the build writes month-level dates as first and last day
    if row["date_precision"] == "month":
        row["date_start"], row["date_end"] = "2016-03-01", "2016-03-31"

ACTORS = [
    actor("viagras", "Los Viagras", "the Viagras"),
    actor("santa-rosa-cartel", "Cártel de Santa Rosa de Lima", "CSRL"),
    actor("cjng", "Cártel Jalisco Nueva Generación", "CJNG; Jalisco New Generation Cartel"),
    actor("crac-g", "Regional Coordinator of Community Authorities (CRAC-G)",
          "CRAC; Coordinadora Regional de Autoridades Comunitarias"),
    actor("ayutla-community-police", "Community police of Ayutla", "community police; policía comunitaria",
          parent="crac-g"),
    actor("tepalcatepec-autodefensas", "Self-defense group of Tepalcatepec (autodefensas)", "vigilantes"),
    actor("authorities", "Authorities (unspecified)", "authorities"),
]
CLAIMS = [
    claim("a-apatzingan-day", "tepalcatepec-autodefensas"),
    claim("b-michoacan-state", "viagras"),
    claim("d-guerrero-days", "ayutla-community-police"),
    claim("g-far", "cjng"),
    claim("e-month", "", claimant="viagras"),  # a claimant is not involved
    claim("c-paracuaro-antunez", "authorities", claimant="cjng"),
]

PACKAGE = Version("hand-made", {"incidents": INCIDENTS, "actors": ACTORS, "claims": CLAIMS}, {})


@pytest.fixture(scope="module")
def gazetteer(built):
    return load_schemas(built).gazetteer


def ids(matches):
    return [m.incident_id for m in matches]


def by_id(matches):
    return {m.incident_id: m for m in matches}


# --- dates ---------------------------------------------------------------------------------

def test_a_day_inside_an_interval_of_days_says_which_contains_which(gazetteer):
    found = by_id(find_incidents(PACKAGE, date="2016-03-14", gazetteer=gazetteer))
    assert found["d-guerrero-days"].reasons == ("dates overlap: 2016-03-13/2016-03-15 contains 2016-03-14",)
    assert found["e-month"].reasons == ("dates overlap: 2016-03 contains 2016-03-14",)
    assert found["a-apatzingan-day"].reasons == ("dates equal: 2016-03-14",)
    # the same day first, then the three days around it, then the month, then a near miss
    order = ids(find_incidents(PACKAGE, date="2016-03-14", gazetteer=gazetteer))
    assert order.index("a-apatzingan-day") < order.index("d-guerrero-days") < order.index("e-month")
    assert order.index("e-month") < order.index("f-near")
    assert "g-far" not in order


def test_a_month_contains_its_days():
    found = by_id(find_incidents(PACKAGE, date="2016-03"))
    assert found["a-apatzingan-day"].reasons == ("dates overlap: 2016-03-14 lies within 2016-03",)
    assert found["e-month"].score == 1.0
    assert "g-far" not in found


def test_an_iso_week_and_a_year_are_dates_too():
    assert "dates overlap: 2016-03-14 lies within 2016-W11" in by_id(
        find_incidents(PACKAGE, date="2016-W11"))["a-apatzingan-day"].reasons
    assert len(find_incidents(PACKAGE, date="2016", limit=50)) == len(INCIDENTS)


def test_a_near_miss_ranks_below_any_overlap_and_says_how_far():
    found = by_id(find_incidents(PACKAGE, date="2016-03-18/2016-03-19", limit=50))
    assert found["f-near"].reasons == ("dates near: 2016-03-16 is 2 days before 2016-03-18/2016-03-19",)
    assert found["f-near"].score < found["e-month"].score
    assert "c-paracuaro-antunez" not in found  # four days off: another event


def test_a_partial_overlap_names_the_days_shared():
    found = by_id(find_incidents(PACKAGE, date="2016-03-15/2016-03-17"))
    assert found["d-guerrero-days"].reasons == ("dates overlap: 2016-03-13/2016-03-15 and 2016-03-15/2016-03-17 "
                                                "share 2016-03-15",)


@pytest.mark.parametrize("bad", ["14/03/2016", "2016-02-30", "2016-03-15/2016-03-14", "marzo 2016", "2016-W60"])
def test_a_date_outside_the_grammar_is_refused_with_its_help(bad):
    with pytest.raises(FindError, match="yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd, yyyy-Www, yyyy-mm or yyyy"):
        find_incidents(PACKAGE, date=bad)


# --- places --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Apatzingán", "apatzingan", "APATZINGAN", "Apatzingan de la Constitucion",
                                  "Apatzingam"])
def test_a_municipality_by_any_spelling_ranks_its_incident_above_the_state_level_one(gazetteer, name):
    found = search(PACKAGE, place=name, gazetteer=gazetteer)
    assert any("Apatzingán (16006, MX-MIC)" in note for note in found.notes)
    matches = by_id(found.matches)
    assert ids(found.matches)[:2] == ["a-apatzingan-day", "b-michoacan-state"]
    assert matches["b-michoacan-state"].reasons == ("place: state-level incident in MX-MIC, which contains Apatzingán",)
    # Parácuaro is another municipality of the same state: no match
    assert "c-paracuaro-antunez" not in matches


def test_an_unrelated_incident_in_the_same_state_ranks_below_the_one_in_the_municipality(gazetteer):
    found = find_incidents(PACKAGE, date="2016-03-14", state="MX-MIC", place="Apatzingán", gazetteer=gazetteer)
    order = ids(found)
    # the same day in another municipality of the state: listed (the state was given), but below
    assert order[0] == "a-apatzingan-day"
    paracuaro = by_id(found)["c-paracuaro-antunez"]
    assert paracuaro.score < 0.75 * found[0].score
    assert "the state given, not in 'Apatzingán'" in paracuaro.reasons[1]
    assert not {"d-guerrero-days", "e-month", "f-near"} & set(order)  # --state excludes Guerrero


@pytest.mark.parametrize("name", ["Antúnez", "antunez", "Antunes"])
def test_a_locality_matches_the_incident_coded_at_it(gazetteer, name):
    found = find_incidents(PACKAGE, place=name, gazetteer=gazetteer)
    assert ids(found)[0] == "c-paracuaro-antunez"
    assert found[0].reasons[0].startswith("place: incident's locality Antúnez is")


def test_a_place_only_the_title_names(gazetteer):
    found = search(PACKAGE, place="El Ciruelo", gazetteer=gazetteer)
    assert any("no state or municipality" in note for note in found.notes)
    assert ids(found.matches) == ["f-near"]
    assert found.matches[0].reasons == ("place: the title names 'El Ciruelo'",)


def test_a_state_contains_its_municipalities(gazetteer):
    found = by_id(find_incidents(PACKAGE, place="Michoacán", gazetteer=gazetteer))
    assert found["b-michoacan-state"].score == 1.0
    assert found["a-apatzingan-day"].score == 0.8
    assert "within MX-MIC" in found["a-apatzingan-day"].reasons[0]
    assert "d-guerrero-days" not in found


def test_a_name_two_states_give_is_read_as_both_unless_the_state_says(gazetteer):
    both = search(PACKAGE, place="Ayutla", gazetteer=gazetteer)
    assert "Ayutla de los Libres (12012, MX-GRO); Ayutla (14017, MX-JAL)" in both.notes[0]
    one = search(PACKAGE, place="Ayutla", state="MX-GRO", gazetteer=gazetteer)
    assert "MX-JAL" not in one.notes[0]
    assert ids(one.matches)[0] == "d-guerrero-days"


@pytest.mark.parametrize("code", ["MX-MIC", "mx-mic", "MIC", "Michoacán"])
def test_a_state_by_code_or_name(gazetteer, code):
    assert set(ids(find_incidents(PACKAGE, state=code, gazetteer=gazetteer))) == {
        "a-apatzingan-day", "b-michoacan-state", "c-paracuaro-antunez"}


def test_an_unknown_state_code_lists_the_codes(gazetteer):
    with pytest.raises(FindError, match=r"not a state code.*MX-MIC.*MX-ZAC"):
        find_incidents(PACKAGE, state="MX-XXX", gazetteer=gazetteer)


def test_a_place_that_is_another_state_than_the_one_given_is_refused(gazetteer):
    with pytest.raises(FindError, match="drop one of them"):
        find_incidents(PACKAGE, state="MX-GRO", place="Michoacán", gazetteer=gazetteer)


# --- actors --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Los Viagras", "los viagras", "the Viagras", "Viagras", "LOS VIAGRA"])
def test_an_actor_by_its_name_or_alias_in_either_language(name):
    found = find_incidents(PACKAGE, actor=name)
    assert ids(found) == ["b-michoacan-state"]
    assert found[0].reasons[0].startswith("actor: a claim involves Los Viagras (viagras)")


@pytest.mark.parametrize("name", ["CJNG", "cjng", "Cártel Jalisco Nueva Generación", "cartel jalisco nueva generacion",
                                  "Jalisco New Generation Cartel"])
def test_the_cjng_in_spanish_english_and_as_initials(name):
    assert ids(find_incidents(PACKAGE, actor=name)) == ["g-far"]


@pytest.mark.parametrize("name", ["Los Zetas", "Cártel del Golfo", "Cártel de Sinaloa", "Guerreros Unidos"])
def test_close_but_different_names_pull_in_no_actor(name):
    found = search(PACKAGE, actor=name)
    assert found.matches == []
    assert "matches no actor" in found.notes[0]


def test_a_name_sharing_words_with_two_actors_matches_only_the_one_holding_all():
    # "Cártel de Santa Rosa de Lima" and "Cártel Jalisco Nueva Generación" share "Cártel"
    note = search(PACKAGE, actor="Santa Rosa de Lima").notes[0]
    assert "santa-rosa-cartel" in note and "cjng" not in note


def test_a_unit_is_found_through_its_parent_chain():
    found = find_incidents(PACKAGE, actor="CRAC")
    assert ids(found) == ["d-guerrero-days"]
    assert "Community police of Ayutla (ayutla-community-police), part of" in found[0].reasons[0]
    assert found[0].score == pytest.approx(0.9)


@pytest.mark.parametrize("name", ["policía comunitaria", "Policia Comunitaria", "community police"])
def test_community_police_in_spanish_and_english(name):
    assert ids(find_incidents(PACKAGE, actor=name)) == ["d-guerrero-days"]


@pytest.mark.parametrize("name", ["autodefensas", "Autodefensa"])
def test_a_word_of_a_longer_name(name):
    assert ids(find_incidents(PACKAGE, actor=name)) == ["a-apatzingan-day"]


def test_a_claimant_is_not_involvement():
    assert "e-month" not in ids(find_incidents(PACKAGE, actor="Los Viagras"))
    assert "c-paracuaro-antunez" not in ids(find_incidents(PACKAGE, actor="CJNG"))


def test_an_actor_of_articles_only_is_refused():
    with pytest.raises(FindError, match="give a name"):
        find_incidents(PACKAGE, actor="los")


# --- combined ------------------------------------------------------------------------------

def test_the_score_is_the_weighted_mean_over_the_criteria_given(gazetteer):
    found = by_id(find_incidents(PACKAGE, date="2016-03-14", place="Apatzingán", actor="autodefensas",
                                 gazetteer=gazetteer))
    assert found["a-apatzingan-day"].score == 1.0
    assert len(found["a-apatzingan-day"].reasons) == 3
    # the month-level state incident: contains the day, state-level, another actor
    state = found["b-michoacan-state"]
    day_in_month = 0.6 + 0.4 * (1 / 31) ** 0.5
    assert state.score == pytest.approx((WEIGHTS["date"] * day_in_month + WEIGHTS["place"] * 0.5) / sum(WEIGHTS.values()),
                                        abs=1e-3)
    assert state.reasons[2] == "actor: no claim involves an actor named like 'autodefensas'"


def test_ties_are_broken_by_incident_id(gazetteer):
    found = find_incidents(PACKAGE, state="MX-MIC", gazetteer=gazetteer)
    assert [m.score for m in found] == [1.0, 1.0, 1.0]
    assert ids(found) == sorted(ids(found))


def test_limit_and_the_count_before_it(gazetteer):
    found = search(PACKAGE, date="2016", limit=2, gazetteer=gazetteer)
    assert len(found.matches) == 2 and found.matched == len(INCIDENTS) and found.searched == len(INCIDENTS)
    with pytest.raises(FindError, match="at least 1"):
        find_incidents(PACKAGE, date="2016", limit=0)


def test_no_criterion_is_a_usage_error():
    with pytest.raises(FindError, match="at least one criterion"):
        find_incidents(PACKAGE)


def test_a_match_is_what_draft_reads():
    match = find_incidents(PACKAGE, date="2016-03-14")[0]
    assert isinstance(match, Match) and isinstance(match.reasons, tuple) and 0 <= match.score <= 1


# --- the built fixture dataset and the CLI -------------------------------------------------

def test_the_built_package_finds_the_apatzingan_clash(built):
    package = open_version(built / "datapackage.json")
    found = find_incidents(package, date="2015-01-06", place="Apatzingán", gazetteer=load_schemas(built).gazetteer)
    assert ids(found)[:2] == sorted(["2015-01-06-apatzingan-protesters-security-forces-clash",
                                     "2015-01-06-apatzingan-town-hall-retaken"])
    assert found[0].score == 1.0


def test_cli_text(built):
    result = runner.invoke(app, ["find", "--date", "2013-08-06", "--place", "Ayutla", "--state", "MX-GRO",
                                 "--root", str(built)])
    assert result.exit_code == 0, result.output
    assert "--place 'Ayutla' is the municipality Ayutla de los Libres (12012, MX-GRO)" in result.output
    assert "1. 2013-08-05-ayutla-community-police-arrested" in result.output
    assert "dates near: 2013-08-05 is 1 day before 2013-08-06" in result.output


def test_cli_json(built):
    result = runner.invoke(app, ["find", "--actor", "Fuerza Rural", "--format", "json", "--root", str(built)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["criteria"] == {"actor": "Fuerza Rural"}
    assert out["matches"] and set(out["matches"][0]) == {"incident_id", "title", "score", "reasons"}


def test_cli_nothing_matched_exits_1_and_says_how_to_loosen(built):
    result = runner.invoke(app, ["find", "--date", "1999-01-01", "--root", str(built)])
    assert result.exit_code == 1
    assert "No incident of the" in result.output and "Loosen the search" in result.output


@pytest.mark.parametrize(("args", "words"), [
    (["--date", "6 de agosto"], "yyyy-mm-dd, yyyy-mm-dd/yyyy-mm-dd"),
    (["--state", "MX-XYZ"], "MX-MIC"),
    ([], "at least one criterion"),
    (["--date", "2013", "--format", "xml"], "formats are text, json"),
])
def test_cli_usage_errors_exit_2_without_a_traceback(built, args, words):
    result = runner.invoke(app, ["find", *args, "--root", str(built)])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output and "internal error" not in result.output


def test_cli_outside_a_checkout(tmp_path):
    result = runner.invoke(app, ["find", "--date", "2013", "--root", str(tmp_path)])
    assert result.exit_code == 2 and "not an autodefensas checkout" in result.output


def test_cli_works_while_a_new_sheet_is_a_draft_that_does_not_build(dataset):
    (dataset / "seeds" / "nuevo-2016-03-15-borrador.yaml").write_text("source: {source_id: x\nclaims: [", "utf-8")
    result = runner.invoke(app, ["find", "--date", "2014-01-13", "--place", "Parácuaro", "--root", str(dataset)])
    assert result.exit_code == 0, result.output
    assert "2014-01-13-antunez-soldiers-fire-on-crowd" in result.output


def test_without_a_gazetteer_the_toolkits_own_is_read():
    assert ids(find_incidents(PACKAGE, place="apatzingan"))[:2] == ["a-apatzingan-day", "b-michoacan-state"]


def test_with_a_date_an_incident_of_another_date_is_not_listed(built):
    package = open_version(built / "datapackage.json")
    gazetteer = load_schemas(built).gazetteer
    elsewhere_in_time = "2019-10-14-michoacan-police-ambush"  # state-level, in Michoacán
    by_place = [m.incident_id for m in find_incidents(package, place="Apatzingán", gazetteer=gazetteer, limit=50)]
    assert elsewhere_in_time in by_place
    dated = find_incidents(package, date="2015-01-06", place="Apatzingán", gazetteer=gazetteer, limit=50)
    assert elsewhere_in_time not in [m.incident_id for m in dated]
    assert {"2015-01-06-apatzingan-town-hall-retaken", "2015-01-06-apatzingan-protesters-security-forces-clash"} \
        == {m.incident_id for m in dated[:2]}

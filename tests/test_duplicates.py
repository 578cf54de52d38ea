"""Likely duplicate incidents (rules.likely-duplicate): the same event registered twice,
across sources and precision, caught with the registry line and a fix; different events
stay quiet.

End to end: two articles written for the tests (tests/fixtures/meaning-dups/: one in
English, one in Spanish) are added, with their registry entries, to a copy of the frozen
dataset. Each entry's comment in registry.py says whether the check must catch it
(and against which incident) or stay quiet. Then the pure function on small frames,
one condition at a time, in both directions.
"""

import datetime as dt
import importlib.util
import json
import random
import shutil
import time

import polars as pl
import pytest

from autodefensas import build, verify
from autodefensas.synthetic import generate
from autodefensas.tableschema import load_schemas
from autodefensas.verify.duplicates import LONG_WEEKS, likely_duplicates, normal_place, same_locality
from conftest import REPO, copy_dataset, find_line

FIXTURE = REPO / "tests" / "fixtures" / "meaning-dups"
ARTICLES = ("tierracalientecourier-2015-01-10-rural-force-shootouts",
            "elvigiadelacosta-2019-10-17-tres-dias-de-violencia")
INCIDENTS = "seeds/registry/incidents.yaml"
RULE = "rules.likely-duplicate"
# new incident -> the frozen dataset's incident it duplicates (the entries registry.py marks CAUGHT)
CAUGHT = {
    "2014-12-16-la-ruana-rural-force-shootout": "2014-12-rural-defense-force-torres-mora-clash",
    "2015-01-06-apatzingan-federal-police-attack": "2015-01-06-apatzingan-town-hall-retaken",
    "2019-10-14-el-aguaje-police-gunmen-clash": "2019-10-14-michoacan-police-ambush",
}
QUIET = ("2014-12-30-buenavista-rural-force-shootout", "2019-10-14-aguililla-merchants-blockade",
         "2019-10-15-chilpancingo-army-armed-civilians-clash")


def registry_additions() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("registry", FIXTURE / "registry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.APPEND


@pytest.fixture(scope="module")
def contributed(built, tmp_path_factory):
    """The frozen dataset with both articles, their sheets and registry entries, built."""
    root = copy_dataset(tmp_path_factory.mktemp("dups") / "dataset", built)
    for source_id in ARTICLES:
        for suffix in (".txt", ".yaml"):
            shutil.copy2(FIXTURE / f"{source_id}{suffix}", root / "seeds" / f"{source_id}{suffix}")
    for rel, added in registry_additions().items():
        path = root / rel
        path.write_text(path.read_text("utf-8") + added, "utf-8")
    report = build(root)
    assert report.ok, report.format_text()
    return root


def found(root):
    report = verify(root, ("coding", "rules"))
    assert {p.rule for p in report.problems} <= {RULE}, report.format_text()
    return [p for p in report.problems if p.rule == RULE]


def test_duplicates_across_sources_and_precision_are_caught_at_the_later_entry(contributed):
    problems = found(contributed)
    assert sorted(p.key for p in problems) == sorted(CAUGHT)  # each pair once; the quiet ones quiet
    for problem in problems:
        other = CAUGHT[problem.key]
        assert (problem.file, problem.line) == (INCIDENTS, find_line(contributed / INCIDENTS,
                                                                      rf"^  - incident_id: {problem.key}$")[0])
        other_line = find_line(contributed / INCIDENTS, rf"^  - incident_id: {other}$")[0]
        assert f"likely the same event as {other!r} ({INCIDENTS}:{other_line})" in problem.message
        assert f"distinct_from: {other}" in problem.hint and "withdrawn.yaml" in problem.hint
        assert problem.value == other and problem.field == "distinct_from" and problem.severity == "error"


def test_each_finding_says_why(contributed):
    why = {p.key: p.message for p in found(contributed)}
    # month and state against day and town: the same type and both units as combatants
    clash = why["2014-12-16-la-ruana-rural-force-shootout"]
    assert "the dates 2014-12-16 and 2014-12-01/2014-12-31 overlap" in clash
    assert "the places 'La Ruana, Buenavista (16012), MX-MIC' and 'MX-MIC' are compatible" in clash
    assert ("both involve rural-defense-force-mora-unit (combatant) and rural-defense-force-torres-unit "
            "(combatant); both are armed_clash") in clash
    # another event type, the same actor in the same part
    assert why["2015-01-06-apatzingan-federal-police-attack"].endswith("both involve federal-police (perpetrator)")
    # another event type that can be the same event (Spanish article); no actor in common
    assert why["2019-10-14-el-aguaje-police-gunmen-clash"].endswith(
        "armed_clash and attack can be the same event (schemas/event_types.json, same_event_as)")


def test_distinct_from_either_way_silences_a_pair(contributed, tmp_path):
    root = copy_dataset(tmp_path / "dataset", contributed)
    path = root / INCIDENTS
    text = path.read_text("utf-8")
    # on the new entry, naming the old one
    text = text.replace("  - incident_id: 2014-12-16-la-ruana-rural-force-shootout\n",
                        "  - incident_id: 2014-12-16-la-ruana-rural-force-shootout\n"
                        "    distinct_from: 2014-12-rural-defense-force-torres-mora-clash\n")
    # on the old entry, naming the new one
    text = text.replace("  - incident_id: 2019-10-14-michoacan-police-ambush\n",
                        "  - incident_id: 2019-10-14-michoacan-police-ambush\n"
                        "    distinct_from: 2019-10-14-el-aguaje-police-gunmen-clash\n")
    path.write_text(text, "utf-8")
    assert build(root).ok
    assert [p.key for p in found(root)] == ["2015-01-06-apatzingan-federal-police-attack"]


def test_the_quiet_entries_stay_quiet_alone(contributed, tmp_path):
    """Without the three duplicates, nothing is reported: the other municipality, the
    non-overlapping dates, distinct_from, and no actor with incompatible types."""
    root = copy_dataset(tmp_path / "dataset", contributed)
    path = root / INCIDENTS
    text = path.read_text("utf-8")
    for incident_id in CAUGHT:
        text = text.replace(f"  - incident_id: {incident_id}\n", f"  - incident_id: {incident_id}-x\n"
                            "    distinct_from: " + CAUGHT[incident_id] + "\n")
    path.write_text(text, "utf-8")
    for source_id in ARTICLES:
        sheet = root / "seeds" / f"{source_id}.yaml"
        sheet.write_text("".join(
            line.replace(line.strip(), line.strip() + "-x") if line.startswith("    incident_id: ")
            and line.split(": ")[1].strip() in CAUGHT else line
            for line in sheet.read_text("utf-8").splitlines(keepends=True)), "utf-8")
    assert build(root).ok
    assert found(root) == []


# --- the pure function, on small frames --------------------------------------------------------

SAME_EVENT = {"armed_clash": frozenset({"attack"}), "attack": frozenset({"armed_clash"})}


def incident(incident_id, event_type, start, end=None, state="MX-MIC", code=None, locality=None,
             distinct_from=None, municipality=None):
    return {"incident_id": incident_id, "event_type": event_type, "date_start": dt.date.fromisoformat(start),
            "date_end": dt.date.fromisoformat(end or start), "state_code": state, "municipality_code": code,
            "municipality": municipality, "locality": locality, "distinct_from": distinct_from}


def actor(incident_id, actor_id, role, hedged=False):
    return {"incident_id": incident_id, "claim_type": "involved_actor", "actor_id": actor_id, "role": role,
            "hedged": hedged}


def pairs(incidents, actors=(), same_event=None):
    frame = pl.DataFrame(incidents, schema={
        "incident_id": pl.String, "event_type": pl.String, "date_start": pl.Date, "date_end": pl.Date,
        "state_code": pl.String, "municipality_code": pl.String, "municipality": pl.String,
        "locality": pl.String, "distinct_from": pl.String})
    claims = pl.DataFrame(list(actors), schema={"incident_id": pl.String, "claim_type": pl.String,
                                                "actor_id": pl.String, "role": pl.String, "hedged": pl.Boolean})
    out = likely_duplicates(frame, claims, SAME_EVENT if same_event is None else same_event)
    ids = frame["incident_id"]
    return [(ids[a], ids[b], actors, types) for a, b, actors, types in out.iter_rows()]


MONTH_STATE = incident("2014-12-clash", "armed_clash", "2014-12-01", "2014-12-31")


@pytest.mark.parametrize(("other", "caught"), [
    # the month contains the day; the state contains the town
    (incident("d", "armed_clash", "2014-12-16", code="16012", locality="La Ruana"), True),
    # another day of the month, an interval across the month's end
    (incident("d", "armed_clash", "2014-11-28", "2014-12-02", code="16012"), True),
    # not overlapping: the next month, the month before
    (incident("d", "armed_clash", "2015-01-01", code="16012"), False),
    (incident("d", "armed_clash", "2014-11-30", code="16012"), False),
    # another state
    (incident("d", "armed_clash", "2014-12-16", state="MX-GRO", code="12035"), False),
    # a type that can be the same event, one that cannot
    (incident("d", "attack", "2014-12-16", code="16012"), True),
    (incident("d", "blockade", "2014-12-16", code="16012"), False),
    # distinct_from, either way
    (incident("d", "armed_clash", "2014-12-16", code="16012", distinct_from="2014-12-clash"), False),
])
def test_month_and_state_against_day_and_town(other, caught):
    assert bool(pairs([MONTH_STATE, other])) == caught
    assert bool(pairs([other, MONTH_STATE])) == caught  # row order does not matter


def test_distinct_from_on_the_first_incident():
    first = {**MONTH_STATE, "distinct_from": "d"}
    assert pairs([first, incident("d", "armed_clash", "2014-12-16")]) == []


@pytest.mark.parametrize(("a", "b", "caught"), [
    # Spanish place names: accents, case, a longer official name, a list of places
    ("Nueva Italia", "nueva italia", True),
    ("Antúnez", "ANTUNEZ", True),
    ("Nueva Italia", "Nueva Italia de Ruiz", True),
    ("El Aguaje; Naranjo de Chila", "el aguaje", True),
    ("Antúnez y Nueva Italia", "Nueva Italia", True),
    ("La Ruana", "El Ceñidor", False),
    ("Felipe Carrillo Puerto", "La Ruana", False),
    ("La Ruana", None, True),
])
def test_localities_within_one_municipality(a, b, caught):
    assert same_locality(a, b) == caught and same_locality(b, a) == caught
    found = pairs([incident("a", "armed_clash", "2014-12-16", code="16012", locality=a),
                   incident("b", "armed_clash", "2014-12-16", code="16012", locality=b)])
    assert bool(found) == caught


def test_localities_of_other_municipalities_are_not_compared():
    assert pairs([incident("a", "armed_clash", "2014-12-16", code="16012", locality="La Ruana"),
                  incident("b", "armed_clash", "2014-12-16", code="16055", locality="La Ruana")]) == []
    # a state-level incident that lists places is compatible with a town of the state
    assert pairs([incident("a", "armed_clash", "2014-12-16", locality="Antúnez, Parácuaro y Nueva Italia"),
                  incident("b", "armed_clash", "2014-12-16", code="16055", locality="El Ceñidor")])


def test_normal_place():
    assert normal_place("  Apatzingán   de la Constitución ") == "apatzingan de la constitucion"


def test_shared_actor_needs_the_same_role():
    day = [incident("arrest", "arrest", "2013-08-05", state="MX-GRO", code="12012"),
           incident("detention", "detention", "2013-08-05", "2013-08-07", state="MX-GRO")]
    # soldiers detain community police, then the police's comrades detain soldiers: a chain of
    # events, the army first detainer then detained
    chain = [actor("arrest", "mexican-army", "detainer"), actor("detention", "mexican-army", "detained")]
    assert pairs(day, chain) == []
    same = [actor("arrest", "mexican-army", "detainer"), actor("detention", "mexican-army", "detainer"),
            actor("detention", "crac", "detained")]
    assert pairs(day, same) == [("arrest", "detention", ["mexican-army (detainer)"], False)]


def test_hedged_involvement_counts():
    day = [incident("a", "occupation", "2015-01-06", code="16006"), incident("b", "blockade", "2015-01-06")]
    claims = [actor("a", "viagras", "perpetrator"), actor("b", "viagras", "perpetrator", hedged=True)]
    assert pairs(day, claims) == [("a", "b", ["viagras (perpetrator)"], False)]


def test_types_are_compatible_only_as_listed():
    day = [incident("a", "armed_clash", "2019-10-14"), incident("b", "attack", "2019-10-14", code="16002")]
    assert pairs(day) == [("a", "b", [], True)]
    assert pairs(day, same_event={}) == []  # without the table only equal types
    assert pairs([day[0], {**day[1], "event_type": "armed_clash"}], same_event={}) == [("a", "b", [], True)]


def test_each_pair_once_however_many_months_and_keys_it_shares():
    long = incident("a", "armed_clash", "2014-11-01", "2015-02-28")
    other = incident("b", "armed_clash", "2014-11-15", "2015-01-15")
    claims = [actor(i, x, "combatant") for i in "ab" for x in ("torres", "mora")]
    assert pairs([long, other], claims) == [("a", "b", ["mora (combatant)", "torres (combatant)"], True)]


def test_long_intervals_are_compared_within_their_state():
    years = incident("years", "armed_clash", "2013-01-01", "2016-12-31")
    assert (dt.date(2016, 12, 31) - dt.date(2013, 1, 1)).days // 7 > LONG_WEEKS
    inside = incident("inside", "attack", "2015-06-03", code="16006")
    outside = incident("outside", "attack", "2017-01-01", code="16006")
    elsewhere = incident("elsewhere", "attack", "2015-06-03", state="MX-GRO")
    assert pairs([years, inside, outside, elsewhere]) == [("years", "inside", [], True)]
    assert pairs([inside, {**years, "incident_id": "years2"}, years]) == [
        ("inside", "years2", [], True), ("inside", "years", [], True), ("years2", "years", [], True)]


def test_incidents_without_a_date_or_state_are_left_out():
    dated = incident("a", "armed_clash", "2014-12-16")
    assert pairs([dated, {**dated, "incident_id": "b", "date_start": None, "date_end": None}]) == []
    assert pairs([dated, {**dated, "incident_id": "b", "state_code": None}]) == []
    assert pairs([dated, {**dated, "incident_id": "b", "date_end": None}]) == [("a", "b", [], True)]


def test_the_synthetic_dataset_holds_no_likely_duplicate():
    """The benchmark's incidents must not flood the check: one per place and day."""
    synthetic = generate(20_000, seed=3)
    cells = [(r["state_code"], r["municipality_code"], r["incident_id"][:10]) for r in synthetic.incidents]
    assert len(set(cells)) == len(cells)


def test_a_blocked_comparison_stays_fast():
    """100,000 incidents in one state over two years (no two in one place on one day):
    candidates come from blocks of a state, a municipality and a month, never all pairs
    (which would be 5 billion)."""
    rng = random.Random(5)
    n = 100_000
    cells = rng.sample(range(730 * 300), n)
    frame = pl.DataFrame({
        "incident_id": [f"i{k}" for k in range(n)],
        "event_type": [rng.choice(["armed_clash", "attack", "blockade"]) for _ in range(n)],
        "date_start": [dt.date(2018, 1, 1) + dt.timedelta(days=c // 300) for c in cells],
        "state_code": "MX-MIC", "municipality_code": [f"16{c % 300:03d}" for c in cells],
        "locality": None, "distinct_from": None}).with_columns(
        pl.col("locality", "distinct_from").cast(pl.String), date_end=pl.col("date_start"))
    claims = pl.DataFrame({"incident_id": frame["incident_id"], "claim_type": "involved_actor",
                           "actor_id": [f"g{rng.randrange(n // 10)}" for _ in range(n)], "role": "combatant",
                           "hedged": False})
    started = time.perf_counter()
    assert likely_duplicates(frame, claims, SAME_EVENT).height == 0
    assert time.perf_counter() - started < 20  # under a second on 2 cores


# --- same_event_as in schemas/event_types.json -------------------------------------------------

def test_same_event_as_is_read_and_symmetric():
    same = load_schemas(REPO).same_event_types()
    assert "attack" in same["armed_clash"] and "armed_clash" in same["attack"]
    assert all(kind in same[other] for kind, others in same.items() for other in others)
    # the chains coded apart in the frozen dataset are not the same event
    for a, b in [("arrest", "detention"), ("blockade", "detention"), ("occupation", "government_regains_territory"),
                 ("armed_clash", "arrest"), ("government_regains_territory", "violent_demonstration")]:
        assert b not in same[a]


@pytest.mark.parametrize(("change", "message"), [
    (lambda e: e["attack"]["same_event_as"].append("ambush"), "names ['ambush']: not another event type"),
    (lambda e: e["attack"]["same_event_as"].append("attack"), "names ['attack']: not another event type"),
    (lambda e: e["attack"]["same_event_as"].remove("armed_clash"),
     "'armed_clash' lists 'attack' in same_event_as, but 'attack' does not list 'armed_clash'"),
    (lambda e: e["attack"].update(same_event_as="armed_clash"), "is not a list of event types"),
])
def test_same_event_as_mistakes_are_schema_problems(tmp_path, change, message):
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    path = tmp_path / "schemas" / "event_types.json"
    data = json.loads(path.read_text("utf-8"))
    change({e["event_type"]: e for e in data["event_types"]})
    path.write_text(json.dumps(data, indent=2), "utf-8")
    problems = load_schemas(tmp_path).problems
    assert [p.file for p in problems] == ["schemas/event_types.json"], problems
    assert message in problems[0].message and problems[0].line > 1

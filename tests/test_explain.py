"""explain: each derived field of an incident with the rule step and the claims behind it,
the claims set aside and why, and against another version what changed and which claims
moved it (contrib/explain/, `autodefensas explain`)."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from autodefensas import build
from autodefensas.cli import app
from autodefensas.contrib.explain import FIELDS, PLACE_FIELDS, UnknownIncident, explain, format_explanation
from autodefensas.versions import Version, open_version
from conftest import REPO

APATZINGAN = "2015-01-06-apatzingan-town-hall-retaken"
SHEET = "seeds/insightcrime-2015-01-07-apatzingan-shootouts.yaml"
C11 = "insightcrime-2015-01-07-apatzingan-shootouts-c11"
C09 = "insightcrime-2015-01-07-apatzingan-shootouts-c09"


def run(*args):
    result = CliRunner().invoke(app, ["explain", *map(str, args)])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def fixture_version(built):
    return open_version(built)


# --- the explanation comes from the build's own derivation ----------------------------------

def test_every_incident_is_explained_with_the_values_the_build_published(fixture_version):
    incidents = fixture_version.typed("incidents")
    assert incidents
    for row in incidents:
        ex = explain(fixture_version, row["incident_id"])
        assert [f.field for f in ex.now.fields] == list(FIELDS)
        assert {f.field: f.value for f in ex.now.fields} == {name: row[name] for name in FIELDS}
        assert not any(f.differs for f in ex.now.fields)


def test_the_design_example_names_its_claims_and_steps(fixture_version):
    ex = explain(fixture_version, APATZINGAN)
    fields = {f.field: f for f in ex.now.fields}
    assert (fields["fatalities_low"].value, fields["fatalities_high"].value) == (1, 7)
    assert fields["fatalities_high"].claims == [C11]
    assert fields["fatalities_high_open"].rule == "only at_least figures state the largest upper bound"
    assert (fields["fatalities_disputed"].value, fields["fatalities_disputed"].claims) == (True, [C09, C11])
    assert fields["date_precision"].rule == "narrowest date interval"
    assert [(s.claim_id.rsplit("-", 1)[1], s.reason) for s in ex.now.set_aside] == [("c12", "scope: several incidents")]
    claim = ex.now.claims[C11]
    assert (claim.value, claim.claimant, claim.quote) == (
        "at_least 7", "locals / apatzingan-locals", "locals said at least seven were killed in the gun battle")


# --- hand-made claims: one for each step of the rules ------------------------------------------

def _row(version, table, **values):
    row = {f["name"]: "" for f in version.schemas[table]["fields"]}
    assert set(values) <= set(row), set(values) - set(row)
    return {**row, **{k: str(v) for k, v in values.items()}}


def handmade(base: Version, claims: list[dict], incident="2020-01-01-test-incident") -> Version:
    """A version holding one incident and the given claims (cells as published)."""
    sources = [_row(base, "sources", source_id="doc-a", role="document", language="en"),
               _row(base, "sources", source_id="doc-b", role="document", language="es")]
    rows = [_row(base, "claims", incident_id=incident, hedged="false", **c) for c in claims]
    incidents = [_row(base, "incidents", incident_id=incident, title="A test incident", state_code="MX-MIC",
                      geo_precision="state")]
    return Version("hand-made", {"sources": sources, "actors": [], "incidents": incidents, "claims": rows},
                   base.schemas)


def fig(cid, low="", high="", q="exact", source="doc-a", **more):
    return {"claim_id": cid, "source_id": source, "claim_type": "fatalities", "value_low": low, "value_high": high,
            "value_qualifier": q, "scope": "incident", "quote": f"quote of {cid}", **more}


def date(cid, text, source="doc-a"):
    return {"claim_id": cid, "source_id": source, "claim_type": "date", "value_text": text, "quote": f"date {cid}"}


EVERY_STEP = [
    fig("c01", 15, 15), fig("c02", 15, 15, claimant_text="a spokesman"), fig("c03", 14, 14, actor_id="civilians"),
    fig("c04", q="unspecified"), fig("c05", 40, q="at_least", scope="several_incidents"),
    fig("c06", 2, 2, source="doc-b", quote="dos personas perdieron la vida, según la Fiscalía"),
    fig("c07", 9, q="at_least", source="doc-b", quote="al menos nueve muertos"),
    date("c08", "2019-12"), date("c09", "2019-12-30"), date("c10", "2019-12-31"),
]
REASONS = {"c02": "same estimate from the same document counts once, as c01",
           "c03": "group figure: a part of the whole-incident figure its claimant gives in c01",
           "c04": "unspecified figure",
           "c05": "scope: several incidents",
           "c08": "wider interval than c09",
           "c10": "later interval as narrow as c09"}
RULES = {"fatalities_low": ("smallest lower bound a figure states", ["c06"]),
         "fatalities_best": ("lower median of the points of the figures that state the toll", ["c06"]),
         "fatalities_high": ("largest upper bound", ["c01"]),
         "fatalities_high_open": ("a figure that is not at_least states the largest upper bound", ["c01"]),
         "fatalities_disputed": ("the figures cannot all be true: one says at least 15, another at most 2",
                                 ["c01", "c06"]),
         "date_start": ("narrowest date interval, the earliest of equally narrow ones", ["c09"]),
         "n_sources": ("documents with a claim on the incident", [f"c{i:02d}" for i in range(1, 11)])}


@pytest.fixture(scope="module")
def every_step(fixture_version):
    return explain(handmade(fixture_version, EVERY_STEP), "2020-01-01-test-incident")


def test_each_step_and_each_reason_is_in_the_explanation(every_step):
    fields = {f.field: f for f in every_step.now.fields}
    assert {name: (fields[name].rule, fields[name].claims) for name in RULES} == RULES
    assert {f.field: f.value for f in every_step.now.fields if f.field.startswith("fatalities")} == {
        "fatalities_low": 2, "fatalities_best": 2, "fatalities_high": 15, "fatalities_high_open": False,
        "fatalities_disputed": True}
    assert {s.claim_id: " ".join([s.reason, *s.against]) for s in every_step.now.set_aside} == REASONS
    # the hand-made incidents table holds no derived value: each derived field says it differs
    assert {f.field for f in every_step.now.fields if f.differs} == set(FIELDS) - set(PLACE_FIELDS)


def test_text_format_tells_each_field_rule_and_reason(every_step):
    text = format_explanation(every_step, "text")
    for name in FIELDS:
        assert f"  {name} = " in text
    for rule, _ in RULES.values():
        assert rule in text
    for cid, reason in REASONS.items():
        assert f"{cid}: {reason}" in text
    assert "(fatality rule, step 3)" in text and "(fatality rule, step 1)" in text
    assert "“dos personas perdieron la vida, según la Fiscalía”" in text
    assert "  doc-b (es)" in text


def test_json_format_holds_each_field_rule_and_reason(every_step):
    data = json.loads(format_explanation(every_step, "json"))
    fields = {f["field"]: f for f in data["now"]["fields"]}
    assert list(fields) == list(FIELDS)
    assert {name: (fields[name]["rule"], fields[name]["claims"]) for name in RULES} == RULES
    assert fields["date_start"]["value"] == "2019-12-30" and fields["fatalities_high_open"]["value"] is False
    assert {s["claim_id"]: " ".join([s["reason"], *s["against"]]) for s in data["now"]["set_aside"]} == REASONS
    assert data["now"]["claims"]["c07"]["quote"] == "al menos nueve muertos"


def test_markdown_format_is_a_table_of_fields(every_step):
    text = format_explanation(every_step, "markdown")
    assert ("| `fatalities_best` | 2 (the package's table has (empty)) | lower median of the points of the figures "
            "that state the toll (fatality rule, step 5) | `c06` | `c01`, `c06` |") in text
    assert ("- `c03`: group figure: a part of the whole-incident figure its claimant gives in `c01` "
            "(fatality rule, step 3)") in text


def test_new_and_gone_against_a_version_without_the_incident(fixture_version):
    other = handmade(fixture_version, EVERY_STEP)
    new = explain(other, "2020-01-01-test-incident", against=fixture_version)
    assert new.status == "new" and "New: " in format_explanation(new)
    gone = explain(fixture_version, "2020-01-01-test-incident", against=other)
    assert gone.status == "gone" and gone.shown is gone.before
    assert {c.field for c in gone.changes} >= {"fatalities_high", "date_start"}
    assert "Gone: " in format_explanation(gone)


def test_an_unknown_incident_suggests_the_closest_ids(fixture_version):
    with pytest.raises(UnknownIncident) as caught:
        explain(fixture_version, "2015-01-06-apatzingan-town-hall-retake")
    assert caught.value.closest[0] == APATZINGAN


# --- the command --------------------------------------------------------------------------

def test_cli_unknown_incident_is_a_usage_error_with_suggestions(built):
    code, out = run("apatzingan-town-hall", "--root", built)
    assert code == 2
    assert "no incident 'apatzingan-town-hall'" in out and APATZINGAN in out


def test_cli_unknown_format_and_ref_are_usage_errors(built):
    assert run(APATZINGAN, "--root", built, "--format", "yaml")[0] == 2
    code, out = run(APATZINGAN, "--root", built, "--against", "no-such-ref")
    assert code == 2 and "Traceback" not in out


def test_cli_against_head_shows_before_after_and_the_claim_that_moved_it(repo):
    sheet = repo / SHEET
    text = sheet.read_text("utf-8")
    old = "    value_qualifier: at_least\n    claimant_text: locals\n"
    assert text.count(old) == 1
    added = "    scope: several_incidents\n    note: counted as the toll of both shootouts in the test.\n"
    sheet.write_text(text.replace(old, old + added), "utf-8")
    code, out = run(APATZINGAN, "--root", repo, "--against", "HEAD")
    assert code == 0, out
    assert "Against HEAD (" in out
    assert "  fatalities_high: 7 -> 1  (moved by c11 (changed))" in out
    assert "  fatalities_high_open: true -> false  (moved by c11 (changed))" in out
    assert "  c11 changed: note (empty) -> counted as the toll of both shootouts in the test.; scope incident -> several_incidents" in out
    assert "  c11: scope: several incidents (fatality rule, step 1)" in out
    data = json.loads(run(APATZINGAN, "--root", repo, "--against", "HEAD", "--format", "json")[1])
    changes = {c["field"]: (c["before"], c["after"], c["moved_by"]) for c in data["changes"]}
    assert changes == {"fatalities_high": (7, 1, [C11]), "fatalities_high_open": (True, False, [C11]),
                       "fatalities_disputed": (True, False, [C11])}


def test_cli_unchanged_incident_against_head(repo):
    code, out = run(APATZINGAN, "--root", repo, "--against", "HEAD")
    assert code == 0 and "No derived field changed." in out


# --- a Spanish-language document ----------------------------------------------------------

PLACES = REPO / "tests" / "fixtures" / "meaning-places"


def test_spanish_document_claims_keep_their_quotes(tmp_path):
    root = tmp_path / "dataset"
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(PLACES / "registry", root / "seeds" / "registry")
    for path in PLACES.glob("*.*"):
        shutil.copy2(path, root / "seeds" / path.name)
    assert build(root).ok
    code, out = run("2017-03-01-el-paraiso-state-agents-held", "--root", root)
    assert code == 0, out
    assert "  diariodelamontana-2017-03-03-atoyac-tixtla (es)" in out
    assert "“en El Paraíso, localidad del municipio de Atoyac de Álvarez”" in out
    assert "“el miércoles 1 de marzo”" in out
    assert "  locality = El Paraíso" in out


def test_cli_against_head_with_a_new_article_uncommitted(repo):
    from test_contribution import EXISTING, NEW, SOURCE_ID, contribute

    contribute(repo)  # a new sheet (untracked) adds claims to an existing incident and a new incident
    code, out = run(EXISTING, "--root", repo, "--against", "HEAD")
    assert code == 0, out
    assert "  n_sources: 1 -> 2  (moved by " in out
    assert f"{SOURCE_ID}-c07 (added)" in out
    assert "  fatalities_low:" not in out.split("Fields:")[0]  # 1 exact, at least 7, now also 2 exact: unchanged
    code, out = run(NEW, "--root", repo, "--against", "HEAD")
    assert code == 0 and "New: HEAD (" in out and "has no such incident" in out

"""`autodefensas draft` on texts written for these tests (fictional publishers), in English and
Spanish: what it proposes, what it must not, and that a reviewed draft builds."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from autodefensas.build import make_build
from autodefensas.cli import app
from autodefensas.contrib.draft import DraftError, draft, make_draft, read_gazetteer, read_outlets

FIXTURES = Path(__file__).parent / "fixtures" / "draft"
EN = "mesaheraldo-2016-05-18-tacambaro-ambush"
ES = "vozdelsur-2017-02-08-enfrentamiento-en-coahuayana"
runner = CliRunner()


def _draft(built, source_id, published):
    text = (FIXTURES / f"{source_id}.txt").read_text("utf-8")
    return make_draft(source_id, text, dt.date.fromisoformat(published), None, read_gazetteer(built),
                      read_outlets(built))


def _figures(result):
    return {(p.claim_type, str(p.value), p.value_qualifier) for p in result.proposals if p.kind == "figure"}


def test_english_figures_dates_places_outlets(built):
    result = _draft(built, EN, "2016-05-18")
    assert result.source.language == "en"
    assert _figures(result) == {("fatalities", "5", "at_least"), ("participants", "[10, 12]", "range"),
                                ("injuries", "3", "exact"), ("arrests", "4", "exact"),
                                ("arrest_warrants", "20", "about"), ("participants", "30", "at_least"),
                                ("people_detained", "2", "exact")}
    values = {p.value_text for p in result.proposals if p.kind != "figure"}
    assert values == {"2016-05-17", "2016-04", "Tacámbaro, Michoacán"}  # "on Tuesday" of a Wednesday text
    by_quote = {p.quote: p for p in result.proposals}
    assert by_quote["At least five police officers were killed"].cited_source_id == "la-voz"
    assert by_quote["three officers were wounded"].claimant_text == "Police"
    assert by_quote["arrested four men"].cited_source_id == "el-universal"
    assert "diario-norteno" in result.new_outlets


def test_spanish_figures_dates_places_hedges(built):
    result = _draft(built, ES, "2017-02-08")
    assert result.source.language == "es"
    assert _figures(result) == {("fatalities", "6", "at_least"), ("injuries", "15", "about"),
                                ("arrests", "7", "exact"), ("people_detained", "2", "exact"),
                                ("participants", "40", "at_most"), ("abducted", "2", "exact"),
                                ("arrest_warrants", "5", "exact")}
    by_quote = {p.quote: p for p in result.proposals}
    assert by_quote["detuvo a siete presuntos sicarios"].hedged
    assert by_quote["alrededor de 15 heridos"].claimant_text == "vecinos"
    assert by_quote["el pasado martes"].value_text == "2017-02-07"  # of a Wednesday
    assert by_quote["el 3 de febrero"].value_text == "2017-02-03"
    assert {p.value_text for p in result.proposals if p.kind == "location"} == {"Coahuayana, Michoacán"}
    assert "quadratin" in result.new_outlets


@pytest.mark.parametrize(("source_id", "published"), [(EN, "2016-05-18"), (ES, "2017-02-08")])
def test_numbers_that_are_not_figures_are_not_proposed(built, source_id, published):
    # years, ages, times, calibres, addresses, percentages and money in the last paragraph
    result = _draft(built, source_id, published)
    text = result.source.text
    last = text.rstrip().rfind("\n\n") if source_id == ES else text.find("The men carried")
    end = text.find("\n\n", last + 2) if source_id == EN else len(text)
    assert not [p.quote for p in result.proposals if last <= p.start < end]


def test_every_quote_resolves_and_every_figure_passes_the_checks(built, tmp_path):
    from autodefensas.meaning.figures import check_figure

    for source_id, published in ((EN, "2016-05-18"), (ES, "2017-02-08")):
        result = _draft(built, source_id, published)
        text = result.source.text
        for p in result.proposals:
            assert text.count(p.quote) == 1 or p.occurrence
            if p.kind == "figure":
                low, high = (p.value if isinstance(p.value, list) else
                             (None if p.value_qualifier == "at_most" else p.value,
                              None if p.value_qualifier == "at_least" else p.value))
                assert not check_figure(p.quote, result.source.language, p.value_qualifier, low, high)


def _reviewed(sheet: str, incident: str) -> str:
    sheet = re.sub(r"\n    draft: true", "", sheet)
    sheet = sheet.replace("incident_id: null", f"incident_id: {incident}")
    sheet = sheet.replace("subject_actor_id: null  # the actor (group) whose members are counted",
                          "subject_actor_id: mexican-army")
    return re.sub(r"\n    cited_source_id: [a-z-]+", "", sheet)


def test_a_reviewed_draft_builds_and_an_unreviewed_one_is_refused(dataset):
    shutil.copy(FIXTURES / f"{ES}.txt", dataset / "seeds")
    result = draft(dataset, dataset / "seeds" / f"{ES}.txt", "2017-02-08", "Voz del Sur")
    sheet = dataset / "seeds" / f"{ES}.yaml"
    assert result.path == sheet and sheet.read_text("utf-8") == result.sheet
    # every source key is there to fill in, the byline included
    assert "author" in yaml.safe_load(result.sheet)["source"]
    report = make_build(dataset).report
    drafts = [p for p in report.problems if p.rule == "coding.draft-claim"]
    assert len(drafts) == len(result.proposals)
    lines = sheet.read_text("utf-8").split("\n")
    assert all(lines[p.line - 1].strip() == "draft: true" for p in drafts)
    # the reviewer sets the incident and deletes the marks: what is left is the reviewer's to decide
    sheet.write_text(_reviewed(result.sheet, "2015-01-06-apatzingan-town-hall-retaken"), "utf-8")
    left = {p.rule for p in make_build(dataset).report.problems}
    assert left <= {"coding.location-differs", "coding.location-more-precise", "rules.after-publication"}, left


def test_never_overwrites_and_bad_input_is_refused(dataset):
    shutil.copy(FIXTURES / f"{EN}.txt", dataset / "seeds")
    text = dataset / "seeds" / f"{EN}.txt"
    draft(dataset, text, "2016-05-18")
    before = (dataset / "seeds" / f"{EN}.yaml").read_bytes()
    with pytest.raises(DraftError, match="never overwrites"):
        draft(dataset, text, "2016-05-18")
    assert (dataset / "seeds" / f"{EN}.yaml").read_bytes() == before
    with pytest.raises(DraftError, match="not a date"):
        draft(dataset, text, "18/05/2016", output="-")
    with pytest.raises(DraftError, match="no such file"):
        draft(dataset, dataset / "seeds" / "missing.txt", "2016-05-18")
    crlf = dataset / "seeds" / "crlf-2016-05-18.txt"
    crlf.write_bytes(b"Three people died.\r\n")
    with pytest.raises(DraftError, match="CR"):
        draft(dataset, crlf, "2016-05-18")


def test_deterministic(built):
    a, b = _draft(built, ES, "2017-02-08"), _draft(built, ES, "2017-02-08")
    from autodefensas.contrib.draft.sheet import write_sheet

    assert write_sheet(a.source, a.proposals, a.new_outlets, None) == \
        write_sheet(b.source, b.proposals, b.new_outlets, None)


def test_cli(dataset):
    shutil.copy(FIXTURES / f"{EN}.txt", dataset / "seeds")
    text = str(dataset / "seeds" / f"{EN}.txt")
    out = runner.invoke(app, ["draft", text, "--published", "2016-05-18", "--root", str(dataset), "-o", "-"])
    assert out.exit_code == 0 and "claim_type: fatalities" in out.stdout
    out = runner.invoke(app, ["draft", text, "--published", "2016-05-18", "--root", str(dataset)])
    assert out.exit_code == 0 and (dataset / "seeds" / f"{EN}.yaml").exists()
    again = runner.invoke(app, ["draft", text, "--published", "2016-05-18", "--root", str(dataset)])
    assert again.exit_code == 2 and "never overwrites" in again.output and "Traceback" not in again.output
    bad = runner.invoke(app, ["draft", text, "--published", "2016-13-40", "--root", str(dataset), "-o", "-"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output

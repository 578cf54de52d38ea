"""Coding-layer behaviour beyond the corpus of broken contributions (test_corpus.py)."""

from autodefensas import build, verify
from conftest import SHEET, find_line, first_row, insert_after, replace_line


def coding_rules(root):
    return {p.rule: p for p in verify(root, ("coding",)).problems}


def test_unknown_key_suggests_the_close_one(dataset):
    path = dataset / SHEET
    number, line = find_line(path, r"^    claimant_text: ")
    replace_line(path, number, line.replace("claimant_text", "claimant_txt"))
    assert "claimant_text" in coding_rules(dataset)["coding.unknown-key"].hint


def test_unknown_reference_suggests_the_close_one(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    actor_id: ")
    replace_line(path, number, "    actor_id: viagraz")
    assert "'viagras'" in coding_rules(dataset)["coding.unknown-ref"].hint


def test_quote_with_straight_apostrophe_gets_a_hint(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: \"Mexico's turbulent Michoacan state\"")
    assert "curly" in coding_rules(dataset)["coding.quote-not-found"].hint


def test_ambiguous_quote_hint_names_occurrence(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: Viagras")
    assert "occurrence" in coding_rules(dataset)["coding.quote-ambiguous"].hint


def test_occurrence_picks_the_nth(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: Viagras\n    occurrence: 2")
    assert verify(dataset, ("coding",)).ok
    assert build(dataset).ok
    text = (dataset / SHEET.replace(".yaml", ".txt")).read_text("utf-8")
    claims = (dataset / "data/claims.csv").read_text("utf-8")
    second = text.index("Viagras", text.index("Viagras") + 1)
    assert f",Viagras,{second},{second + 7}," in claims


def test_occurrence_beyond_the_count(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: Viagras\n    occurrence: 99")
    assert coding_rules(dataset)["coding.quote-ambiguous"].line == number + 1


def test_tab_hint_says_use_spaces(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    hedged: ")
    replace_line(path, number, "\thedged: false")
    assert "spaces" in coding_rules(dataset)["coding.yaml-syntax"].hint


def test_incident_without_claims(dataset):
    path = dataset / "seeds/registry/incidents.yaml"
    path.write_text(path.read_text("utf-8") + "  - incident_id: 2015-02-01-nothing-coded\n    title: Unreported\n"
                    "    event_type: arrest\n    state_code: MX-MIC\n    geo_precision: state\n"
                    "    summary: Nobody reported this.\n", "utf-8")
    problem = coding_rules(dataset)["coding.incident-without-claims"]
    assert problem.file == "seeds/registry/incidents.yaml"


def test_incident_without_date_claim(dataset):
    path = dataset / SHEET  # the Torres-Mora clash has one date claim: make it a location claim
    number, _ = find_line(path, r'^    value_text: "2014-12"$')
    replace_line(path, number - 1, "    claim_type: location")
    replace_line(path, number, "    value_text: Michoacán")
    problem = coding_rules(dataset)["coding.incident-without-date"]
    assert "2014-12-rural-defense-force-torres-mora-clash" in problem.message


def test_a_broken_sheet_does_not_flood_the_report(dataset):
    (dataset / SHEET).write_text("source: [\n", "utf-8")
    rules = [p.rule for p in verify(dataset, ("coding",)).problems]
    assert rules == ["coding.yaml-syntax"]  # no cascade of "incident has no claims"


def test_build_refuses_bad_coding_with_the_same_report(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: a sentence no article contains")
    report = build(dataset)
    assert not report.ok and "coding.quote-not-found" in report.rules()


# --- claims about an actor, bylines, relations (dataset 0.2.0) ------------------------------

TALKS = "seeds/insightcrime-2013-08-09-guerrero-vigilantes-talks.yaml"
TALKS_MEMBERS = "insightcrime-2013-08-09-guerrero-vigilantes-talks-c13"


def test_a_figure_about_an_actor_has_no_scope(built):
    row = first_row(built, "claims", lambda r: r["claim_id"] == TALKS_MEMBERS)
    assert (row["subject_actor_id"], row["claim_type"], row["scope"]) == ("guerrero-self-defense-groups", "members", "")
    # a figure about an incident still defaults to scope incident
    figure = first_row(built, "claims", lambda r: r["claim_type"] == "fatalities" and r["incident_id"] != "")
    assert figure["scope"] in ("incident", "several_incidents")


def test_scope_on_a_figure_about_an_actor_is_refused(dataset):
    path = dataset / TALKS
    number, _ = find_line(path, r"^    claim_type: members$")
    insert_after(path, number, "    scope: incident")
    problem = coding_rules(dataset)["coding.value-shape"]
    assert (problem.file, problem.line) == (TALKS, number + 1)
    assert "about an actor" in problem.message and problem.hint == "remove scope"


def test_author_is_read_into_sources(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^  title: ")
    insert_after(path, number, "  author: Jane Roe; John Doe")
    assert build(dataset).ok
    row = first_row(dataset, "sources", lambda r: r["source_id"] == "insightcrime-2015-01-07-apatzingan-shootouts")
    assert row["author"] == "Jane Roe; John Doe"
    outlet = first_row(dataset, "sources", lambda r: r["role"] == "cited_outlet")
    assert outlet["author"] == ""


def test_author_on_an_outlet_is_an_unknown_key(dataset):
    path = dataset / "seeds/registry/outlets.yaml"
    number, _ = find_line(path, r"^    publisher: ")
    insert_after(path, number, "    author: Jane Roe")
    assert coding_rules(dataset)["coding.unknown-key"].line == number + 1


def test_in_conflict_with_is_a_relation(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    role: allied_with$")
    replace_line(path, number, "    role: in_conflict_with")
    assert verify(dataset, ("coding",)).ok
    number, _ = find_line(path, r"^    role: combatant$")
    replace_line(path, number, "    role: in_conflict_with")
    assert coding_rules(dataset)["coding.role-kind"].line == number

"""Deliberately broken contributions: each must be reported with its rule and line."""

import unicodedata

import pytest

from autodefensas import build, verify
from conftest import SHEET, find_line, insert_after, replace_line

TEXT = SHEET.replace(".yaml", ".txt")


def coding_problems(root):
    report = verify(root, ("coding",))
    assert not report.ok
    return report.problems


def only(problems, rule):
    hits = [p for p in problems if p.rule == rule]
    assert hits, f"no {rule} in: " + "; ".join(f"{p.rule} {p.message}" for p in problems)
    return hits[0]


def test_unknown_key_with_suggestion(dataset):
    path = dataset / SHEET
    number, line = find_line(path, r"^    claimant_text: ")
    replace_line(path, number, line.replace("claimant_text", "claimant_txt"))
    problem = only(coding_problems(dataset), "coding.unknown-key")
    assert (problem.file, problem.line) == (SHEET, number)
    assert "claimant_text" in problem.hint


def test_missing_required_key(dataset):
    path = dataset / SHEET
    number, line = find_line(path, r"^    quote: ")
    replace_line(path, number, "    # quote removed")
    problem = only(coding_problems(dataset), "coding.missing-key")
    assert problem.file == SHEET and problem.line < number
    assert "'quote'" in problem.message


def test_unknown_enum_value(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    claim_type: date$")
    replace_line(path, number, "    claim_type: when")
    problem = only(coding_problems(dataset), "coding.enum")
    assert problem.line == number and "fatalities" in problem.message


def test_wrong_type(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    hedged: ")
    replace_line(path, number, "    hedged: maybe")
    assert only(coding_problems(dataset), "coding.type").line == number


def test_bad_id_pattern_path_characters(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^  - id: ")
    replace_line(path, number, "  - id: ../../etc")
    assert only(coding_problems(dataset), "coding.pattern").line == number


def test_duplicate_claim_id(dataset):
    path = dataset / SHEET
    first, line = find_line(path, r"^  - id: ")
    second, _ = find_line(path, r"^  - id: ", nth=1)
    replace_line(path, second, line)
    problem = only(coding_problems(dataset), "coding.duplicate-id")
    assert problem.line == second and f"{SHEET}:{first}" in problem.message


def test_unknown_actor_reference(dataset):
    path = dataset / SHEET
    number, line = find_line(path, r"^    actor_id: ")
    replace_line(path, number, "    actor_id: viagraz")
    problem = only(coding_problems(dataset), "coding.unknown-ref")
    assert problem.line == number and "viagras" in problem.hint


def test_unknown_incident_and_outlet(dataset):
    path = dataset / SHEET
    n1, _ = find_line(path, r"^    incident_id: ")
    replace_line(path, n1, "    incident_id: 2015-01-06-nowhere")
    n2, _ = find_line(path, r"^    cited_source_id: ")
    replace_line(path, n2, "    cited_source_id: the-daily-planet")
    lines = {p.line for p in coding_problems(dataset) if p.rule == "coding.unknown-ref"}
    assert {n1, n2} <= lines


def test_quote_not_in_text(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: a sentence no article contains")
    assert only(coding_problems(dataset), "coding.quote-not-found").line == number


def test_quote_with_straight_apostrophe_gets_a_hint(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: \"Mexico's turbulent Michoacan state\"")
    assert "curly" in only(coding_problems(dataset), "coding.quote-not-found").hint


def test_ambiguous_quote(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: Viagras")
    problem = only(coding_problems(dataset), "coding.quote-ambiguous")
    assert problem.line == number and "occurrence" in problem.hint


def test_occurrence_picks_the_nth(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: Viagras\n    occurrence: 2")
    report = verify(dataset, ("coding",))
    assert "coding.quote-ambiguous" not in report.rules()


def test_text_changed_after_coding(dataset):
    path = dataset / TEXT
    path.write_text(path.read_text("utf-8") + "An added sentence.\n", "utf-8")
    number, _ = find_line(dataset / SHEET, r"^  text_sha256: ")
    problem = only(coding_problems(dataset), "coding.text-hash")
    assert (problem.file, problem.line) == (SHEET, number)


@pytest.mark.parametrize(("mutate", "rule"), [
    (lambda b: b"\xef\xbb\xbf" + b, "coding.text-bom"),
    (lambda b: b.replace(b"\n", b"\r\n"), "coding.text-crlf"),
    (lambda b: b.replace(b"Apatzingan", unicodedata.normalize("NFD", "Apatzingán").encode(), 1),
     "coding.text-nfc"),
    (lambda b: b.replace(b"Apatzingan", b"Apatzing\xe1n", 1), "coding.text-encoding"),
    (lambda b: b.replace(b" ", b"\x0b", 1), "coding.text-control"),
])
def test_unclean_text(dataset, mutate, rule):
    path = dataset / TEXT
    path.write_bytes(mutate(path.read_bytes()))
    problem = only(coding_problems(dataset), rule)
    assert problem.file == TEXT


def test_yaml_syntax_error(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: [unclosed")
    problem = only(coding_problems(dataset), "coding.yaml-syntax")
    assert problem.file == SHEET and problem.line is not None


def test_duplicate_key_in_sheet(dataset):
    path = dataset / SHEET
    number, line = find_line(path, r"^    hedged: ")
    insert_after(path, number, line)
    problem = only(coding_problems(dataset), "coding.duplicate-key")
    assert problem.line == number + 1


def test_registry_errors_point_at_the_registry(dataset):
    path = dataset / "seeds/registry/actors.yaml"
    number, _ = find_line(path, r"^    kind: ")
    replace_line(path, number, "    kind: gang")
    problem = only(coding_problems(dataset), "coding.enum")
    assert (problem.file, problem.line) == ("seeds/registry/actors.yaml", number)


def test_figure_value_shape(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    value: ")
    replace_line(path, number, "    value: [100, 60]")
    assert only(coding_problems(dataset), "coding.value-shape").line == number


def test_date_format(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r'^    value_text: "?2015-01-06"?$')
    replace_line(path, number, "    value_text: January 6")
    problem = only(coding_problems(dataset), "coding.date-format")
    assert problem.line == number


def test_source_id_must_match_file_name(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^  source_id: ")
    replace_line(path, number, "  source_id: insightcrime-2015-01-08-other")
    assert only(coding_problems(dataset), "coding.source-id-mismatch").line == number


def test_incident_without_claims(dataset):
    path = dataset / "seeds/registry/incidents.yaml"
    text = path.read_text("utf-8")
    path.write_text(text + "  - incident_id: 2015-02-01-nothing-coded\n    title: Unreported\n"
                    "    event_type: arrest\n    state_code: MX-MIC\n    geo_precision: state\n"
                    "    summary: Nobody reported this.\n", "utf-8")
    problem = only(coding_problems(dataset), "coding.incident-without-claims")
    assert problem.file == "seeds/registry/incidents.yaml"


def test_build_refuses_bad_coding_with_the_same_report(dataset):
    path = dataset / SHEET
    number, _ = find_line(path, r"^    quote: ")
    replace_line(path, number, "    quote: a sentence no article contains")
    report = build(dataset)
    assert not report.ok and "coding.quote-not-found" in report.rules()

import json

from autodefensas import verify
from autodefensas.paths import DESCRIPTOR
from conftest import REPO, find_line, replace_line


def test_repository_verifies_clean():
    report = verify(REPO)
    assert report.ok, report.format_text()
    assert report.layers == ["coding", "drift", "contract", "rules", "quality"]


def test_hand_edit_of_a_csv_is_reported_with_file_and_row(dataset):
    path = dataset / "data" / "incidents.csv"
    number, line = find_line(path, r"^2015-01-06-apatzingan-town-hall-retaken,")
    replace_line(path, number, line.replace(",day,", ",month,", 1))
    report = verify(dataset)
    assert not report.ok
    drift = [p for p in report.problems if p.rule == "drift.changed-row"]
    assert len(drift) == 1
    assert drift[0].file == "data/incidents.csv" and drift[0].line == number
    assert "2015-01-06-apatzingan-town-hall-retaken" in drift[0].message
    assert "date_precision is 'month'" in drift[0].message


def test_row_added_or_removed_by_hand(dataset):
    path = dataset / "data" / "actors.csv"
    lines = path.read_text("utf-8").split("\n")
    removed = lines.pop(2)
    lines.append("made-up-actor,Made up,person,civilians,,,")
    path.write_text("\n".join(lines), "utf-8")
    rules = {p.rule: p for p in verify(dataset, ("drift",)).problems}
    assert rules["drift.extra-row"].file == "data/actors.csv"
    assert "made-up-actor" in rules["drift.extra-row"].message
    assert removed.split(",")[0] in rules["drift.missing-row"].message


def test_generated_docs_and_descriptor_drift(dataset):
    for rel in (DESCRIPTOR, "docs/codebook.md"):
        path = dataset / rel
        path.write_text(path.read_text("utf-8") + " ", "utf-8")
    found = {p.file for p in verify(dataset, ("drift",)).problems if p.rule == "drift.changed"}
    assert found == {DESCRIPTOR, "docs/codebook.md"}


def test_missing_output_is_drift(dataset):
    (dataset / "data" / "claims.csv").unlink()
    problems = verify(dataset, ("drift",)).problems
    assert [(p.rule, p.file) for p in problems] == [("drift.missing", "data/claims.csv")]


def test_contract_layer_catches_enum_and_foreign_key(dataset):
    path = dataset / "data" / "claims.csv"
    number, line = find_line(path, r",involved_actor,")
    replace_line(path, number, line.replace(",involved_actor,", ",rumour,", 1))
    number2, line2 = find_line(path, r",fatalities,")
    source_id = line2.split(",")[1]
    replace_line(path, number2, line2.replace(f",{source_id},", ",no-such-source,", 1))
    problems = verify(dataset, ("contract",)).problems
    by_rule = {(p.rule, p.line) for p in problems}
    assert ("contract.constraint-error", number) in by_rule
    assert ("contract.foreign-key", number2) in by_rule
    assert all(p.file == "data/claims.csv" for p in problems if p.rule != "contract.hash-count")


def test_contract_layer_catches_changed_bytes(dataset):
    descriptor = json.loads((dataset / DESCRIPTOR).read_text("utf-8"))
    descriptor["resources"][0]["bytes"] += 1
    (dataset / DESCRIPTOR).write_text(json.dumps(descriptor), "utf-8")
    problems = {p.rule: p for p in verify(dataset, ("contract",)).problems}
    assert "changed after datapackage.json was built" in problems["contract.byte-count"].hint

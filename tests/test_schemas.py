"""schemas/ is read and checked before anything else: its mistakes are problems with the
schema file and line (exit 1), never an internal error."""

import json

import pytest
from typer.testing import CliRunner

from autodefensas import build, verify
from autodefensas.cli import app
from autodefensas.tableschema import load_schemas


def edit_schema(root, table, change):
    path = root / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text("utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def drop_enum(schema, name):
    field = next(f for f in schema["fields"] if f["name"] == name)
    del field["constraints"]["enum"]


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text("utf-8").split("\n"), start=1) if needle in line)


def test_json_syntax_error_names_file_and_line(dataset):
    path = dataset / "schemas" / "actors.json"
    lines = path.read_text("utf-8").split("\n")
    lines[4] = lines[4].rstrip(",")  # a missing comma
    path.write_text("\n".join(lines), "utf-8")
    result = CliRunner().invoke(app, ["verify", "--root", str(dataset), "-q"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    problem = verify(dataset).problems[0]
    assert (problem.rule, problem.file) == ("schema.json-syntax", "schemas/actors.json")
    assert problem.line in (5, 6)


def test_enum_removed_from_event_type(dataset):
    path = edit_schema(dataset, "incidents", lambda s: drop_enum(s, "event_type"))
    for report in (verify(dataset), build(dataset)):
        assert not report.ok
        problem = report.problems[0]
        assert (problem.rule, problem.file, problem.line) == (
            "schema.vocabulary", "schemas/incidents.json", line_of(path, '"name": "event_type"'))
    result = CliRunner().invoke(app, ["build", "--root", str(dataset)])
    assert result.exit_code == 1 and "internal error" not in result.output


@pytest.mark.parametrize(("change", "needle"), [
    (lambda s: s.pop("primaryKey"), None),
    (lambda s: s["fields"][1].update(type="text"), '"name": "title"'),
    (lambda s: s["fields"][1].update(constraints=["required"]), '"name": "title"'),
    (lambda s: s["fields"].append({"type": "string"}), None),
])
def test_malformed_table_schema(dataset, change, needle):
    path = edit_schema(dataset, "incidents", change)
    schemas = load_schemas(dataset)
    assert [p.rule for p in schemas.problems] == ["schema.structure"]
    if needle:
        assert schemas.problems[0].line == line_of(path, needle)
    report = verify(dataset)
    assert not report.ok and "schema.structure" in report.rules() and "verify.not-run" in report.rules()


def test_missing_schema_file(dataset):
    (dataset / "schemas" / "states.json").unlink()
    problem = verify(dataset).problems[0]
    assert (problem.rule, problem.file) == ("schema.missing-file", "schemas/states.json")


def test_nothing_runs_on_broken_schemas_and_the_report_says_so(dataset):
    (dataset / "schemas" / "claims.json").write_text("{", "utf-8")
    report = verify(dataset)
    assert [run.status for run in report.runs] == ["not-run"] * 5
    assert report.problems[-1].rule == "verify.not-run" and "schemas/" in report.problems[-1].message

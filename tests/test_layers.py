"""The layer registry: a layer asked for that cannot run says why, as an error, and the
report is never OK then (it used to print "OK ... layers checked: nothing")."""

import json

import pytest
from typer.testing import CliRunner

from autodefensas import verify
from autodefensas.cli import app

runner = CliRunner()


def break_sheet(root):
    sheet = sorted((root / "seeds").glob("*.yaml"))[0]
    sheet.write_text("source: [unclosed\n", "utf-8")


def rename_header(root, table="actors"):
    path = root / "data" / f"{table}.csv"
    header, rest = path.read_text("utf-8").split("\n", 1)
    path.write_text(header.replace(header.split(",")[0], "renamed", 1) + "\n" + rest, "utf-8")


def cli(root, *layers):
    args = ["verify", "--root", str(root), "-q", "--format", "json", "--baseline", ""]
    for layer in layers:
        args += ["--layer", layer]
    result = runner.invoke(app, args)
    return result.exit_code, json.loads(result.output)


def test_drift_with_a_broken_sheet_is_not_ok(dataset):
    break_sheet(dataset)
    code, report = cli(dataset, "drift")
    assert code == 1 and not report["ok"]
    assert [(p["rule"], p["layer"]) for p in report["problems"]] == [("verify.not-run", "verify")]
    assert report["layers"] == [{"name": "drift", "status": "not-run", "seconds": report["layers"][0]["seconds"],
                                 "errors": 0, "warnings": 0}]
    assert "coding has errors" in report["problems"][0]["message"]


@pytest.mark.parametrize("layer", ["rules", "quality"])
def test_a_renamed_header_is_not_ok_for_rules_or_quality(dataset, layer):
    rename_header(dataset)
    code, report = cli(dataset, layer)
    assert code == 1 and not report["ok"]
    not_run = [p for p in report["problems"] if p["rule"] == "verify.not-run"]
    assert not_run and all("data/actors.csv" in p["message"] for p in not_run[:1])
    assert report["layers"][0]["status"] == ("partial" if layer == "rules" else "not-run")


def test_rules_still_check_the_tables_they_can_read(dataset):
    rename_header(dataset, "actors")
    path = dataset / "data" / "incidents.csv"
    header, first, rest = path.read_text("utf-8").split("\n", 2)
    cells = header.split(",")
    row = first.split(",")
    row[cells.index("latitude")] = "19.1"  # a coordinate without its pair
    path.write_text("\n".join([header, ",".join(row), rest]), "utf-8")
    report = verify(dataset, ("rules",), baseline=None)
    assert "rules.coordinates" in report.rules() and "verify.not-run" in report.rules()


def test_missing_descriptor_stops_rules_and_quality_with_a_reason(dataset):
    (dataset / "datapackage.json").unlink()
    report = verify(dataset, ("contract", "rules", "quality"), baseline=None)
    assert [run.status for run in report.runs] == ["ran", "not-run", "not-run"]
    assert [p.rule for p in report.problems] == ["contract.missing", "verify.not-run", "verify.not-run"]
    assert not report.ok


def test_descriptor_that_is_not_json_is_a_problem_with_its_line(dataset):
    (dataset / "datapackage.json").write_text('{\n  "name": "x",\n  oops\n}\n', "utf-8")
    report = verify(dataset, ("contract",), baseline=None)
    problem = next(p for p in report.problems if p.rule == "contract.missing")
    assert (problem.file, problem.line) == ("datapackage.json", 3)


def test_every_layer_reports_its_time(dataset):
    report = verify(dataset, baseline=None)
    assert report.ok
    assert [run.name for run in report.runs] == ["coding", "drift", "contract", "rules", "quality"]
    assert all(run.status == "ran" and run.seconds > 0 for run in report.runs)

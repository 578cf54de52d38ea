from typer.testing import CliRunner

from autodefensas.cli import app
from conftest import REPO, SHEET

runner = CliRunner()


def test_verify_clean_exits_0():
    # the repository itself: any valid dataset verifies clean (the fixture's is in test_build_then_verify)
    result = runner.invoke(app, ["verify", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_verify_after_hand_edit_exits_1_naming_the_file(dataset):
    path = dataset / "data" / "claims.csv"
    path.write_text(path.read_text("utf-8").replace("true", "false", 1), "utf-8")
    result = runner.invoke(app, ["verify", "--root", str(dataset)])
    assert result.exit_code == 1
    assert "data/claims.csv:" in result.output and "fix:" in result.output


def test_build_then_verify(dataset):
    assert runner.invoke(app, ["build", "--root", str(dataset)]).exit_code == 0
    result = runner.invoke(app, ["verify", "--root", str(dataset)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_build_bad_coding_exits_1(dataset):
    sheet = dataset / SHEET
    sheet.write_text(sheet.read_text("utf-8").replace("claim_type: date", "claim_type: dates", 1), "utf-8")
    result = runner.invoke(app, ["build", "--root", str(dataset)])
    assert result.exit_code == 1 and "Nothing was written" in result.output


def test_not_a_checkout_exits_2(tmp_path):
    result = runner.invoke(app, ["verify", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an autodefensas checkout" in result.output


def test_unknown_layer_exits_2(built):
    result = runner.invoke(app, ["verify", "--root", str(built), "--layer", "vibes"])
    assert result.exit_code == 2 and "unknown layer" in result.output


def test_internal_error_is_reported_without_traceback(built, monkeypatch):
    import autodefensas.cli.dataset as cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "verify", broken)
    result = runner.invoke(app, ["verify", "--root", str(built)])
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.output and "Traceback" not in result.output


def test_json_and_github_formats(dataset):
    path = dataset / "data" / "claims.csv"
    path.write_text(path.read_text("utf-8").replace("true", "false", 1), "utf-8")
    result = runner.invoke(app, ["verify", "--root", str(dataset), "-q", "--format", "json", "--layer", "drift"])
    import json
    report = json.loads(result.output)
    assert result.exit_code == 1 and report["ok"] is False
    assert {"layer", "file", "line", "rule", "message", "hint", "severity"} <= set(report["problems"][0])
    result = runner.invoke(app, ["verify", "--root", str(dataset), "-q", "--format", "github", "--layer", "drift"])
    assert result.output.startswith("::error file=data/claims.csv,line=")


def test_unknown_format_exits_2(built):
    result = runner.invoke(app, ["verify", "--root", str(built), "--format", "xml"])
    assert result.exit_code == 2

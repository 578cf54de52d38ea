"""README's "Contribute an article", step by step, on a git checkout of the fixture dataset.

The example article and the sheet its reviewer left are in docs/example/ (a text written for
the walkthrough: the fixture dataset holds the two Apatzingán incidents it reports). Each
step runs the command the README shows and checks what the README says it does.
"""

import json
import shutil

import yaml
from typer.testing import CliRunner

from autodefensas.cli import app
from conftest import REPO, git

EXAMPLE = REPO / "docs" / "example"
SOURCE_ID = "elvigia-2015-01-08-apatzingan-enfrentamientos"
RETAKEN = "2015-01-06-apatzingan-town-hall-retaken"
CLASH = "2015-01-06-apatzingan-protesters-security-forces-clash"
runner = CliRunner()


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)])


def test_the_walkthrough(repo):
    git(repo, "switch", "-q", "-c", "elvigia")
    shutil.copy(EXAMPLE / f"{SOURCE_ID}.txt", repo / "seeds")

    # draft: a sheet of proposals, every one marked, never overwritten
    drafted = run(repo, "draft", str(repo / "seeds" / f"{SOURCE_ID}.txt"), "--published", "2015-01-08",
                  "--publisher", "El Vigía de Tierra Caliente")
    assert drafted.exit_code == 0, drafted.output
    sheet = repo / "seeds" / f"{SOURCE_ID}.yaml"
    claims = yaml.safe_load(sheet.read_text("utf-8"))["claims"]
    assert claims and all(c["draft"] is True for c in claims)
    assert {(c["claim_type"], c.get("value")) for c in claims} >= {
        ("fatalities", 9), ("fatalities", 1), ("arrests", 44), ("fatalities", 8), ("injuries", 15)}
    assert {c["incident_id"] for c in claims if c["claim_type"] == "fatalities"} & {RETAKEN, CLASH}
    assert run(repo, "draft", str(repo / "seeds" / f"{SOURCE_ID}.txt"), "--published", "2015-01-08").exit_code == 2

    # verify refuses the unreviewed drafts, one problem per claim
    refused = run(repo, "verify", "-q", "--layer", "coding", "--format", "json")
    problems = json.loads(refused.output)["problems"]
    assert refused.exit_code == 1 and sum(p["rule"] == "coding.draft-claim" for p in problems) == len(claims)

    # find: the incidents the article reports
    found = run(repo, "find", "--date", "2015-01-06", "--place", "Apatzingán", "--format", "json")
    assert found.exit_code == 0
    ranked = [m["incident_id"] for m in json.loads(found.output)["matches"]]
    assert set(ranked[:2]) == {RETAKEN, CLASH}

    # review (the reviewer's sheet), the outlet it cites, build, verify
    shutil.copy(EXAMPLE / f"{SOURCE_ID}.yaml", sheet)
    outlets = repo / "seeds" / "registry" / "outlets.yaml"
    entry = (EXAMPLE / "registry-outlets.yaml").read_text("utf-8").split("\n", 1)[1]
    outlets.write_text(outlets.read_text("utf-8") + entry, "utf-8")
    assert run(repo, "build").exit_code == 0
    verified = run(repo, "verify", "-q", "--baseline", "main")
    assert verified.exit_code == 0, verified.output

    # diff against main: the new document and outlet, the claims, the incidents they moved
    changed = run(repo, "diff", "--format", "json")
    assert changed.exit_code == 0, changed.output
    report = json.loads(changed.output)
    assert report["counts"]["claims"]["added"] == 11 and report["counts"]["sources"]["added"] == 2
    moved = {i["incident_id"] for i in report["incidents"]}
    assert moved == {RETAKEN, CLASH}

    # explain against main: the claims of two documents are named by their full ids
    explained = run(repo, "explain", RETAKEN, "--against", "main")
    assert explained.exit_code == 0, explained.output
    assert "n_claims: 9 -> 16" in explained.output
    assert f"{SOURCE_ID}-c06 (added)" in explained.output

"""The rule catalogue is the one list of what verify and build can report: every rule id
the code names is declared there, every declared rule is set off by a corpus case
(tests/corpus/), and docs/rules.md and `autodefensas rules` show every one."""

import json
import re

import pytest
from typer.testing import CliRunner

from autodefensas.build.rulesdoc import make_rules_doc
from autodefensas.cli import app
from autodefensas.report.catalogue import LAYERS, catalogue
from conftest import REPO
from corpus import CASES

SRC = REPO / "src" / "autodefensas"
CATALOGUE = SRC / "report" / "catalogue"
RULE_ID = re.compile(r"\"((?:schema|coding|drift|contract|rules|quality|release|verify)\.[a-z0-9-]+)\"")

runner = CliRunner()


def ids_in_code() -> dict[str, list[str]]:
    """Rule ids written as string literals in src/, with where. The catalogue's own modules
    are left out: they declare ids without the layer prefix, and name old ids (renamed_from)
    that are no longer declared."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if CATALOGUE in path.parents:
            continue
        text = path.read_text("utf-8")
        for match in RULE_ID.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match.group(1), []).append(f"{path.relative_to(REPO)}:{line}")
    return found


def test_every_rule_id_in_the_code_is_declared():
    found = ids_in_code()
    assert len(found) > 50, "the scan found too few rule ids: has the code moved?"
    undeclared = {rule: where for rule, where in found.items() if rule not in catalogue()}
    assert not undeclared, f"rule ids used in src/ but not declared in the catalogue: {undeclared}"


def test_old_ids_are_not_used_any_more():
    renamed = {old for rule in catalogue().values() for old in rule.renamed_from} - set(catalogue())
    assert renamed  # the catalogue does keep some
    assert not renamed & set(ids_in_code())


def test_every_declared_rule_has_a_corpus_case():
    covered = {case.rule for case in CASES.values()}
    missing = sorted(set(catalogue()) - covered)
    assert not missing, f"{len(missing)} rule(s) no corpus case sets off (add one to tests/corpus/): {missing}"
    assert covered <= set(catalogue())


def test_rules_doc_names_every_rule():
    doc = make_rules_doc().decode("utf-8")
    assert [rule for rule in catalogue() if f"`{rule}`" not in doc] == []
    assert [f"## {layer}" in doc for layer in LAYERS] == [True] * len(LAYERS)


def test_built_rules_doc_is_the_generated_one(built):
    assert (built / "docs/rules.md").read_bytes() == make_rules_doc()


def test_cli_lists_every_rule():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    listed = {line.split(" ", 1)[0] for line in result.output.splitlines() if line and not line.startswith(" ")}
    assert listed == set(catalogue())


def test_cli_lists_one_layer():
    result = runner.invoke(app, ["rules", "--layer", "coding"])
    assert result.exit_code == 0, result.output
    listed = [line.split(" ", 1)[0] for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert listed == [rule for rule, spec in catalogue().items() if spec.layer == "coding"]
    assert all(rule.startswith("coding.") for rule in listed)


def test_cli_lists_rules_as_json():
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    rules = json.loads(result.output)
    assert [rule["id"] for rule in rules] == list(catalogue())
    assert {"id", "layer", "severity", "title", "meaning", "fix"} <= set(rules[0])


@pytest.mark.parametrize("args", [["--layer", "nonsense"], ["--format", "yaml"]])
def test_cli_refuses_an_unknown_layer_or_format(args):
    result = runner.invoke(app, ["rules", *args])
    assert result.exit_code == 2
    assert "unknown" in result.output

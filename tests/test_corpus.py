"""A corpus of broken contributions (tests/corpus/). Each case breaks a copy of the
dataset the way a contributor might, and verify must report the case's rule id at the
right file and line (and, for an error, exit 1).

A case names its rule and returns (file, line); line None means the problem concerns
the whole file. Cases marked rebuild=True change the coding validly for the coding layer and
are then built, as a contributor would, so that a later layer must catch them. A case
runs the layers it asks for (coding, drift, contract and rules by default; the quality
layer only where its rule needs it, as it is slow to import).
"""

import pytest
from typer.testing import CliRunner

from autodefensas import build, verify
from autodefensas.cli import app
from autodefensas.report.catalogue import get
from autodefensas.verify.release import verify_package
from corpus import CASES, LAYERS
from corpus.base import release_folder


def test_corpus_is_large_enough():
    assert len(CASES) >= 90


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_contribution_is_reported(dataset, name):
    case = CASES[name]
    root = release_folder(dataset) if case.package else dataset
    rule, (file, line) = case.rule, case.mutate(root)
    if case.rebuild:
        report = build(dataset)
        assert report.ok, "the case must pass the coding layer:\n" + report.format_text()
    if case.package:
        report = verify_package(root, case.layers, contract_engine=case.engine)
    else:
        report = verify(dataset, case.layers, baseline=case.baseline, contract_engine=case.engine)
    found = [(p.rule, p.file, p.line) for p in report.problems]
    assert (rule, file, line) in found, f"expected {(rule, file, line)}, got {found}"
    if get(rule).severity == "error":
        assert not report.ok


@pytest.mark.parametrize("name", ["quote_not_in_text", "hand_edit_of_data", "date_after_publication"])
def test_cli_exits_1_and_names_the_place(dataset, name):
    case = CASES[name]
    rule, (file, line) = case.rule, case.mutate(dataset)
    if case.rebuild:
        assert build(dataset).ok
    layers = [arg for layer in LAYERS for arg in ("--layer", layer)]
    result = CliRunner().invoke(app, ["verify", "--root", str(dataset), "--format", "github", "-q", *layers])
    assert result.exit_code == 1
    assert f"::error file={file},line={line},title={rule}::" in result.output

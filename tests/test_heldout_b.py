"""The second set of held-out articles (tests/fixtures/heldout-b/) is a dataset of its own
that builds and verifies clean with the current toolkit and schemas, meaning checks included.

Like set A (tests/fixtures/heldout/), it is an answer key for measuring drafted claims (see
tests/fixtures/README.md): if this test fails, the toolkit's contract changed, and the sheets
change only as far as the new contract requires.
"""

import shutil
from pathlib import Path

import yaml

from autodefensas import verify
from autodefensas.build import make_build, write_files
from conftest import REPO

HELDOUT_B = REPO / "tests" / "fixtures" / "heldout-b"


def heldout_b_dataset(root: Path) -> Path:
    """The set-B seeds (with their own registry) + the repository's schemas, built."""
    shutil.copytree(HELDOUT_B / "seeds", root / "seeds")
    shutil.copytree(REPO / "schemas", root / "schemas")
    built = make_build(root)
    assert built.report.ok, built.report.format_text()
    write_files(root, built.files)
    return root


def test_heldout_b_articles_build_and_verify_clean(tmp_path):
    root = heldout_b_dataset(tmp_path / "heldout-b")
    report = verify(root, baseline=None)
    assert report.ok, report.format_text()
    assert report.layers == ["coding", "drift", "contract", "rules", "quality"]
    # a copy is not a git checkout: the only thing said is that no row-count baseline was used
    assert {p.rule for p in report.problems} <= {"quality.baseline-skipped"}, report.format_text()


def test_heldout_b_has_three_articles_in_each_language():
    sheets = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((HELDOUT_B / "seeds").glob("*.yaml"))]
    languages = sorted(sheet["source"]["language"] for sheet in sheets)
    assert languages == ["en", "en", "en", "es", "es", "es"]
    for sheet in sheets:
        assert (HELDOUT_B / "seeds" / f"{sheet['source']['source_id']}.txt").is_file()

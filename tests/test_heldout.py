"""The held-out articles (set A, tests/fixtures/heldout/; set B, tests/fixtures/heldout-b/) are
each a dataset of their own that builds and verifies clean with the current toolkit and
schemas, meaning checks included.

They are the answer keys that drafted claims are measured against (see
tests/fixtures/README.md): if this test fails, the toolkit's contract changed, and the
sheets change only as far as the new contract requires.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from autodefensas import verify
from autodefensas.build import make_build, write_files
from conftest import REPO

SETS = {"A": REPO / "tests" / "fixtures" / "heldout", "B": REPO / "tests" / "fixtures" / "heldout-b"}


def heldout_dataset(folder: Path, root: Path) -> Path:
    """A set's seeds (with their own registry) + the repository's schemas, built."""
    shutil.copytree(folder / "seeds", root / "seeds")
    shutil.copytree(REPO / "schemas", root / "schemas")
    built = make_build(root)
    assert built.report.ok, built.report.format_text()
    write_files(root, built.files)
    return root


@pytest.mark.parametrize("name", SETS)
def test_heldout_articles_build_and_verify_clean(name, tmp_path):
    root = heldout_dataset(SETS[name], tmp_path / name)
    report = verify(root, baseline=None)
    assert report.ok, report.format_text()
    assert report.layers == ["coding", "drift", "contract", "rules", "quality"]
    # a copy is not a git checkout: the only thing said is that no row-count baseline was used
    assert {p.rule for p in report.problems} <= {"quality.baseline-skipped"}, report.format_text()


@pytest.mark.parametrize("name", SETS)
def test_heldout_has_three_articles_in_each_language(name):
    seeds = SETS[name] / "seeds"
    sheets = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(seeds.glob("*.yaml"))]
    languages = sorted(sheet["source"]["language"] for sheet in sheets)
    assert languages == ["en", "en", "en", "es", "es", "es"]
    for sheet in sheets:
        assert (seeds / f"{sheet['source']['source_id']}.txt").is_file()

"""Shared fixtures.

Tests run on a FROZEN dataset, tests/fixtures/dataset/seeds (a copy of dataset 0.1.0's
seeds, see tests/fixtures/README.md), built with the repository's current schemas/ and
toolkit. Contributions to the live seeds/ therefore never move the lines, rows and
figures the tests look for. Only the few tests that hold for any valid dataset read
the repository itself (REPO).
"""

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from autodefensas.build import make_build, write_files

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "dataset"
# the schemas are the repository's own: the toolkit's contract with them evolves together
SCHEMAS = REPO / "schemas"
SHEET = "seeds/insightcrime-2015-01-07-apatzingan-shootouts.yaml"


def make_dataset(root: Path) -> Path:
    """Frozen fixture seeds + the repository's schemas in root, built (data/, descriptor, docs/)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE / "seeds", root / "seeds")
    shutil.copytree(SCHEMAS, root / "schemas")
    built = make_build(root)
    # a failure here means a toolkit or schema change made the frozen seeds invalid
    assert built.report.ok, built.report.format_text()
    write_files(root, built.files)
    return root


def copy_dataset(root: Path, template: Path) -> Path:
    """Copy a built template into root (which may already exist, empty)."""
    shutil.copytree(template, root, dirs_exist_ok=True)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The fixture dataset built once per session. Read only: tests that change
    anything take `dataset`, a copy of it."""
    root = make_dataset(tmp_path_factory.mktemp("template") / "dataset")
    before = snapshot(root)
    yield root
    # every later copy starts from this template: a test that wrote into it would taint them
    assert snapshot(root) == before, "a test changed the read-only `built` dataset: use `dataset`"


@pytest.fixture
def dataset(built, tmp_path) -> Path:
    """A copy of the built fixture dataset that a test may break (not a git checkout)."""
    return copy_dataset(tmp_path / "dataset", built)


def find_line(path: Path, pattern: str, nth: int = 0) -> tuple[int, str]:
    """(1-based line number, text) of the nth line matching a regex."""
    hits = [(i, line) for i, line in enumerate(path.read_text("utf-8").split("\n"), start=1)
            if re.search(pattern, line)]
    assert len(hits) > nth, f"no line matching {pattern!r} in {path}"
    return hits[nth]


def replace_line(path: Path, number: int, new: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    lines[number - 1] = new
    path.write_text("\n".join(lines), "utf-8")


def insert_after(path: Path, number: int, new: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    lines.insert(number, new)
    path.write_text("\n".join(lines), "utf-8")


# --- hand edits of data/ (a contributor who edited a generated CSV) --------------------------

def edit_cell(root: Path, table: str, key: str, column: str, value: str) -> int:
    """Set one cell of data/<table>.csv (key: the first column's value); return its CSV line."""
    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    index = rows[0].index(column)
    line = next(i for i, row in enumerate(rows) if row[0] == key) + 1
    rows[line - 1][index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return line


def first_row(root: Path, table: str, where=lambda row: True) -> dict:
    """The first row of data/<table>.csv (as a dict) for which where(row) holds."""
    with open(root / "data" / f"{table}.csv", encoding="utf-8") as f:
        return next(row for row in csv.DictReader(f) if where(row))


def csv_line(root: Path, table: str, key: str) -> int:
    """The line of data/<table>.csv that holds the row whose first cell is key."""
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        for row in reader:
            if row and row[0] == key:
                return reader.line_num
    raise AssertionError(f"no row {key!r} in data/{table}.csv")


# --- git checkouts (explain --against, diff, the removed-rows baseline) ----------------------

GIT = shutil.which("git")


def git(root: Path, *args: str) -> str:
    """Run git in root as a test user; return its stdout."""
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(dataset) -> Path:
    """The `dataset` copy as a git checkout with everything committed on branch main."""
    if GIT is None:
        pytest.skip("git is not installed")
    git(dataset, "init", "-q", "-b", "main")
    git(dataset, "add", "-A")
    git(dataset, "commit", "-q", "-m", "baseline")
    return dataset


# --- a release of the fixture dataset (archive, load by URL and zip, verify --package) --------

@pytest.fixture(scope="session")
def release_zip(built, tmp_path_factory) -> Path:
    """dist/autodefensas-<version>.zip of the fixture dataset, made once (read only)."""
    from autodefensas.release.archive import make_archive

    return make_archive(built, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def release_site(release_zip, tmp_path_factory) -> Path:
    """A folder as a download site holds it: the release zip and, beside it, the release
    unzipped (its one top folder autodefensas-<version>/). Read only."""
    site = tmp_path_factory.mktemp("site")
    shutil.copy(release_zip, site / release_zip.name)
    with zipfile.ZipFile(release_zip) as archive:
        archive.extractall(site)
    return site


@pytest.fixture
def release_dir(release_site, release_zip, tmp_path) -> Path:
    """A copy of the unzipped release folder that a test may break."""
    folder = release_zip.name.removesuffix(".zip")
    return Path(shutil.copytree(release_site / folder, tmp_path / folder))


@pytest.fixture(scope="session")
def served(release_site):
    """The release site over HTTP on 127.0.0.1: yields its base URL (ends with '/')."""
    from serve import serve

    with serve(release_site) as url:
        yield url

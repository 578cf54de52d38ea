import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COPIED = ("seeds", "schemas", "data", "docs", "datapackage.json")
SHEET = "seeds/insightcrime-2015-01-07-apatzingan-shootouts.yaml"


def copy_dataset(root: Path) -> Path:
    """Copy the repository's dataset (seeds, schemas, generated files) into root."""
    root.mkdir(exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A copy of the repository's dataset that a test may break."""
    return copy_dataset(tmp_path / "dataset")


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

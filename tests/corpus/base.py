"""The corpus's machinery: the case registry, and the helpers cases break a dataset with.

A case is a function of the dataset's root, registered with the rule it must set off:
it breaks the dataset the way a contributor might and returns (file, line), where
verify must report that rule. line is None where the problem concerns a whole file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from autodefensas import build
from autodefensas.report.catalogue import get
from conftest import SHEET, find_line, replace_line

TEXT = SHEET.replace(".yaml", ".txt")
SOURCE_ID = Path(SHEET).stem
ACTORS = "seeds/registry/actors.yaml"
INCIDENTS = "seeds/registry/incidents.yaml"
OUTLETS = "seeds/registry/outlets.yaml"
RETAKEN = "2015-01-06-apatzingan-town-hall-retaken"
LAYERS = ("coding", "drift", "contract", "rules")  # the quality layer is slow: only cases that need it ask
QUALITY = ("quality",)
RELEASE = ("release",)  # a case that breaks a release folder: verify --package's own layer


@dataclass(frozen=True)
class Case:
    rule: str                                         # the rule verify must report
    mutate: Callable[[Path], tuple[str, int | None]]  # breaks the dataset; returns (file, line)
    rebuild: bool = False                             # the contributor ran `autodefensas build` after it
    layers: tuple[str, ...] = LAYERS                  # the layers verify runs
    baseline: str | None = None                       # verify's git baseline (quality.removed-rows)
    engine: str = "fast"                              # the contract layer's engine
    package: bool = False                             # breaks the dataset's release folder (verify --package)


CASES: dict[str, Case] = {}


def case(rule: str, rebuild: bool = False, layers: tuple[str, ...] = LAYERS, baseline: str | None = None,
         engine: str = "fast", package: bool = False):
    """Register a case, under its function's name, for a rule of the catalogue. A package case
    is given the unzipped release of the dataset instead, and checked by verify_package."""
    get(rule)  # an id the catalogue does not declare fails at collection

    def register(fn):
        assert fn.__name__ not in CASES, f"two corpus cases are named {fn.__name__}"
        CASES[fn.__name__] = Case(rule, fn, rebuild, tuple(layers), baseline, engine, package)
        return fn
    return register


# --- editing files ---------------------------------------------------------------------------

def lines_of(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text("utf-8").split("\n")


def write_lines(root: Path, rel: str, lines: list[str]) -> None:
    (root / rel).write_text("\n".join(lines), "utf-8")


def edit_line(root: Path, rel: str, pattern: str, new, nth: int = 0) -> int:
    """Replace the nth line matching pattern by new (a string, or a function of the old line)."""
    number, line = find_line(root / rel, pattern, nth)
    replace_line(root / rel, number, new(line) if callable(new) else new)
    return number


def delete_lines(root: Path, rel: str, first: int, last: int | None = None) -> None:
    """Delete lines first..last (1-based, inclusive; last defaults to first)."""
    lines = lines_of(root, rel)
    del lines[first - 1:(last or first)]
    write_lines(root, rel, lines)


def replace_text(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, count), "utf-8")


# --- finding entries in the coding -----------------------------------------------------------

def claim_start(root: Path, rel: str, number: int) -> int:
    """Line of the '  - ' item that holds line number."""
    lines = lines_of(root, rel)[:number]
    return max(i for i, line in enumerate(lines, start=1) if line.startswith("  - "))


def item_lines(root: Path, rel: str, first_pattern: str) -> tuple[int, int]:
    """(first, last) line of the '  - ' list item whose first line matches first_pattern
    (its last line is the one before the next item, comment or the end)."""
    first, _ = find_line(root / rel, first_pattern)
    lines = lines_of(root, rel)
    last = first
    while last < len(lines) and lines[last].startswith("    "):
        last += 1
    return first, last


def claim_lines(root: Path, claim: str, sheet: str = SHEET) -> tuple[int, int]:
    return item_lines(root, sheet, rf"^  - id: {claim}$")


def key_line(root: Path, claim: str, key: str, sheet: str = SHEET) -> int:
    """The line of key in a claim of the sheet."""
    first, last = claim_lines(root, claim, sheet)
    lines = lines_of(root, sheet)
    return next(n for n in range(first, last + 1) if re.match(rf"^(  - |    ){key}:", lines[n - 1]))


def coding_line(root: Path, table: str, key: str) -> tuple[str, int]:
    """(file, line) of the coding entry that made row key of table: where the rules layer
    reports a problem with that row."""
    if table == "claims":
        source_id, claim = key.rsplit("-", 1)
        sheet = f"seeds/{source_id}.yaml"
        return sheet, find_line(root / sheet, rf"^  - id: {claim}$")[0]
    if table == "sources" and (root / f"seeds/{key}.yaml").exists():
        sheet = f"seeds/{key}.yaml"
        return sheet, find_line(root / sheet, r"^  source_id: ")[0]
    registry, column = {"sources": (OUTLETS, "source_id"), "actors": (ACTORS, "actor_id"),
                        "incidents": (INCIDENTS, "incident_id")}[table]
    return registry, find_line(root / registry, rf"^  - {column}: {re.escape(key)}$")[0]


def copy_incident(root: Path, incident_id: str, new_id: str) -> int:
    """Append to the incidents registry a copy of an incident under a new ID; return its line."""
    first, last = item_lines(root, INCIDENTS, rf"^  - incident_id: {incident_id}$")
    return append_lines(root, INCIDENTS, [f"  - incident_id: {new_id}", *lines_of(root, INCIDENTS)[first:last]])


def rebuild(root: Path) -> None:
    """Build as the contributor would, inside a case that needs a line of the built CSVs."""
    report = build(root)
    assert report.ok, "the case must pass the coding layer:\n" + report.format_text()


def append_lines(root: Path, rel: str, new: list[str]) -> int:
    """Append lines to a file (ending with a newline); return the line of the first."""
    lines = lines_of(root, rel)
    while lines and lines[-1] == "":
        lines.pop()
    write_lines(root, rel, [*lines, *new, ""])
    return len(lines) + 1


# --- releases ---------------------------------------------------------------------------------

def release_folder(root: Path) -> Path:
    """The dataset's release, made by make_archive and unzipped beside it; returns its folder."""
    from autodefensas.release.archive import make_archive

    made = make_archive(root, root.parent / "dist")
    with zipfile.ZipFile(made) as archive:
        archive.extractall(root.parent / "release")
    return root.parent / "release" / made.name.removesuffix(".zip")


def checksum_line(folder: Path, rel: str) -> int:
    """The line of SHA256SUMS that lists rel."""
    return find_line(folder / "SHA256SUMS", rf"^[0-9a-f]{{64}}  {re.escape(rel)}$")[0]


# --- git -------------------------------------------------------------------------------------

def commit_baseline(root: Path) -> None:
    """Make the dataset a git checkout whose HEAD is the dataset as it is (the baseline)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "baseline"]):
        subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                        "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)

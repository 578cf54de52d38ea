"""Build: seeds/ -> data/*.csv, datapackage.json, docs/codebook.md and docs/rules.md.

The steps: read (seeds/ into a checked Coding) -> resolve (quotes, values, IDs) ->
derive (incident dates and figures) -> publish (rows to file bytes) -> write (all or
nothing). make_build() runs all but the last in memory (verify compares its files with
what is committed); build() writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import check_root
from ..report import LayerRun, Report
from .keys import checked_schemas
from .publish import publish
from .read import load_coding
from .records import Coding
from .tables import make_tables
from .write import write_files

__all__ = ["Build", "build", "make_build", "write_files"]


@dataclass
class Build:
    """A build in memory: the files it makes, the coding it read, and its report."""

    files: dict[str, bytes]
    report: Report
    coding: Coding | None = None


def make_build(root: Path | str = ".") -> Build:
    """Every generated file as {relative path: bytes}, with the coding and its report.

    The files are empty when schemas/ or the coding has errors: nothing is built from bad input.
    """
    root = check_root(root)
    report = Report(runs=[LayerRun("coding")])
    schemas = checked_schemas(root)
    report.extend(schemas.problems)
    if not report.ok:
        return Build({}, report)
    coding = load_coding(root, schemas)
    report.extend(coding.problems)
    if not report.ok:
        return Build({}, report, coding)
    return Build(publish(make_tables(coding), schemas), report, coding)


def build(root: Path | str = ".") -> Report:
    """Rebuild the generated files from seeds/; returns the coding report, and writes the
    files only when it has no errors."""
    result = make_build(root)
    if result.report.ok:
        write_files(Path(root), result.files)
    return result.report

"""Build: seeds/ -> data/*.csv, datapackage.json, docs/codebook.md, docs/rules.md, CITATION.cff, .zenodo.json.

The steps: read (seeds/ into a checked Coding) -> resolve (quotes, values, IDs) ->
derive (incident dates and figures) -> publish (rows to file bytes) -> write (crash-safe,
all or nothing). make_build() runs all but the last in memory (verify compares its files
with what is committed); build() writes them, holding the folder's lock (lock.py)
throughout, after completing or rolling back an interrupted build (journal.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import check_root
from ..report import LayerRun, Report
from ..tableschema import Schemas
from .journal import JournalError, recover
from .keys import checked_schemas
from .lock import LockError, LockTimeout, hold
from .publish import publish
from .read import load_coding
from .records import Coding
from .tables import make_tables
from .write import Notify, tell, write_files

__all__ = ["Build", "JournalError", "LockError", "LockTimeout", "build", "make_build", "recover", "write_files"]


@dataclass
class Build:
    """A build in memory: the files it makes, the coding it read, and its report."""

    files: dict[str, bytes]
    report: Report
    coding: Coding | None = None


def make_build(root: Path | str = ".", schemas: Schemas | None = None) -> Build:
    """Every generated file as {relative path: bytes}, with the coding and its report.

    schemas, if given, is schemas/ as checked_schemas() read it (verify has read it
    already). The files are empty when schemas/ or the coding has errors: nothing is
    built from bad input.
    """
    root = check_root(root)
    report = Report(runs=[LayerRun("coding")])
    schemas = schemas if schemas is not None else checked_schemas(root)
    report.extend(schemas.problems)
    if not report.ok:
        return Build({}, report)
    coding = load_coding(root, schemas)
    report.extend(coding.problems)
    if not report.ok:
        return Build({}, report, coding)
    return Build(publish(make_tables(coding), schemas), report, coding)


def build(root: Path | str = ".", notify: Notify | None = None) -> Report:
    """Rebuild the generated files from seeds/; returns the coding report, and writes the
    files only when it has no errors.

    notify, if given, is told when the build waits for the lock and when it completed or
    rolled back an interrupted build. Raises LockTimeout when the lock stays taken.
    """
    root = check_root(root)
    # one lock from reading seeds/ to the end of the switch: two builds cannot interleave
    with hold(root, notify=notify):
        tell(notify, recover(root))
        result = make_build(root)
        if result.report.ok:
            write_files(root, result.files, notify)
    return result.report

"""Build: seeds/ -> data/*.csv, datapackage.json and docs/codebook.md.

make_build() makes every output in memory (verify compares them with what is
committed); build() writes them, all or nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .codebook import CODEBOOK, make_codebook
from .coding import Coding, column_problems, load_coding
from .csvio import to_csv_bytes
from .package import DATA_DIR, DESCRIPTOR, make_descriptor
from .problems import Problem, Report
from .schema import TABLES, load_json, load_schemas
from .tables import make_tables


class NotADatasetError(Exception):
    """The folder is not an autodefensas checkout (no seeds/ or schemas/)."""


def check_root(root: Path) -> Path:
    root = Path(root)
    missing = [d for d in ("seeds", "schemas") if not (root / d).is_dir()]
    if missing:
        raise NotADatasetError(
            f"{root.resolve()} is not an autodefensas checkout (no {' or '.join(missing)}/): "
            "run the command from the repository root, or pass --root")
    return root


def _vocabulary_problems(schemas: dict, vocabularies: dict[str, tuple[str, str, list]]) -> list[Problem]:
    """Reference lists in schemas/ (event types, states) must match the enums they explain."""
    problems = []
    for path, (table, column, values) in vocabularies.items():
        enum = schemas[table].field_map[column]["constraints"]["enum"]
        if sorted(enum) != sorted(values):
            problems.append(Problem(
                "coding", path, None, "schema.vocabulary",
                f"the values here differ from the enum of {table}.{column} in schemas/{table}.json: "
                f"only in the enum {sorted(set(enum) - set(values))}, only here {sorted(set(values) - set(enum))}",
                "list the same values in both files"))
    return problems


@dataclass
class Build:
    """A build in memory: the files it makes, the coding it read, and its report."""

    files: dict[str, bytes]
    report: Report
    coding: Coding | None = None


def make_build(root: Path | str = ".") -> Build:
    """Every generated file as {relative path: bytes}, with the coding and its report.

    The files are empty when the coding has errors: nothing is built from bad input.
    """
    root = check_root(Path(root))
    report = Report(layers=["coding"])
    schemas = load_schemas(root / "schemas")
    metadata = load_json(root / "schemas" / "package.json")
    event_types = load_json(root / "schemas" / "event_types.json")
    states = load_json(root / "schemas" / "states.json")
    report.extend(_vocabulary_problems(schemas, {
        "schemas/event_types.json": ("incidents", "event_type", [e["event_type"] for e in event_types["event_types"]]),
        "schemas/states.json": ("incidents", "state_code", [s["state_code"] for s in states["states"]]),
    }))
    report.extend(column_problems(schemas))
    if not report.ok:
        return Build({}, report)
    coding = load_coding(root, schemas)
    report.extend(coding.problems)
    if not report.ok:
        return Build({}, report, coding)
    tables = make_tables(coding)
    files = {f"{DATA_DIR}/{name}.csv": to_csv_bytes(schemas[name], tables[name]) for name in TABLES}
    documents = [s for s in tables["sources"] if s["role"] == "document"]
    files[DESCRIPTOR] = make_descriptor(metadata, schemas, files, documents)
    files[CODEBOOK] = make_codebook(metadata, schemas, event_types)
    return Build(files, report, coding)


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write the outputs all or nothing: a failure leaves the previous ones in place.

    Everything is written to a staging folder first; then each target (data/ as a
    whole, datapackage.json, docs/codebook.md) is swapped in by renames, the old one
    kept aside until all succeeded. On any error, the swaps done so far are undone.
    """
    root = Path(root)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    new, old = staging / "new", staging / "old"
    try:
        for rel, data in files.items():
            target = new / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        targets = sorted({rel.split("/")[0] if rel.startswith(f"{DATA_DIR}/") else rel for rel in files})
        swapped: list[str] = []
        try:
            for rel in targets:
                (old / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                if (root / rel).exists():
                    os.replace(root / rel, old / rel)
                swapped.append(rel)
                os.replace(new / rel, root / rel)
        except BaseException:
            for rel in reversed(swapped):  # undo: put every old target back
                if (root / rel).is_dir():
                    shutil.rmtree(root / rel)
                elif (root / rel).exists():
                    (root / rel).unlink()
                if (old / rel).exists():
                    os.replace(old / rel, root / rel)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(root: Path | str = ".") -> Report:
    """Rebuild data/, datapackage.json and docs/codebook.md from seeds/.

    Returns the coding report; files are written only when it has no errors.
    """
    result = make_build(root)
    if result.report.ok:
        write_files(Path(root), result.files)
    return result.report

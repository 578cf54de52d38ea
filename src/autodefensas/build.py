"""Build: seeds/ -> data/*.csv, datapackage.json and docs/codebook.md.

build_files() makes every output in memory (verify compares them with what is
committed); build() writes them, all or nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .codebook import CODEBOOK, make_codebook
from .coding import load_coding
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


def _schema_problems(schemas: dict, event_types: dict) -> list[Problem]:
    enum = schemas["incidents"].field_map["event_type"]["constraints"]["enum"]
    mapped = [e["event_type"] for e in event_types["event_types"]]
    if sorted(enum) != sorted(mapped):
        return [Problem("coding", "schemas/event_types.json", None, "schema.event-types",
                        f"event types differ from the enum in schemas/incidents.json: "
                        f"only in the enum {sorted(set(enum) - set(mapped))}, "
                        f"only here {sorted(set(mapped) - set(enum))}",
                        "define and map every event_type here, and list it in the enum")]
    return []


def build_files(root: Path | str = ".") -> tuple[dict[str, bytes], Report]:
    """Every generated file as {relative path: bytes}, and the coding report.

    The files are empty when the coding has errors: nothing is built from bad input.
    """
    root = check_root(Path(root))
    report = Report(layers=["coding"])
    schemas = load_schemas(root / "schemas")
    metadata = load_json(root / "schemas" / "package.json")
    event_types = load_json(root / "schemas" / "event_types.json")
    report.extend(_schema_problems(schemas, event_types))
    coding = load_coding(root, schemas)
    report.extend(coding.problems)
    if not report.ok:
        return {}, report
    tables = make_tables(coding)
    files = {f"{DATA_DIR}/{name}.csv": to_csv_bytes(schemas[name], tables[name]) for name in TABLES}
    documents = [s for s in tables["sources"] if s["role"] == "document"]
    files[DESCRIPTOR] = make_descriptor(metadata, schemas, files, documents)
    files[CODEBOOK] = make_codebook(metadata, schemas, event_types)
    return files, report


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write the outputs so that a failure leaves the previous data/ whole.

    The new data/ is written beside the old one and swapped in by renames; the other
    files are replaced one by one with os.replace, which is atomic per file.
    """
    root = Path(root)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for rel in files:
            if not rel.startswith(f"{DATA_DIR}/"):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, root / rel)
        old = root / f".{DATA_DIR}-old"
        if old.exists():
            shutil.rmtree(old)
        if (root / DATA_DIR).exists():
            os.replace(root / DATA_DIR, old)
        os.replace(staging / DATA_DIR, root / DATA_DIR)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(root: Path | str = ".") -> Report:
    """Rebuild data/, datapackage.json and docs/codebook.md from seeds/.

    Returns the coding report; files are written only when it has no errors.
    """
    files, report = build_files(root)
    if report.ok:
        write_files(Path(root), files)
    return report

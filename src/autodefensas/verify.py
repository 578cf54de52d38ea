"""Verify: every layer over the dataset, one report.

Layers: coding (seeds/ read and checked, via the build), drift (committed outputs
equal a fresh build, byte for byte), contract (frictionless validates the committed
package: profile, Table Schemas, primary and foreign keys, bytes and hash), rules
(pandera schemas generated from schemas/ plus cross-field and cross-table rules)
and quality (a great-expectations suite over the whole dataset, with Data Docs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .build import check_root, make_build
from .csvio import read_csv_rows
from .package import DESCRIPTOR
from .problems import Problem, Report
from .schema import load_schemas

LAYERS = ("coding", "drift", "contract", "rules", "quality")


class UnknownLayerError(ValueError):
    pass
MAX_ROWS_PER_FILE = 20  # drift rows listed per file before summarizing


def verify(root: Path | str = ".", layers: tuple[str, ...] = LAYERS,
           progress: Callable[[str], None] | None = None,
           docs_dir: Path | str | None = None, baseline: str | None = "HEAD") -> Report:
    """Run the given layers (all by default) and return one report.

    progress, if given, is called with a line before each layer. docs_dir is where
    the quality layer writes its Data Docs HTML; baseline the git ref whose row
    counts the tables must not fall below without a changelog entry.
    """
    root = check_root(Path(root))
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise UnknownLayerError(f"unknown layer(s) {sorted(unknown)}; layers are {', '.join(LAYERS)}")
    chosen = [layer for layer in LAYERS if layer in layers]
    report = Report()

    def step(layer: str) -> None:
        report.layers.append(layer)
        if progress:
            progress(f"[{len(report.layers)}/{len(chosen)}] {layer}")

    built = make_build(root)
    schemas = load_schemas(root / "schemas")
    if "coding" in layers:
        step("coding")
        report.extend(built.report.problems)
    if "drift" in layers and built.report.ok:
        step("drift")
        report.extend(drift_problems(root, built.files))
    if "contract" in layers:
        step("contract")
        report.extend(contract_problems(root))
    tables = None
    if "rules" in layers or "quality" in layers:
        from .rules import rules_problems  # pandera's import is slow: only when needed

        locations = built.coding.locations() if built.coding else {}
        found, tables = rules_problems(root, schemas, locations)
        if "rules" in layers:
            step("rules")
            report.extend(found)
    if "quality" in layers and tables is not None:
        from .quality import quality_problems  # great-expectations takes seconds to import

        step("quality")
        report.extend(quality_problems(root, tables, schemas, Path(docs_dir) if docs_dir else None, baseline))
    return report


# --- drift -----------------------------------------------------------------------------------

def drift_problems(root: Path, files: dict[str, bytes]) -> list[Problem]:
    problems = []
    pks = {f"data/{name}.csv": schema.primary_key for name, schema in load_schemas(root / "schemas").items()}
    for rel, fresh in sorted(files.items()):
        path = root / rel
        if not path.exists():
            problems.append(Problem("drift", rel, None, "drift.missing",
                                    "the file is missing; a fresh build writes it",
                                    "run `autodefensas build` and commit the result"))
            continue
        committed = path.read_bytes()
        if committed == fresh:
            continue
        if rel in pks:
            problems.extend(_csv_drift(rel, committed, fresh, pks[rel]))
        else:
            problems.append(Problem("drift", rel, _first_diff_line(committed, fresh), "drift.changed",
                                    "the file differs from a fresh build (edited by hand, or not rebuilt)",
                                    "never edit generated files: change seeds/ or schemas/, then run "
                                    "`autodefensas build`"))
    return problems


def _first_diff_line(a: bytes, b: bytes) -> int:
    for number, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n")), start=1):
        if x != y:
            return number
    return min(a.count(b"\n"), b.count(b"\n")) + 1


def _csv_drift(rel: str, committed: bytes, fresh: bytes, pk: list[str]) -> list[Problem]:
    """Name each row that differs from a fresh build, by its key and line."""
    hint = ("data/ is generated: undo the edit (git checkout -- data/) and change seeds/ instead, "
            "then run `autodefensas build`")
    old_rows, new_rows = read_csv_rows(committed), read_csv_rows(fresh)
    if not old_rows or old_rows[0][1] != new_rows[0][1]:
        return [Problem("drift", rel, 1, "drift.header", "the header differs from a fresh build", hint)]
    header = new_rows[0][1]
    index = [header.index(k) for k in pk]

    def keyed(rows):
        return {tuple(cells[i] if i < len(cells) else "" for i in index): (line, cells)
                for line, cells in rows[1:]}

    old, new = keyed(old_rows), keyed(new_rows)
    found = []
    for key, (line, cells) in old.items():
        label = "/".join(key)
        if key not in new:
            found.append(Problem("drift", rel, line, "drift.extra-row",
                                 f"row {label!r} is not produced by a fresh build", hint))
        elif cells != new[key][1]:
            changed = [f"{h} is {c!r}, a fresh build gives {n!r}"
                       for h, c, n in zip(header, cells + [""] * len(header), new[key][1]) if c != n]
            if len(cells) != len(header):
                changed.append(f"the row has {len(cells)} cells, not {len(header)}")
            found.append(Problem("drift", rel, line, "drift.changed-row",
                                 f"row {label!r}: " + "; ".join(changed), hint))
    for key, (line, _) in new.items():
        if key not in old:
            found.append(Problem("drift", rel, None, "drift.missing-row",
                                 f"row {'/'.join(key)!r} of a fresh build is missing", hint))
    if not found:  # same rows, other order or bytes (line ends, quoting)
        found.append(Problem("drift", rel, _first_diff_line(committed, fresh), "drift.changed",
                             "the file has the same rows as a fresh build but not the same bytes "
                             "(order, quoting or line ends)", hint))
    if len(found) > MAX_ROWS_PER_FILE:
        rest = len(found) - MAX_ROWS_PER_FILE
        found = found[:MAX_ROWS_PER_FILE] + [Problem("drift", rel, None, "drift.more",
                                                     f"{rest} more differing row(s) not listed", hint)]
    return found


# --- contract --------------------------------------------------------------------------------

def contract_problems(root: Path) -> list[Problem]:
    """frictionless-py's validation of the committed package, as Problems."""
    import frictionless  # imported here: slow, and only this layer needs it

    if not (root / DESCRIPTOR).exists():
        return [Problem("contract", DESCRIPTOR, None, "contract.missing", "datapackage.json is missing",
                        "run `autodefensas build`")]
    result = frictionless.validate(str(root / DESCRIPTOR))
    problems = [Problem("contract", DESCRIPTOR, None, f"contract.{e.type}", e.message, _contract_hint(e.type))
                for e in result.errors]
    for task in result.tasks:
        place = _relative(root, task.place)
        for error in task.errors:
            line = getattr(error, "row_number", None)
            problems.append(Problem("contract", place, line, f"contract.{error.type}", error.message,
                                    _contract_hint(error.type)))
    return problems


def _contract_hint(error_type: str) -> str:
    if error_type in ("hash-count", "byte-count"):
        return ("the file changed after datapackage.json was built: undo the edit (git checkout -- data/), "
                "or change seeds/ and run `autodefensas build`")
    return ("the committed package breaks its Table Schemas: rebuild with `autodefensas build`; "
            "if a fresh build gives this too, fix the schema or the coding")


def _relative(root: Path, place: str) -> str:
    try:
        return str(Path(place).resolve().relative_to(root.resolve()))
    except ValueError:
        return place

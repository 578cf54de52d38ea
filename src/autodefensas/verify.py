"""Verify: every layer over the dataset, one report.

Layers: coding (seeds/ read and checked, via the build), drift (committed outputs
equal a fresh build, byte for byte), contract (what frictionless validate checks:
descriptor, Table Schemas, types and constraints, primary and foreign keys, bytes
and hash, run on the fast engine), rules (cross-field and cross-table rules) and
quality (a great-expectations suite over aggregates of the whole dataset, with Data
Docs). The last three share one read of each CSV (engine.load_package).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .build import check_root, make_build
from .csvio import read_csv_rows
from .package import DESCRIPTOR
from .problems import Problem, Report
from .schema import TableSchema, load_schemas

LAYERS = ("coding", "drift", "contract", "rules", "quality")
CONTRACT_ENGINES = ("fast", "frictionless")
MAX_ROWS_PER_FILE = 20  # drift rows listed per file before summarizing


class UnknownLayerError(ValueError):
    pass


def verify(root: Path | str = ".", layers: tuple[str, ...] = LAYERS,
           progress: Callable[[str], None] | None = None,
           docs_dir: Path | str | None = None, baseline: str | None = "HEAD",
           contract_engine: str = "fast") -> Report:
    """Run the given layers (all by default) and return one report.

    progress, if given, is called with a line before each layer. docs_dir is where
    the quality layer writes its Data Docs HTML; baseline the git ref whose row
    counts the tables must not fall below without a changelog entry. The contract
    layer runs on the fast engine, or on frictionless-py itself (the reference,
    slower) with contract_engine="frictionless".
    """
    root = check_root(Path(root))
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise UnknownLayerError(f"unknown layer(s) {sorted(unknown)}; layers are {', '.join(LAYERS)}")
    if contract_engine not in CONTRACT_ENGINES:
        raise UnknownLayerError(f"unknown contract engine {contract_engine!r}; engines are "
                                f"{', '.join(CONTRACT_ENGINES)}")
    chosen = [layer for layer in LAYERS if layer in layers]
    report = Report()

    def step(layer: str) -> None:
        report.layers.append(layer)
        if progress:
            progress(f"[{len(report.layers)}/{len(chosen)}] {layer}")

    schemas = load_schemas(root / "schemas")
    built = None
    if "coding" in layers or "drift" in layers:
        if "coding" in layers:
            step("coding")
        built = make_build(root)
        if "coding" in layers:
            report.extend(built.report.problems)
    if "drift" in layers and built.report.ok:
        step("drift")
        report.extend(drift_problems(root, built.files, schemas))
    if not set(layers) & {"contract", "rules", "quality"}:
        return report
    # polars and pandera are imported only here: `autodefensas build` does not need them
    from .contract import contract_problems, frictionless_problems
    from .engine import load_package
    from .rules import rules_problems

    if not (root / DESCRIPTOR).exists():
        report.add(Problem("contract", DESCRIPTOR, None, "contract.missing", "datapackage.json is missing",
                           "run `autodefensas build`"))
        return report
    locations = built.coding.locations() if built is not None and built.coding is not None else {}
    loaded = load_package(root, schemas, locations)
    if "contract" in layers:
        step("contract")
        if contract_engine == "frictionless":
            report.extend(frictionless_problems(root))
        else:
            report.extend(contract_problems(loaded))
    if "rules" in layers:
        step("rules")
        report.extend(rules_problems(loaded))
    if "quality" in layers and loaded.complete:
        from .quality import quality_problems  # great-expectations takes seconds to import

        step("quality")
        report.extend(quality_problems(root, loaded.typed, schemas, Path(docs_dir) if docs_dir else None, baseline))
    return report


# --- drift -----------------------------------------------------------------------------------

def drift_problems(root: Path, files: dict[str, bytes], schemas: dict[str, TableSchema]) -> list[Problem]:
    problems = []
    pks = {f"data/{name}.csv": schema.primary_key for name, schema in schemas.items()}
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

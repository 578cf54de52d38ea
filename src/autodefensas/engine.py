"""The fast engine's reading step: each CSV of a package read once with polars and
typed from its Table Schema, for the contract, rules and quality layers to share.

Each CSV is parsed by one lazy polars scan that types every column as it goes
(generated from the schema fields: cells that do not parse become null and are
remembered as type errors, and the text of non-text columns is never kept), while a
thread hashes the file for the descriptor's hash; its size is checked against bytes.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .dataframes import FALSE_VALUES, TRUE_VALUES
from .package import DESCRIPTOR
from .problems import Problem
from .schema import TABLES, TableSchema

LAYER = "contract"
_DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass
class Located:
    """Where each row of each table came from: a coding line when known, else its CSV row.

    CSV rows are numbered like frictionless does: the header is row 1, so the first
    record is row 2 (for our files, which have no line breaks inside cells, the row
    number is the line number).
    """

    locations: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    keys: dict[str, pl.Series] = field(default_factory=dict)

    def problem(self, layer: str, table: str, index: int, rule: str, message: str, hint: str,
                to_coding: bool = True) -> Problem:
        csv_file, row = f"data/{table}.csv", int(index) + 2
        key = self.keys[table][int(index)] if table in self.keys else None
        where = self.locations.get(table, {}).get(key) if to_coding and isinstance(key, str) else None
        if where is None:
            return Problem(layer, csv_file, row, rule, message, hint)
        return Problem(layer, where[0], where[1], rule, f"{table[:-1]} {key!r} ({csv_file}:{row}): {message}", hint)


@dataclass
class Loaded:
    """A package read by the engine."""

    root: Path
    descriptor: dict
    schemas: dict[str, TableSchema]
    typed: dict[str, pl.DataFrame] = field(default_factory=dict)    # typed from the schema
    paths: dict[str, Path] = field(default_factory=dict)            # each table's CSV
    type_errors: dict[str, dict[str, pl.Series]] = field(default_factory=dict)  # table -> column -> mask
    problems: list[Problem] = field(default_factory=list)           # reading problems (contract layer)
    located: Located = field(default_factory=Located)

    @property
    def complete(self) -> bool:
        return all(name in self.typed for name in TABLES)


def typed_expr(name: str, spec: dict) -> tuple[pl.Expr, pl.Expr | None]:
    """(typed column, mask of non-empty cells that do not parse as the field's type)."""
    ftype, raw = spec.get("type", "string"), pl.col(name)
    if ftype == "integer":
        typed = raw.cast(pl.Int64, strict=False)
        ok = typed.is_not_null()
    elif ftype == "number":
        typed = raw.cast(pl.Float64, strict=False)
        ok = typed.is_not_null()
    elif ftype == "boolean":
        mapping = {**{v: True for v in TRUE_VALUES}, **{v: False for v in FALSE_VALUES}}
        typed = raw.replace_strict(mapping, default=None, return_dtype=pl.Boolean)
        ok = typed.is_not_null()
    elif ftype == "date":
        typed = raw.str.to_date("%Y-%m-%d", strict=False)
        ok = raw.str.contains(_DATE) & typed.is_not_null()
    else:
        return raw, None
    return typed.alias(name), (raw.is_not_null() & ~ok.fill_null(False)).alias(f"{_BAD}{name}")


_BAD = "__bad__"


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def raw_cells(path: Path, column: str, rows: list[int]) -> list[str | None]:
    """The text of a few cells as written in the CSV (for messages about them)."""
    frame = pl.scan_csv(path, infer_schema=False).select(pl.col(column)).with_row_index("row")
    found = dict(frame.filter(pl.col("row").is_in(rows)).collect().iter_rows())
    return [found.get(row) for row in rows]


def load_package(root: Path | str, schemas: dict[str, TableSchema],
                 locations: dict | None = None) -> Loaded:
    """Read and type every table of the package at root (its datapackage.json).

    One lazy polars scan per CSV types every column as it is parsed (the text of
    non-text columns is never kept); the file is hashed beside it, in a thread.
    """
    root = Path(root)
    descriptor = json.loads((root / DESCRIPTOR).read_text("utf-8"))
    loaded = Loaded(root, descriptor, schemas)
    resources = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    names = [name for name in TABLES if name in resources and "path" in resources[name]]
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashing releases the GIL
        digests = {name: pool.submit(_hash, root / resources[name]["path"])
                   for name in names if (root / resources[name]["path"]).is_file()}
        for name in names:
            _load_table(loaded, name, resources[name], digests.get(name))
    pks = {name: schemas[name].primary_key[0] for name in loaded.typed}
    loaded.located = Located(locations or {}, {name: loaded.typed[name][pk] for name, pk in pks.items()})
    return loaded


def _load_table(loaded: Loaded, name: str, resource: dict, digest) -> None:
    rel, path = resource["path"], loaded.root / resource["path"]
    loaded.paths[name] = path
    if digest is None:
        loaded.problems.append(Problem(LAYER, rel, None, "contract.scheme-error",
                                       f"the file {rel} does not exist", "run `autodefensas build`"))
        return
    size = path.stat().st_size
    if "bytes" in resource and resource["bytes"] != size:
        loaded.problems.append(Problem(LAYER, rel, None, "contract.byte-count",
                                       f"the file has {size} bytes, the descriptor says {resource['bytes']}",
                                       _CHANGED_HINT))
    schema = loaded.schemas[name]
    try:
        scan = pl.scan_csv(path, infer_schema=False)
        header = scan.collect_schema().names()
        if header != schema.columns:
            loaded.problems.append(Problem(LAYER, rel, 1, "contract.header",
                                           f"the header {header} differs from the fields of "
                                           f"schemas/{name}.json {schema.columns}",
                                           "rebuild with `autodefensas build`; if the schema changed, "
                                           "change the toolkit in the same commit"))
            return
        exprs = []
        for spec in schema.fields:
            typed, bad = typed_expr(spec["name"], spec)
            exprs += [typed] if bad is None else [typed, bad]
        frame = scan.select(exprs).collect()
    except pl.exceptions.PolarsError as exc:
        loaded.problems.append(Problem(LAYER, rel, None, "contract.source-error",
                                       f"the file cannot be read as CSV: {str(exc).splitlines()[0]}",
                                       "run `autodefensas build`"))
        return
    bad_columns = [c for c in frame.columns if c.startswith(_BAD)]
    flagged = frame.select(pl.col(bad_columns).any()).row(0) if bad_columns else ()
    loaded.type_errors[name] = {c.removeprefix(_BAD): frame[c] for c, any_bad in zip(bad_columns, flagged) if any_bad}
    loaded.typed[name] = frame.drop(bad_columns)
    expected = resource.get("hash", "").removeprefix("sha256:")
    if expected and digest.result() != expected:
        loaded.problems.append(Problem(LAYER, rel, None, "contract.hash-count",
                                       f"the file's sha256 is {digest.result()}, the descriptor says {expected}",
                                       _CHANGED_HINT))


_CHANGED_HINT = ("the file changed after datapackage.json was built: undo the edit (git checkout -- data/), "
                 "or change seeds/ and run `autodefensas build`")

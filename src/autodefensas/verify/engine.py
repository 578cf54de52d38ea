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

from .. import paths
from ..report import Problem
from ..tableschema import TableSchema
from ..tableschema.types import (
    DATE_FORMAT,
    DATE_PATTERN,
    boolean_literals,
    polars_dtype,
)


@dataclass
class Located:
    """Where each row of each table came from: a coding line when known, else its CSV row.

    CSV rows are numbered like frictionless does: the header is row 1, so the first
    record is row 2 (for our files, which have no line breaks inside cells, the row
    number is the line number).
    """

    locations: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    keys: dict[str, pl.Series] = field(default_factory=dict)

    def problem(self, rule: str, table: str, index: int, message: str, hint: str = "", to_coding: bool = True,
                field: str | None = None, value=None) -> Problem:
        """A problem about row index of table: at the coding line that made the row when
        to_coding and the coding is known, else at the CSV row."""
        csv_file, row = paths.csv(table), int(index) + 2
        key = self.keys[table][int(index)] if table in self.keys else None
        where = self.locations.get(table, {}).get(key) if to_coding and isinstance(key, str) else None
        shown = None if value is None else str(value)
        named = key if isinstance(key, str) else None
        if where is None:
            return Problem(rule=rule, file=csv_file, line=row, message=message, hint=hint, table=table, row=row,
                           key=named, field=field, value=shown)
        return Problem(rule=rule, file=where[0], line=where[1], hint=hint, table=table, row=row, key=named,
                       field=field, value=shown, message=f"{table[:-1]} {key!r} ({csv_file}:{row}): {message}")


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
    unread: dict[str, str] = field(default_factory=dict)            # table -> why it could not be read
    located: Located = field(default_factory=Located)

    @property
    def complete(self) -> bool:
        return all(name in self.typed for name in paths.TABLES)


def typed_expr(name: str, spec: dict) -> tuple[pl.Expr, pl.Expr | None]:
    """(typed column, mask of non-empty cells that do not parse as the field's type)."""
    ftype, raw, dtype = spec.get("type", "string"), pl.col(name), polars_dtype(spec)
    if ftype in ("integer", "number"):
        typed = raw.cast(dtype, strict=False)
        ok = typed.is_not_null()
    elif ftype == "boolean":
        typed = raw.replace_strict(boolean_literals(), default=None, return_dtype=dtype)
        ok = typed.is_not_null()
    elif ftype == "date":
        typed = raw.str.to_date(DATE_FORMAT, strict=False)
        ok = raw.str.contains(DATE_PATTERN) & typed.is_not_null()
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


def read_descriptor(root: Path) -> tuple[dict | None, Problem | None]:
    """datapackage.json as a dict, or the problem that keeps it from being read."""
    path = root / paths.DESCRIPTOR
    if not path.is_file():
        return None, Problem(rule="contract.missing", file=paths.DESCRIPTOR, message="datapackage.json is missing")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        return None, Problem(rule="contract.missing", file=paths.DESCRIPTOR, line=line,
                             message=f"datapackage.json is not readable JSON: {exc}")
    if not isinstance(descriptor, dict):
        return None, Problem(rule="contract.missing", file=paths.DESCRIPTOR, line=1,
                             message="datapackage.json does not hold a JSON object")
    return descriptor, None


def load_package(root: Path | str, schemas: dict[str, TableSchema],
                 locations: dict | None = None) -> Loaded:
    """Read and type every table of the package at root (its datapackage.json).

    One lazy polars scan per CSV types every column as it is parsed (the text of
    non-text columns is never kept); the file is hashed beside it, in a thread.
    A table that cannot be read is left out of ``typed`` with the reason in ``unread``.
    """
    root = Path(root)
    descriptor, problem = read_descriptor(root)
    loaded = Loaded(root, descriptor or {}, schemas)
    if problem is not None:
        loaded.problems.append(problem)
        loaded.unread = dict.fromkeys(paths.TABLES, f"{problem.message} ({problem.rule})")
        return loaded
    resources = {r.get("name"): r for r in loaded.descriptor.get("resources", []) if isinstance(r, dict)}
    for name in paths.TABLES:
        if not isinstance(resources.get(name, {}).get("path"), str):
            loaded.unread[name] = f"datapackage.json has no resource {name!r} with a path"
    names = [name for name in paths.TABLES if name not in loaded.unread]
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashing releases the GIL
        digests = {name: pool.submit(_hash, root / resources[name]["path"])
                   for name in names if (root / resources[name]["path"]).is_file()}
        for name in names:
            _load_table(loaded, name, resources[name], digests.get(name))
    pks = {name: schemas[name].primary_key[0] for name in loaded.typed}
    loaded.located = Located(locations or {}, {name: loaded.typed[name][pk] for name, pk in pks.items()})
    return loaded


def _unreadable(loaded: Loaded, name: str, problem: Problem, reason: str) -> None:
    loaded.problems.append(problem)
    loaded.unread[name] = f"{reason} ({problem.rule})"


def _load_table(loaded: Loaded, name: str, resource: dict, digest) -> None:
    rel, path = resource["path"], loaded.root / resource["path"]
    loaded.paths[name] = path
    if digest is None:
        _unreadable(loaded, name, Problem(rule="contract.scheme-error", file=rel, table=name,
                                          message=f"the file {rel} does not exist"), "it does not exist")
        return
    size = path.stat().st_size
    if "bytes" in resource and resource["bytes"] != size:
        loaded.problems.append(Problem(rule="contract.byte-count", file=rel, table=name,
                                       message=f"the file has {size} bytes, the descriptor says {resource['bytes']}"))
    schema = loaded.schemas[name]
    try:
        scan = pl.scan_csv(path, infer_schema=False)
        header = scan.collect_schema().names()
        if header != schema.columns:
            _unreadable(loaded, name, Problem(
                rule="contract.header", file=rel, line=1, table=name,
                message=f"the header {header} differs from the fields of {paths.schema(name)} {schema.columns}"),
                f"its header differs from {paths.schema(name)}")
            return
        exprs = []
        for spec in schema.fields:
            typed, bad = typed_expr(spec["name"], spec)
            exprs += [typed] if bad is None else [typed, bad]
        frame = scan.select(exprs).collect()
    except (pl.exceptions.PolarsError, OSError) as exc:  # OSError: e.g. a corrupt gzip/zstd stream
        _unreadable(loaded, name, Problem(rule="contract.source-error", file=rel, table=name,
                                          message=f"the file cannot be read as CSV: {str(exc).splitlines()[0]}"),
                    "it cannot be read as CSV")
        return
    bad_columns = [c for c in frame.columns if c.startswith(_BAD)]
    flagged = frame.select(pl.col(bad_columns).any()).row(0) if bad_columns else ()
    loaded.type_errors[name] = {c.removeprefix(_BAD): frame[c] for c, any_bad in zip(bad_columns, flagged) if any_bad}
    loaded.typed[name] = frame.drop(bad_columns)
    expected = resource.get("hash", "").removeprefix("sha256:")
    if expected and digest.result() != expected:
        loaded.problems.append(Problem(
            rule="contract.hash-count", file=rel, table=name,
            message=f"the file's sha256 is {digest.result()}, the descriptor says {expected}"))

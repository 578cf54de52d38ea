"""Break a built synthetic package at known rows, the way a hand edit would."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..build.texts import sha256

ERROR_KINDS = ("type", "enum", "pattern", "range", "pk_duplicate", "fk_dangling", "cross_field", "quote_mismatch")


@dataclass(frozen=True)
class Injected:
    kind: str
    table: str
    line: int  # CSV line (header = 1)
    column: str


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def inject(root: Path | str, per_kind: int = 1, seed: int = 0,
           kinds: tuple[str, ...] = ERROR_KINDS) -> list[Injected]:
    """Break per_kind distinct rows for each kind of error; update the descriptor's bytes
    and hash (so the package is consistent apart from the errors). Returns what was broken."""
    root = Path(root)
    rng = random.Random(seed)
    tables = {name: _read(root / paths.csv(name)) for name in ("incidents", "claims")}
    headers = {name: rows[0] for name, rows in tables.items()}
    used: set[tuple[str, int]] = set()
    injected: list[Injected] = []

    def pick(table: str, where=lambda row: True) -> int:
        rows = tables[table]
        for _ in range(10_000):
            index = rng.randrange(1, len(rows))
            if (table, index) not in used and where(rows[index]):
                used.add((table, index))
                return index
        raise ValueError(f"no row of {table} left to break")

    def cell(table: str, index: int, column: str, value: str | None = None) -> str:
        position = headers[table].index(column)
        if value is not None:
            tables[table][index][position] = value
        return tables[table][index][position]

    # kinds that put one fixed bad value in a cell: (table, column, value, column that must be filled)
    fixed = {"type": ("incidents", "n_claims", "many", None),
             "enum": ("incidents", "event_type", "skirmish", None),
             "pattern": ("incidents", "municipality_code", "16A01", None),
             "range": ("claims", "char_start", "-5", None),
             "fk_dangling": ("claims", "actor_id", "actor-missing", "actor_id")}
    for kind in kinds:
        for _ in range(per_kind):
            if kind in fixed:
                table, column, value, filled = fixed[kind]
                position = headers[table].index(filled) if filled else None
                index = pick(table, (lambda row, p=position: row[p] != "") if filled else (lambda row: True))
                cell(table, index, column, value)
            elif kind == "pk_duplicate":
                table, column = "claims", "claim_id"
                first, index = sorted((pick(table), pick(table)))
                cell(table, index, column, cell(table, first, column))  # the later row repeats the earlier
            elif kind == "cross_field":
                table, column = "incidents", "fatalities_best"
                high = headers["incidents"].index("fatalities_high")
                index = pick(table, lambda row, high=high: row[high] != "")
                cell(table, index, column, str(int(cell(table, index, "fatalities_high")) + 1000))
            elif kind == "quote_mismatch":
                table, column = "claims", "quote"
                index = pick(table)
                quote = cell(table, index, column)  # same length, other text: only the slice differs
                cell(table, index, column, quote[:-2] + ("X" if quote[-2] != "X" else "Y") + quote[-1])
            else:
                raise ValueError(f"unknown error kind {kind!r}; kinds are {', '.join(ERROR_KINDS)}")
            injected.append(Injected(kind, table, index + 1, column))
    for name, rows in tables.items():
        _write(root / paths.csv(name), rows)
    descriptor = json.loads((root / paths.DESCRIPTOR).read_text("utf-8"))
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        resource["bytes"], resource["hash"] = len(data), f"sha256:{sha256(data)}"
    (root / paths.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return injected

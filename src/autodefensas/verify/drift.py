"""Drift layer: the committed generated files equal a fresh build, byte for byte."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..build.csvio import read_csv_rows
from ..report import Problem
from ..tableschema import TableSchema


def drift_problems(root: Path, files: dict[str, bytes], schemas: dict[str, TableSchema]) -> list[Problem]:
    problems = _extra_files(root, files)
    pks = {paths.csv(name): schema.primary_key for name, schema in schemas.items()}
    for rel, fresh in sorted(files.items()):
        path = root / rel
        if not path.exists():
            problems.append(Problem(rule="drift.missing", file=rel,
                                    message="the file is missing; a fresh build writes it"))
            continue
        committed = path.read_bytes()
        if committed == fresh:
            continue
        if rel in pks:
            problems.extend(_csv_drift(rel, committed, fresh, pks[rel]))
        else:
            problems.append(Problem(rule="drift.changed", file=rel, line=_first_diff_line(committed, fresh),
                                    message="the file differs from a fresh build (edited by hand, or not rebuilt)"))
    return problems


def _extra_files(root: Path, files: dict[str, bytes]) -> list[Problem]:
    """Files in data/ that the build does not write: a release would ship them, and no
    schema describes them."""
    data = root / paths.DATA
    if not data.is_dir():
        return []
    found = sorted(p.relative_to(root).as_posix() for p in data.rglob("*") if not p.is_dir())
    return [Problem(rule="drift.extra-file", file=rel, message=f"{rel} is not written by the build")
            for rel in found if rel not in files]


def _first_diff_line(a: bytes, b: bytes) -> int:
    for number, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n")), start=1):
        if x != y:
            return number
    return min(a.count(b"\n"), b.count(b"\n")) + 1


def _csv_drift(rel: str, committed: bytes, fresh: bytes, pk: list[str]) -> list[Problem]:
    """Name each row that differs from a fresh build, by its key and line."""
    table = Path(rel).stem
    old_rows, new_rows = read_csv_rows(committed), read_csv_rows(fresh)
    if not old_rows or old_rows[0][1] != new_rows[0][1]:
        return [Problem(rule="drift.header", file=rel, line=1, table=table,
                        message="the header differs from a fresh build")]
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
            found.append(Problem(rule="drift.extra-row", file=rel, line=line, table=table, row=line, key=label,
                                 message=f"row {label!r} is not produced by a fresh build"))
        elif cells != new[key][1]:
            columns = [(h, c, n) for h, c, n in zip(header, cells + [""] * len(header), new[key][1]) if c != n]
            changed = [f"{h} is {c!r}, a fresh build gives {n!r}" for h, c, n in columns]
            if len(cells) != len(header):
                changed.append(f"the row has {len(cells)} cells, not {len(header)}")
            found.append(Problem(rule="drift.changed-row", file=rel, line=line, table=table, row=line, key=label,
                                 field=columns[0][0] if columns else None, value=columns[0][1] if columns else None,
                                 message=f"row {label!r}: " + "; ".join(changed)))
    for key in new:
        if key not in old:
            found.append(Problem(rule="drift.missing-row", file=rel, table=table, key="/".join(key),
                                 message=f"row {'/'.join(key)!r} of a fresh build is missing"))
    if not found:  # same rows, other order or bytes (line ends, quoting)
        found.append(Problem(rule="drift.changed", file=rel, line=_first_diff_line(committed, fresh), table=table,
                             message="the file has the same rows as a fresh build but not the same bytes "
                                     "(order, quoting or line ends)"))
    return found

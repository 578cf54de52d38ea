"""Deterministic CSV text for the tables: fixed formats, LF, UTF-8, stable order."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..tableschema import TableSchema


def format_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_csv_bytes(schema: TableSchema, rows: list[dict]) -> bytes:
    """Rows sorted by primary key, columns in schema order."""
    pk = schema.primary_key
    ordered = sorted(rows, key=lambda r: tuple(format_cell(r.get(k)) for k in pk))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.columns)
    for row in ordered:
        writer.writerow([format_cell(row.get(c)) for c in schema.columns])
    return out.getvalue().encode("utf-8")


def read_csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each record; the header is line 1."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    rows = []
    for cells in reader:
        rows.append((reader.line_num - cells_newlines(cells), cells))
    return rows


def cells_newlines(cells: list[str]) -> int:
    """Line breaks inside quoted cells, so that a record's first line can be given."""
    return sum(cell.count("\n") for cell in cells)

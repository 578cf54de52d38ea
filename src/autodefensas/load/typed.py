"""The tables as pandas DataFrames, typed from their Table Schemas.

(verify reads the CSVs with its own engine, verify/engine.py; this is the users' loader.)
pandas is imported when a table is read, not when autodefensas is imported.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..tableschema.types import (
    DATE_FORMAT,
    INTEGER_PATTERN,
    boolean_literals,
    field_type,
)
from .errors import LoadError

if TYPE_CHECKING:
    import pandas as pd


def parse_column(raw: pd.Series, field: dict) -> tuple[pd.Series, pd.Series]:
    """(typed series, mask of non-empty cells that are not of the field's type or enum).

    raw holds strings with missing values as NA. Enums become categoricals with every
    allowed value as a category.
    """
    import pandas as pd

    ftype, enum = field.get("type", "string"), field.get("constraints", {}).get("enum")
    dtype = field_type(field).pandas
    present = raw.notna()
    if ftype == "integer":
        ok = raw.str.fullmatch(INTEGER_PATTERN.strip("^$")).fillna(False).astype(bool)
        typed = pd.to_numeric(raw.where(ok), errors="coerce").astype(dtype)
    elif ftype == "number":
        typed = pd.to_numeric(raw, errors="coerce").astype(dtype)
        ok = typed.notna()
    elif ftype == "boolean":
        typed = raw.map(boolean_literals()).astype(dtype)
        ok = typed.notna()
    elif ftype == "date":
        typed = pd.to_datetime(raw, format=DATE_FORMAT, errors="coerce")
        ok = typed.notna()
    else:
        typed = raw.astype(dtype)
        ok = present
        if enum is not None:
            ok = typed.isin(enum)
            typed = typed.where(ok).astype(pd.CategoricalDtype(categories=enum))
    bad = present & ~ok.astype(bool)
    return typed, bad


def read_raw(data: bytes, name: str) -> pd.DataFrame:
    """CSV bytes as strings, empty cells as NA (Table Schema's missingValues [""])."""
    import pandas as pd

    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise LoadError(f"{name}: not readable as a UTF-8 CSV ({str(exc).splitlines()[0]}); download it "
                        "again, or run `autodefensas verify` on a checkout") from None


def read_table(data: bytes, schema: dict, name: str) -> pd.DataFrame:
    """A table's CSV bytes typed by its schema; name is how messages call the file."""
    import pandas as pd

    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and "name" in f for f in fields):
        raise LoadError(f"{name}: its Table Schema has no list of fields with names; is the descriptor a "
                        "Data Package's?")
    names = [f["name"] for f in fields]
    frame = read_raw(data, name)
    if list(frame.columns) != names:
        raise LoadError(f"{name}: columns {list(frame.columns)} differ from its schema {names}")
    columns = {}
    for field in fields:
        typed, bad = parse_column(frame[field["name"]], field)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise LoadError(f"{name}:{row + 2}: {field['name']} {frame[field['name']].iloc[row]!r} "
                            f"is not a valid {field.get('type', 'string')} for its schema "
                            f"({int(bad.sum())} such cell(s)); run `autodefensas verify` for all problems")
        columns[field["name"]] = typed
    return pd.DataFrame(columns)

"""load(): the package's tables as pandas DataFrames, typed from the Table Schemas.

(verify reads the CSVs with its own engine, verify/engine.py; this is the users' loader.)
pandas is imported when load() runs, not when autodefensas is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import DESCRIPTOR, TABLES
from .tableschema.types import (
    DATE_FORMAT,
    INTEGER_PATTERN,
    boolean_literals,
    field_type,
)

if TYPE_CHECKING:
    import pandas as pd

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Tables:
    """The dataset's tables; also usable as a mapping: tables["claims"]."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    incidents: pd.DataFrame
    claims: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")
        return getattr(self, name)


def default_package() -> Path:
    """The package shipped inside the installed wheel, else the source checkout's."""
    for candidate in (_HERE / "_package" / DESCRIPTOR, _HERE.parents[1] / DESCRIPTOR):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        "no datapackage.json found in the installed package or the source checkout; "
        "pass the path of one: autodefensas.load('path/to/datapackage.json')")


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


def read_raw(csv_path: Path) -> pd.DataFrame:
    """A CSV as strings, empty cells as NA (Table Schema's missingValues [""])."""
    import pandas as pd

    return pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def read_table(csv_path: Path, schema: dict) -> pd.DataFrame:
    names = [f["name"] for f in schema["fields"]]
    frame = read_raw(csv_path)
    if list(frame.columns) != names:
        raise ValueError(f"{csv_path}: columns {list(frame.columns)} differ from its schema {names}")
    columns = {}
    for field in schema["fields"]:
        typed, bad = parse_column(frame[field["name"]], field)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"{csv_path}:{row + 2}: {field['name']} {frame[field['name']].iloc[row]!r} "
                             f"is not a valid {field.get('type', 'string')} for its schema "
                             f"({int(bad.sum())} such cell(s)); run `autodefensas verify` for all problems")
        columns[field["name"]] = typed
    import pandas as pd

    return pd.DataFrame(columns)


def load(package: Path | str | None = None) -> Tables:
    """Load sources, actors, incidents and claims from a datapackage.json.

    Without an argument, the package that ships with the installed toolkit. Dates
    are datetimes, integers nullable Int64, enums categoricals, text strings.
    """
    path = Path(package) if package is not None else default_package()
    if path.is_dir():
        path = path / DESCRIPTOR
    descriptor = json.loads(path.read_text("utf-8"))
    base = path.parent
    frames = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((base / schema).read_text("utf-8"))
        frames[resource["name"]] = read_table(base / resource["path"], schema)
    missing = set(TABLES) - set(frames)
    if missing:
        raise ValueError(f"{path}: no resource(s) {sorted(missing)}")
    return Tables(**{name: frames[name] for name in TABLES})

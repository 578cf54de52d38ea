"""load(): the four tables as typed pandas DataFrames, typed from the Table Schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .package import DESCRIPTOR
from .schema import TABLES

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


def _typed(series: pd.Series, field: dict) -> pd.Series:
    ftype, enum = field.get("type", "string"), field.get("constraints", {}).get("enum")
    if enum is not None:
        return series.astype(pd.CategoricalDtype(categories=enum))
    if ftype == "integer":
        return pd.to_numeric(series).astype("Int64")
    if ftype == "number":
        return pd.to_numeric(series).astype("Float64")
    if ftype == "boolean":
        return series.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    if ftype == "date":
        return pd.to_datetime(series, format="%Y-%m-%d")
    return series.astype("string")


def read_table(csv_path: Path, schema: dict) -> pd.DataFrame:
    names = [f["name"] for f in schema["fields"]]
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if list(frame.columns) != names:
        raise ValueError(f"{csv_path}: columns {list(frame.columns)} differ from its schema {names}")
    return pd.DataFrame({f["name"]: _typed(frame[f["name"]], f) for f in schema["fields"]})


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

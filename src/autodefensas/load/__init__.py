"""load(): the package's tables as pandas DataFrames, typed from the Table Schemas.

A package is read from a folder or its datapackage.json, from a release zip, or from an
http(s) address of either (source.py); each CSV is checked against the descriptor's
bytes and hash, then typed (typed.py). pandas is imported when load() runs, not when
autodefensas is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import DESCRIPTOR, TABLES
from .errors import LoadError
from .source import Package, open_package
from .typed import parse_column, read_raw, read_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LoadError", "Tables", "default_package", "load", "parse_column", "read_raw", "read_table"]

_HERE = Path(__file__).resolve().parent.parent  # the autodefensas package folder


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


def load(package: Path | str | None = None) -> Tables:
    """Load sources, actors, incidents and claims from a Data Package.

    package is a folder or its datapackage.json, a release zip, or an http(s) URL of a
    datapackage.json (its files are fetched relative to it) or of a release zip; without
    it, the package that ships with the installed toolkit. A CSV whose size or hash is
    not the descriptor's is refused. Dates are datetimes, integers nullable Int64, enums
    categoricals, text strings. Raises LoadError (a ValueError) saying what is wrong.
    """
    opened = open_package(package if package is not None else default_package())
    resources = {r.get("name"): r for r in opened.descriptor["resources"] if isinstance(r, dict)}
    missing = [name for name in TABLES if name not in resources]
    if missing:
        raise LoadError(f"{opened.label}: no resource(s) {missing}; is it the autodefensas package?")
    frames = {}
    for name in TABLES:
        data, where = opened.resource(resources[name])
        frames[name] = read_table(data, _schema(opened, resources[name]), where)
    return Tables(**frames)


def _schema(opened: Package, resource: dict) -> dict:
    """A resource's Table Schema: inline, or a path (or URL) relative to the descriptor."""
    schema = resource.get("schema")
    if isinstance(schema, dict):
        return schema
    if not isinstance(schema, str):
        raise LoadError(f"{opened.label}: resource {resource.get('name')!r} has no Table Schema")
    try:
        found = json.loads(opened.read(schema).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"{opened.name(schema)} is not a readable Table Schema (JSON): {exc}") from None
    if not isinstance(found, dict):
        raise LoadError(f"{opened.name(schema)} does not hold a Table Schema (a JSON object)")
    return found

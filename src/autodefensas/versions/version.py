"""open_version(): a git ref, a checkout (built in memory, uncommitted and untracked seeds
included) or a package folder, as the package's tables.

Rows are kept as published (strings, "" for an empty cell): a diff compares what users
download. typed() reads them with the version's own Table Schemas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..load.errors import LoadError
from ..load.source import is_url, open_package
from ..tableschema.types import DATE_FORMAT, boolean_literals
from . import git


class VersionError(Exception):
    """What the user named is not a version we can read: the message says why and what to pass."""


@dataclass
class Version:
    label: str  # how reports name it: "main (1a2b3c4)", "the checkout /x", "/x/datapackage.json"
    tables: dict[str, list[dict[str, str]]]  # table -> rows in file order, cells as published
    schemas: dict[str, dict]  # table -> its Table Schema in this version
    # (table, id) -> reason, from seeds/registry/withdrawn.yaml; a package folder carries none
    withdrawn: dict[tuple[str, str], str] = field(default_factory=dict)

    def primary_key(self, table: str) -> list[str]:
        pk = self.schemas[table].get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    def keyed(self, table: str) -> dict[str, dict[str, str]]:
        """Rows by primary key (a compound key joined with '/')."""
        pk = self.primary_key(table)
        return {"/".join(row.get(k, "") for k in pk): row for row in self.tables.get(table, [])}

    def typed(self, table: str) -> list[dict]:
        """Rows with Python values by the schema's field types (None for an empty cell)."""
        readers = {f["name"]: _reader(f.get("type", "string")) for f in self.schemas[table]["fields"]}
        return [{name: (None if cell == "" else readers.get(name, str)(cell)) for name, cell in row.items()}
                for row in self.tables.get(table, [])]


def open_version(spec: str | Path | None, root: Path | str = ".") -> Version:
    """The version spec names; None or "." is the checkout at root.

    A folder with seeds/ and schemas/ is built in memory (what `autodefensas build` would
    write now); a folder or file with a datapackage.json is read as it is, and so is a
    release zip or the http(s) address of a datapackage.json or zip; anything else is a git
    ref of the checkout at root.
    """
    root = Path(root)
    target = Path(spec) if spec is not None else root
    if spec is not None and (is_url(spec) or (target.is_file() and zipfile.is_zipfile(target))):
        return _from_download(str(spec))
    if spec is None or target.exists():
        if target.is_file() and target.name == paths.DESCRIPTOR:
            return _from_files(str(target), _folder_reader(target.parent))
        # an unzipped release has seeds/ (its texts) and schemas/ too, and its SHA256SUMS
        released = (target / paths.CHECKSUMS).is_file() and (target / paths.DESCRIPTOR).is_file()
        if target.is_dir() and not released and (target / paths.SEEDS).is_dir() and (target / paths.SCHEMAS).is_dir():
            return _from_checkout(target)
        if target.is_dir() and (target / paths.DESCRIPTOR).is_file():
            return _from_files(str(target / paths.DESCRIPTOR), _folder_reader(target))
        raise VersionError(f"{target} is neither a dataset checkout (seeds/ and schemas/) nor a package "
                           f"folder ({paths.DESCRIPTOR}): pass one of those, or a git ref")
    commit = git.commit_of(root, str(spec))
    if commit is None:
        where = (f"a git ref of the checkout at {root.resolve()}" if git.is_checkout(root)
                 else f"a git ref ({root.resolve()} is not a git checkout)")
        raise VersionError(f"{spec!r} is neither a folder, a {paths.DESCRIPTOR} nor {where}: pass a branch, "
                           "tag or commit (e.g. main, v0.1.0, HEAD~1), a dataset checkout or a package folder")
    label = f"{spec} ({commit[:7]})"

    def at_commit(rel: str) -> bytes | None:
        return git.show(root, commit, rel)

    version = _from_files(label, at_commit)
    version.withdrawn = _withdrawn_at(at_commit(paths.WITHDRAWN))
    return version


def _folder_reader(folder: Path) -> Callable[[str], bytes | None]:
    def read(rel: str) -> bytes | None:
        path = folder / rel
        return path.read_bytes() if path.is_file() else None
    return read


def _from_checkout(root: Path) -> Version:
    from ..build import make_build  # the build pulls in the coding readers: only when a checkout is asked for

    built = make_build(root)
    if not built.report.ok:
        raise VersionError(f"the checkout {root} does not build, so it has no tables to compare:\n"
                           f"{built.report.format_text()}")
    def read(rel: str) -> bytes | None:
        if rel in built.files:
            return built.files[rel]
        path = root / rel
        return path.read_bytes() if rel.startswith(f"{paths.SCHEMAS}/") and path.is_file() else None

    version = _from_files(f"the checkout {root}", read)
    if built.coding is not None:  # the build read and checked withdrawn.yaml already
        version.withdrawn = {(str(r.row["table"]), str(r.row["id"])): str(r.row.get("reason") or "")
                             for r in built.coding.withdrawn}
    return version


def _withdrawn_at(raw: bytes | None) -> dict[tuple[str, str], str]:
    """The withdrawals in withdrawn.yaml's bytes at a commit; none when absent or unreadable
    (verify reports an unreadable one)."""
    if raw is None:
        return {}
    import yaml  # only when a commit has withdrawals

    try:
        entries = (yaml.safe_load(raw) or {}).get("withdrawn") or []
        return {(str(e["table"]), str(e["id"])): str(e.get("reason") or "") for e in entries
                if isinstance(e, dict) and "table" in e and "id" in e}
    except (yaml.YAMLError, AttributeError, TypeError):
        return {}


def _from_download(spec: str) -> Version:
    """A release zip or the http(s) address of a datapackage.json or a zip, each file checked
    against the descriptor's bytes and hash as load() checks it."""
    try:
        package = open_package(spec)
    except LoadError as exc:
        raise VersionError(str(exc)) from None

    def read(rel: str) -> bytes | None:
        if rel == paths.DESCRIPTOR:
            return json.dumps(package.descriptor).encode("utf-8")
        resource = next((r for r in package.descriptor.get("resources", []) if r.get("path") == rel), None)
        try:
            return package.resource(resource)[0] if resource else package.read(rel)
        except LoadError as exc:
            raise VersionError(str(exc)) from None

    return _from_files(package.label, read)


def _from_files(label: str, read: Callable[[str], bytes | None]) -> Version:
    raw = read(paths.DESCRIPTOR)
    if raw is None:
        raise VersionError(f"{label} has no {paths.DESCRIPTOR}: it is not a built package "
                           "(a commit from before the first build?)")
    try:
        descriptor = json.loads(raw)
        resources = {r["name"]: r for r in descriptor["resources"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise VersionError(f"{label}: {paths.DESCRIPTOR} cannot be read as a data package ({exc})") from None
    tables, schemas = {}, {}
    for name in paths.TABLES:
        resource = resources.get(name)
        if resource is None:
            raise VersionError(f"{label}: {paths.DESCRIPTOR} has no resource {name!r}")
        schema = resource.get("schema")
        if isinstance(schema, str):
            text = read(schema)
            if text is None:
                raise VersionError(f"{label}: the schema {schema} of {name} is missing")
            schema = json.loads(text)
        data = read(resource.get("path", paths.csv(name)))
        if data is None:
            raise VersionError(f"{label}: {resource.get('path')} is missing")
        schemas[name] = schema
        tables[name] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return Version(label, tables, schemas)


def _reader(ftype: str) -> Callable[[str], object]:
    if ftype == "integer":
        return int
    if ftype == "number":
        return float
    if ftype == "boolean":
        literals = boolean_literals()
        return lambda cell: literals.get(cell, cell)
    if ftype == "date":
        return lambda cell: dt.datetime.strptime(cell, DATE_FORMAT).date()
    return str

"""The package's version and release date, kept in one place: schemas/package.json.

`autodefensas build` writes them on into datapackage.json, CITATION.cff, .zenodo.json
and the toolkit's __version__; pyproject.toml reads the version from there too.
Between releases the version is "X.Y.Z+dev" (the last release plus changes) and there
is no "created"; a release sets "X.Y.Z" and "created" to its date.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from .. import paths

# X.Y.Z with an optional "+dev": a PEP 440 local version and SemVer build metadata alike.
VERSION_PATTERN = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(\+dev)?")
DEV = "+dev"


class VersionFormatError(ValueError):
    pass


def _path(root: Path | str) -> Path:
    return Path(root) / paths.REFERENCE_TABLES["package"]


def read_metadata(root: Path | str) -> dict:
    return json.loads(_path(root).read_text("utf-8"))


def parse_version(text: str) -> tuple[int, int, int, bool]:
    """(major, minor, patch, is_dev) of "X.Y.Z" or "X.Y.Z+dev"."""
    match = VERSION_PATTERN.fullmatch(text)
    if not match:
        raise VersionFormatError(f"version {text!r} is not X.Y.Z or X.Y.Z+dev (e.g. 0.2.0, 0.2.0+dev)")
    major, minor, patch, dev = match.groups()
    return int(major), int(minor), int(patch), dev is not None


def package_version(root: Path | str) -> str:
    return str(read_metadata(root)["version"])


def release_of(version: str) -> str:
    """The release a version is or follows: "0.2.0+dev" -> "0.2.0"."""
    major, minor, patch, _ = parse_version(version)
    return f"{major}.{minor}.{patch}"


def created_of(day: date) -> str:
    """The descriptor's created value for a release date (midnight UTC of that day)."""
    return f"{day.isoformat()}T00:00:00Z"


def _write(root: Path | str, metadata: dict) -> None:
    _path(root).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", "utf-8")


def set_release(root: Path | str, version: str, day: date) -> None:
    """Mark schemas/package.json as release `version` of `day` (run build after it)."""
    parse_version(version)
    metadata = read_metadata(root)
    metadata["version"] = version
    metadata["created"] = created_of(day)
    _write(root, metadata)


def set_development(root: Path | str, released: str) -> None:
    """Mark schemas/package.json as work after release `released`: "X.Y.Z+dev", no created."""
    metadata = read_metadata(root)
    metadata["version"] = release_of(released) + DEV
    metadata.pop("created", None)
    _write(root, metadata)

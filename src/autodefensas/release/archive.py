"""The release archive users download: dist/autodefensas-X.Y.Z.zip.

One top folder, autodefensas-X.Y.Z/, holding the built package (datapackage.json, the
CSVs its resources name), every file of schemas/, docs/codebook.md, CITATION.cff, the
article texts the quotes point into (sources.csv's text_path), a README.md generated
from those (release/readme.py) and SHA256SUMS, which
lists every other file in sha256sum's format. The bytes depend on those files alone:
entries sorted, timestamps the package's created date (1980-01-01, the earliest a zip
can hold, when it has none), permissions 0644, one creator system and one compression
level, so that two runs, or runs in two copies of the checkout, give the same sha256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .. import paths
from .readme import README, make_release_readme

EPOCH = (1980, 1, 1, 0, 0, 0)  # a zip cannot hold an earlier time
_CREATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UNIX = 3  # ZipInfo.create_system: the permissions below are read as Unix modes
_FILE_MODE = 0o100644  # a regular file, rw-r--r--
LEVEL = 9


class ArchiveError(Exception):
    """The package at root cannot be archived: the message names the file and what to do."""


def make_archive(root: Path | str = ".", out_dir: Path | str | None = None) -> Path:
    """Write the release archive of the built package at root; return its path.

    The version is the built datapackage.json's. out_dir defaults to root/dist. Whether
    the package is fresh (built from the current seeds/, verified) is the caller's
    business; a file the layout needs that is missing raises ArchiveError naming it.
    """
    root = Path(root)
    descriptor = read_descriptor(root)
    version = descriptor.get("version")
    if not isinstance(version, str) or not version:
        raise ArchiveError(f"{root / paths.DESCRIPTOR} has no version: run `autodefensas build`")
    files = release_files(root, descriptor)
    data = zip_bytes(paths.archive_folder(version), files, stamp(descriptor.get("created")))
    target = Path(out_dir) if out_dir is not None else root / paths.DIST
    out = target / PurePosixPath(paths.archive(version)).name
    _write_atomically(out, data)
    return out


def read_descriptor(root: Path) -> dict:
    path = root / paths.DESCRIPTOR
    if not path.is_file():
        raise ArchiveError(f"{path} does not exist: run `autodefensas build` first (the archive holds the "
                           "built package)")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{path} is not readable JSON ({exc}): run `autodefensas build`") from None
    if not isinstance(descriptor, dict):
        raise ArchiveError(f"{path} does not hold a JSON object: run `autodefensas build`")
    return descriptor


def release_files(root: Path, descriptor: dict) -> dict[str, bytes]:
    """Every file of the release folder but SHA256SUMS, by its path in the folder."""
    wanted: list[str] = [paths.DESCRIPTOR]
    for resource in descriptor.get("resources", []):
        wanted.append(_inside(resource.get("path") if isinstance(resource, dict) else None, paths.DESCRIPTOR))
        if isinstance(resource, dict) and isinstance(resource.get("schema"), str):
            wanted.append(_inside(resource["schema"], paths.DESCRIPTOR))
    schemas = root / paths.SCHEMAS
    if not schemas.is_dir():
        raise ArchiveError(f"{schemas} does not exist: the archive holds every file of {paths.SCHEMAS}/")
    # dotfiles are an editor's or the OS's litter, not part of the schemas
    wanted += [p.relative_to(root).as_posix() for p in sorted(schemas.rglob("*"))
               if p.is_file() and not any(part.startswith(".") for part in p.relative_to(schemas).parts)]
    wanted += [paths.CODEBOOK, paths.CITATION]
    wanted += text_paths(root)
    files: dict[str, bytes] = {}
    for rel in sorted(set(wanted)):
        path = root / rel
        if not path.is_file():
            raise ArchiveError(f"{path} does not exist, and the release archive must hold it: "
                               f"{_why_missing(rel)}")
        files[rel] = path.read_bytes()
    files[README] = make_release_readme(descriptor, files)
    return files


def text_paths(root: Path) -> list[str]:
    """The text_path of every source that has one (the documents), from data/sources.csv."""
    rel = paths.csv("sources")
    try:
        with open(root / rel, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            found = [(reader.line_num, row.get("text_path") or "") for row in reader]
    except OSError:
        return []  # the descriptor names the CSV: reported as missing with the other files
    return [_inside(text, f"{rel}:{line}") for line, text in found if text]


def _inside(rel: object, where: str) -> str:
    """rel when it is a relative POSIX path that stays inside the package, else ArchiveError."""
    if not isinstance(rel, str) or not rel:
        raise ArchiveError(f"{where}: a resource has no path: run `autodefensas build`")
    pure = PurePosixPath(rel)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in rel or ":" in pure.parts[0]:
        raise ArchiveError(f"{where}: the path {rel!r} leaves the package folder: paths in a package are "
                           "relative and stay inside it (run `autodefensas build`)")
    return pure.as_posix()


def _why_missing(rel: str) -> str:
    if rel.startswith(paths.SEEDS + "/"):
        return f"{paths.csv('sources')} gives it as a document's text_path (restore the text, or rebuild)"
    return "run `autodefensas build`"


def checksums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS: one "<sha256>  <path>" line per file, sorted by path (`sha256sum -c` reads it)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {rel}\n" for rel, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def stamp(created: object) -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: the release date (from created), else 1980-01-01."""
    match = _CREATED.match(created) if isinstance(created, str) else None
    if match is None:
        return EPOCH
    day = tuple(int(part) for part in match.groups())
    return max((day[0], day[1], day[2], 0, 0, 0), EPOCH)


def zip_bytes(folder: str, files: dict[str, bytes], when: tuple[int, int, int, int, int, int]) -> bytes:
    """The zip of files (plus their SHA256SUMS) under folder/, the same bytes for the same input."""
    members = dict(files)
    members[paths.CHECKSUMS] = checksums(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for rel in sorted(members):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=when)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[rel], compresslevel=LEVEL)
    return out.getvalue()


def _write_atomically(out: Path, data: bytes) -> None:
    """A reader sees the old archive or the new one, never half of it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

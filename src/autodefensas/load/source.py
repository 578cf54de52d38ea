"""Where a package comes from: a folder or datapackage.json on disk, a release zip, or an
http(s) address of either. Each gives the descriptor and the bytes of the files it names
(paths relative to the descriptor), checked against the descriptor's bytes and hash.

Downloads use urllib (the standard library): the one thing asked of it is a GET.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..paths import DESCRIPTOR
from .errors import LoadError

TIMEOUT = 60  # seconds without an answer before a download is given up
_URL = re.compile(r"https?://", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
_AGAIN = "download it again (or the whole release zip), or in a checkout run `autodefensas build`"


def is_url(spec: object) -> bool:
    return isinstance(spec, str) and bool(_URL.match(spec))


@dataclass
class Package:
    """A package's descriptor and a reader of the files it names."""

    label: str                          # how messages name the descriptor
    descriptor: dict
    _read: Callable[[str], bytes]       # a checked relative path -> its bytes
    _name: Callable[[str], str]         # a checked relative path -> how messages name it

    def name(self, rel: str) -> str:
        return rel if is_url(rel) else self._name(_relative(rel, self.label))

    def read(self, rel: str) -> bytes:
        """The bytes of a file the descriptor names: a path relative to it, or a URL."""
        return fetch(rel) if is_url(rel) else self._read(_relative(rel, self.label))

    def resource(self, resource: dict) -> tuple[bytes, str]:
        """(bytes, name) of a resource's file, refused when they differ from its bytes or hash."""
        rel = resource.get("path")
        if not isinstance(rel, str):
            raise LoadError(f"{self.label}: resource {resource.get('name')!r} has no single path (this loader "
                            "reads one CSV per resource)")
        data, name = self.read(rel), self.name(rel)
        check(data, resource, name, self.label)
        return data, name


def check(data: bytes, resource: dict, name: str, label: str) -> None:
    """Refuse a file whose size or hash is not what the descriptor states."""
    stated = resource.get("bytes")
    if isinstance(stated, int) and not isinstance(stated, bool) and stated != len(data):
        raise LoadError(f"{name}: the file has {len(data)} bytes, but {label} says {stated}: the file is "
                        f"incomplete or was changed since the package was built; {_AGAIN}")
    stated_hash = resource.get("hash")
    if isinstance(stated_hash, str) and stated_hash:
        # Data Package: "algorithm:hex", md5 when there is no prefix
        algorithm, _, expected = stated_hash.rpartition(":")
        algorithm = algorithm or "md5"
        if algorithm not in hashlib.algorithms_available:
            raise LoadError(f"{label}: resource {resource.get('name')!r} gives its hash with the algorithm "
                            f"{algorithm!r}, which Python's hashlib does not know")
        got = hashlib.new(algorithm, data).hexdigest()
        if got != expected.lower():
            raise LoadError(f"{name}: its {algorithm} is {got}, but {label} says {expected}: the file is "
                            f"corrupt or was changed since the package was built; {_AGAIN}")


def open_package(spec: Path | str) -> Package:
    """The package spec names: a path (folder, datapackage.json or zip) or an http(s) URL."""
    if is_url(spec):
        url = str(spec)
        return _from_bytes(fetch(url), url, base=url)
    path = Path(spec)
    if path.is_dir():
        if not (path / DESCRIPTOR).is_file():
            raise LoadError(f"{path} has no {DESCRIPTOR}: pass a package folder, its {DESCRIPTOR}, a release "
                            "zip or its URL")
        path = path / DESCRIPTOR
    if not path.is_file():
        raise LoadError(f"{path} does not exist: pass a package folder, its {DESCRIPTOR}, a release zip "
                        "or an http(s) URL of one of those")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if data.startswith(_ZIP_MAGIC):
        return _from_zip(data, str(path))
    base = path.parent
    return Package(str(path), _descriptor(data, str(path)),
                   lambda rel: _read_file(base / rel), lambda rel: str(base / rel))


def _from_bytes(data: bytes, label: str, base: str) -> Package:
    if data.startswith(_ZIP_MAGIC):
        return _from_zip(data, label)
    return Package(label, _descriptor(data, label),
                   lambda rel: fetch(urllib.parse.urljoin(base, rel)), lambda rel: urllib.parse.urljoin(base, rel))


def _descriptor(data: bytes, label: str) -> dict:
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        start = data[:200].lstrip().lower()
        what = "an HTML page" if start.startswith((b"<!doctype html", b"<html")) else "neither JSON nor a zip"
        raise LoadError(f"{label} is {what}, not a package: pass a {DESCRIPTOR} (for a file on GitHub, its raw "
                        "address, raw.githubusercontent.com/...) or a release zip") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise LoadError(f"{label} is JSON but not a Data Package descriptor (no list of resources)")
    return descriptor


def _from_zip(data: bytes, label: str) -> Package:
    """A release zip: datapackage.json at its top or in its one top folder."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(f"{label} is not a readable zip ({exc}): {_AGAIN}") from None
    names = set(archive.namelist())
    found = sorted(n for n in names if PurePosixPath(n).name == DESCRIPTOR and len(PurePosixPath(n).parts) <= 2)
    if len(found) != 1:
        what = "no" if not found else f"{len(found)}"
        raise LoadError(f"{label} holds {what} {DESCRIPTOR} at its top or in one top folder: is it a release "
                        "archive (autodefensas-X.Y.Z.zip)?")
    folder = str(PurePosixPath(found[0]).parent)
    prefix = "" if folder == "." else folder + "/"

    def read(rel: str) -> bytes:
        member = prefix + rel
        if member not in names:
            raise LoadError(f"{label} has no {member}, which its {DESCRIPTOR} names: {_AGAIN}")
        try:
            return archive.read(member)
        except (zipfile.BadZipFile, OSError, zlib.error) as exc:  # a damaged member: its CRC or its stream
            raise LoadError(f"{member} in {label} cannot be read ({exc}): {_AGAIN}") from None

    return Package(f"{prefix}{DESCRIPTOR} in {label}", _descriptor(read(DESCRIPTOR), f"{label}: {found[0]}"),
                   read, lambda rel: f"{label}/{prefix}{rel}")


def _relative(rel: str, label: str) -> str:
    """A path the descriptor gives, refused when it is absolute or climbs out of the package."""
    pure = PurePosixPath(rel)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in rel:
        raise LoadError(f"{label}: the path {rel!r} is not a relative path inside the package (a Data Package "
                        "forbids absolute paths and '..')")
    return pure.as_posix()


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path} cannot be read: {exc.strerror or exc}; the package is incomplete: "
                        f"{_AGAIN}") from None


def fetch(url: str) -> bytes:
    """GET url; a failure is a LoadError saying what the server or network said."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            return answer.read()
    except urllib.error.HTTPError as exc:
        hint = "; check the address (the version, the file name)" if exc.code == 404 else ""
        raise LoadError(f"{url}: the server answered {exc.code} {exc.reason}{hint}") from None
    except urllib.error.URLError as exc:
        raise LoadError(f"{url} cannot be reached: {exc.reason}; check the address and your connection") from None
    except (TimeoutError, OSError) as exc:
        raise LoadError(f"{url}: the download failed: {exc}; try again") from None

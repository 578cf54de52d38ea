"""verify --package: check a downloaded release (its zip, or the folder it unzips to)
without a checkout.

The release layer checks the folder against its SHA256SUMS (every line matches, no file
missing or unlisted); then the contract, rules and quality layers run on the package as
on a checkout's, less what needs one: no coding sheets (coding), no build to compare
with (drift), no git history or withdrawals (the quality layer's removed rows). The
descriptor's bytes and hash of each CSV (contract), each text against its text_sha256 and
each quote against its slice of the text (rules) are checked there, once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .. import paths
from ..build.keys import checked_schemas
from ..report import LayerRun, Problem, Report
from . import CONTRACT_ENGINES, run_layers, schemas_failed
from .layers import LAYERS, Context, Layer

PACKAGE_LAYER_NAMES = ("release", "contract", "rules", "quality")
_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")  # sha256sum's text and binary forms
# What file managers leave in a folder they show (macOS Finder, Windows Explorer), and
# what macOS's unzip adds: not part of the release, and no sign of tampering.
_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"}
PACKAGE_FIX = ("this release is not as it was published, or was published with the problem: download it "
               "again and verify the fresh copy; if it has the problem too, report it to the maintainers")


class PackageError(Exception):
    """The path is not a release (zip or folder) that can be checked: the message says why."""


def verify_package(path: Path | str, layers: tuple[str, ...] = PACKAGE_LAYER_NAMES,
                   progress: Callable[[str], None] | None = None, docs_dir: Path | str | None = None,
                   contract_engine: str = "fast") -> Report:
    """Check a release zip, or an unzipped release folder (or its datapackage.json).

    Problems name files relative to the release folder. Raises PackageError when the path
    is not a release at all (missing, not a zip, no datapackage.json, unsafe zip paths).
    """
    unknown = set(layers) - set(PACKAGE_LAYER_NAMES)
    if unknown:
        raise PackageError(f"--package runs the layers {', '.join(PACKAGE_LAYER_NAMES)}; not "
                           f"{', '.join(sorted(unknown))} (they need a checkout)")
    if contract_engine not in CONTRACT_ENGINES:
        raise PackageError(f"unknown contract engine {contract_engine!r}; engines are {', '.join(CONTRACT_ENGINES)}")
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="autodefensas-release-") as tmp:
            return _verify_folder(unzip_release(path, Path(tmp)), layers, progress, docs_dir, contract_engine)
    if path.is_file() and path.name == paths.DESCRIPTOR:
        path = path.parent
    if not path.is_dir():
        what = "is not a zip" if path.is_file() else "does not exist"
        raise PackageError(f"{path} {what}: pass a release zip (autodefensas-X.Y.Z.zip) or the folder it "
                           "unzips to")
    return _verify_folder(path, layers, progress, docs_dir, contract_engine)


def unzip_release(zip_path: Path, into: Path) -> Path:
    """Extract a release zip into a folder; return its one top folder."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            names = archive.namelist()
            tops = {PurePosixPath(name).parts[0] for name in names if PurePosixPath(name).parts}
            unsafe = [n for n in names if PurePosixPath(n).is_absolute() or ".." in PurePosixPath(n).parts
                      or "\\" in n]
            if unsafe:
                raise PackageError(f"{zip_path} is not a release: it holds paths outside its folder "
                                   f"({unsafe[0]!r}); do not unzip it")
            loose = [n for n in names if len(PurePosixPath(n).parts) == 1 and not n.endswith("/")]
            if len(tops) != 1 or loose:
                raise PackageError(f"{zip_path} is not a release archive: it must hold one top folder, "
                                   "autodefensas-X.Y.Z/, and everything inside it")
            archive.extractall(into)
    except (zipfile.BadZipFile, OSError, zlib.error) as exc:  # a truncated or damaged zip, a bad CRC or stream
        raise PackageError(f"{zip_path} cannot be unzipped ({exc}): download it again") from None
    return into / tops.pop()


def _verify_folder(folder: Path, layers: tuple[str, ...], progress: Callable[[str], None] | None,
                   docs_dir: Path | str | None, contract_engine: str) -> Report:
    if not (folder / paths.DESCRIPTOR).is_file():
        raise PackageError(f"{folder} has no {paths.DESCRIPTOR}: pass a release zip or the folder it unzips to")
    chosen = [layer for layer in (RELEASE, *LAYERS) if layer.name in layers]
    schemas = checked_schemas(folder)
    if not schemas.ok:
        # the release layer needs no schema: a damaged schemas/ file is then also named by its checksum
        report = schemas_failed(schemas.problems, [layer for layer in chosen if layer is not RELEASE])
        if RELEASE in chosen:
            report.problems[:0] = checksum_problems(folder)
            report.runs.insert(0, LayerRun(RELEASE.name))
        return report
    ctx = Context(folder, schemas, Path(docs_dir) if docs_dir else None, baseline=None,
                  contract_engine=contract_engine, removed_rows=False)
    report = run_layers(ctx, chosen, progress)
    # The checkout's fixes (rebuild, edit seeds/) do not apply to a downloaded package.
    report.problems = [p if p.layer in ("release", "verify") else dataclasses.replace(p, hint=PACKAGE_FIX)
                       for p in report.problems]
    return report


def checksum_problems(folder: Path) -> list[Problem]:
    """The folder against its SHA256SUMS: each listed file present with its sha256, none unlisted."""
    sums = folder / paths.CHECKSUMS
    if not sums.is_file():
        return [Problem(rule="release.checksums-missing", file=paths.CHECKSUMS,
                        message=f"the release has no {paths.CHECKSUMS}, so its files cannot be checked")]
    problems: list[Problem] = []
    listed: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(sums.read_bytes().decode("utf-8", errors="replace").split("\n"), start=1):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        rel = match.group(2) if match else ""
        pure = PurePosixPath(rel)
        if match is None or pure.is_absolute() or ".." in pure.parts or rel in listed:
            why = "lists a path a second time" if rel in listed else "is not '<sha256>  <relative path>'"
            problems.append(Problem(rule="release.checksums-line", file=paths.CHECKSUMS, line=number,
                                    message=f"the line {line[:120]!r} {why}"))
            continue
        listed[rel] = (match.group(1).lower(), number)
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and not _LITTER & set(p.relative_to(folder).parts)}
    present.discard(paths.CHECKSUMS)
    for rel, (expected, number) in sorted(listed.items()):
        if rel not in present:
            problems.append(Problem(rule="release.missing-file", file=paths.CHECKSUMS, line=number,
                                    message=f"{rel} is listed but not in the release folder"))
            continue
        got = _sha256(folder / rel)
        if got != expected:
            problems.append(Problem(rule="release.checksum", file=rel,
                                    message=f"the file's sha256 is {got}; {paths.CHECKSUMS}:{number} says "
                                            f"{expected}"))
    problems += [Problem(rule="release.unlisted-file", file=rel,
                         message=f"{rel} is not listed in {paths.CHECKSUMS}: it is not part of the release")
                 for rel in sorted(present - set(listed))]
    return problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _release(ctx: Context) -> list[Problem]:
    return checksum_problems(ctx.root)


RELEASE = Layer("release", f"the release folder against its {paths.CHECKSUMS}", _release)

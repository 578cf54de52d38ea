"""diff(): open the two versions a user names and compare them, with head's withdrawals."""

from __future__ import annotations

from pathlib import Path

from ... import paths
from ...versions import VersionError, open_version
from ...versions import git as gitio
from .compute import PackageDiff, diff_versions

DEFAULT_BASES = ("main", "origin/main")


def default_base(root: Path | str) -> str:
    """main, else origin/main; a VersionError saying to pass BASE when neither exists."""
    for ref in DEFAULT_BASES:
        if gitio.commit_of(Path(root), ref) is not None:
            return ref
    raise VersionError(f"there is no branch main nor origin/main in {Path(root).resolve()} to compare with: "
                       "pass BASE (a git ref, a dataset checkout or a package folder), "
                       "e.g. `autodefensas diff v0.1.0`")


def diff(base: str | Path | None = None, head: str | Path | None = None, root: Path | str = ".") -> PackageDiff:
    """The diff from base (default: main or origin/main) to head (default: the checkout at root,
    built in memory with its uncommitted and untracked seeds)."""
    root = Path(root)
    if head is None:  # the checkout at root: say so plainly when root is none
        try:
            paths.check_root(root)
        except paths.NotADatasetError as exc:
            raise VersionError(str(exc)) from None
    base = default_base(root) if base is None else base
    old, new = open_version(base, root), open_version(head, root)
    return diff_versions(old, new, withdrawals(head, root))


def withdrawals(spec: str | Path | None, root: Path) -> dict[tuple[str, str], str]:
    """(table, id) -> reason from the withdrawals of the version spec names; empty for a package
    folder (it carries none) or a file that cannot be read (verify reports that one)."""
    raw = _withdrawn_bytes(spec, root)
    if raw is None:
        return {}
    import yaml  # only when a version has withdrawals

    try:
        entries = (yaml.safe_load(raw) or {}).get("withdrawn") or []
        return {(str(e["table"]), str(e["id"])): str(e.get("reason") or "") for e in entries
                if isinstance(e, dict) and "table" in e and "id" in e}
    except (yaml.YAMLError, AttributeError, TypeError):
        return {}


def _withdrawn_bytes(spec: str | Path | None, root: Path) -> bytes | None:
    target = Path(spec) if spec is not None else root
    if spec is None or target.exists():
        path = target / paths.WITHDRAWN
        return path.read_bytes() if target.is_dir() and path.is_file() else None
    commit = gitio.commit_of(root, str(spec))
    return gitio.show(root, commit, paths.WITHDRAWN) if commit else None

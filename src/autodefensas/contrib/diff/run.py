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
    return diff_versions(old, new, new.withdrawn)

"""The few git reads the toolkit needs: is a ref a commit, and a file's bytes at it."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def is_checkout(root: Path) -> bool:
    try:
        done = git(root, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:  # git is not installed
        return False
    return done.returncode == 0 and done.stdout.strip() == b"true"


def commit_of(root: Path, ref: str) -> str | None:
    """The full commit id ref names in the checkout at root, or None."""
    if not is_checkout(root) or ref.startswith("-"):
        return None
    done = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return done.stdout.decode().strip() if done.returncode == 0 else None


def show(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of path (relative to root) at commit, or None when it is not there."""
    # "./" makes the path relative to root, which may be below the repository's top.
    done = git(root, "show", f"{commit}:./{path}")
    return done.stdout if done.returncode == 0 else None

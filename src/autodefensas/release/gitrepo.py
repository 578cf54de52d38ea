"""The git side of a release: what the checkout must be (a branch, an identity, a clean tree),
the release tags, and the commits, tag and undo the release makes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..versions import git as gitio
from .bump import TAG, version_of_tag


class ReleaseError(Exception):
    """The release is refused, or stopped and was undone: the message says why and what to do."""


def run(root: Path, *args: str, stdin: str | None = None) -> str:
    """git's stdout; a ReleaseError with git's own message when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, input=stdin,
                              check=False)
    except FileNotFoundError:
        raise ReleaseError("git is not installed: a release is a git commit and tag") from None
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise ReleaseError(f"`git {' '.join(args)}` failed: {said[-1] if said else f'exit {done.returncode}'}")
    return done.stdout


def require_checkout(root: Path) -> None:
    if not gitio.is_checkout(root):
        raise ReleaseError(f"{root.resolve()} is not a git checkout: a release is a commit and a tag, "
                           "so run it in a clone of the repository")


def branch(root: Path) -> str:
    name = run(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    if name == "HEAD":
        raise ReleaseError("HEAD is detached: check out the branch to release from (git switch main)")
    return name


def head(root: Path) -> str:
    return run(root, "rev-parse", "HEAD").strip()


def identity_missing(root: Path) -> str | None:
    """Why git cannot sign the release commit and tag with a name and email, or None."""
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        # auto-detection off: a made-up user@hostname would end up in the tag
        done = gitio.git(root, "-c", "user.useConfigOnly=true", "var", who)
        if done.returncode != 0:
            return ("git has no identity to sign the release commit and tag with: set it with "
                    "git config user.name \"Your Name\" and git config user.email you@example.org")
    return None


def _status(root: Path) -> list[tuple[str, str]]:
    """(XY, path) of every changed, staged or untracked file (ignored ones aside), from the top."""
    out = run(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    entries, items = [], out.split("\0")
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if len(item) < 4:
            continue
        entries.append((item[:2], item[3:]))
        if item[0] in "RC":  # a rename or copy is followed by its old path
            i += 1
    return entries


def dirty_files(root: Path) -> list[str]:
    """What a release would not commit: changed, staged and untracked files (with their status)."""
    return [f"{'untracked' if xy == '??' else 'changed'}: {path}" for xy, path in _status(root)]


def changed_files(root: Path) -> list[str]:
    return [path for _, path in _status(root)]


def untracked(root: Path) -> list[str]:
    return [path for xy, path in _status(root) if xy == "??"]


def ignored(root: Path, path: str) -> bool:
    """True when git ignores path (relative to root)."""
    return gitio.git(root, "check-ignore", "-q", "--no-index", "--", path).returncode == 0


def top(root: Path) -> Path:
    return Path(run(root, "rev-parse", "--show-toplevel").strip())


def last_release(root: Path) -> str | None:
    """The highest release (vX.Y.Z) tagged on a commit HEAD contains, as "X.Y.Z"; None if none."""
    found = []
    for tag in run(root, "tag", "--merged", "HEAD", "--list", "v*").split():
        match = TAG.fullmatch(tag)
        if match:
            found.append((tuple(int(n) for n in match.groups()), tag))
    return version_of_tag(max(found)[1]) if found else None


def tag_exists(root: Path, tag: str) -> bool:
    return gitio.commit_of(root, f"refs/tags/{tag}") is not None


def show(root: Path, ref: str, path: str) -> bytes | None:
    commit = gitio.commit_of(root, ref)
    return gitio.show(root, commit, path) if commit else None


def commit(root: Path, message: str) -> str:
    """Commit every change in the tree (a release starts clean: they are all its own)."""
    where = top(root)
    files = changed_files(root)
    if not files:
        raise ReleaseError(f"nothing changed to commit for {message!r}")
    run(where, "add", "-A", "--", *files)
    run(where, "commit", "-q", "-m", message)
    return head(root)


def make_tag(root: Path, tag: str, message: str) -> None:
    # verbatim: the notes' "### Data" heading is no comment to strip
    run(root, "tag", "-a", tag, "--cleanup=verbatim", "-F", "-", stdin=message)


def undo(root: Path, commit_before: str, tag: str | None) -> list[str]:
    """Put the checkout back at commit_before with a clean tree, and delete the tag if made.

    The release started from a clean tree, so every untracked file is one it wrote.
    Returns what it did, for the message.
    """
    done = []
    if tag and tag_exists(root, tag):
        run(root, "tag", "-d", tag)
        done.append(f"deleted the tag {tag}")
    if head(root) != commit_before:
        done.append(f"moved the branch back to {commit_before[:7]}")
    run(root, "reset", "-q", "--hard", commit_before)
    where = top(root)
    for path in untracked(root):
        (where / path).unlink(missing_ok=True)
    done.append("restored the files it had changed")
    return done

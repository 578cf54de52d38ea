"""The build journal: a build's commit point, and recovery from an interrupted build.

A build stages each new file next to its target (`data/.claims.csv.<token>.new`), then
writes the journal, `.autodefensas-build.journal` at the root, listing every (target,
staged) pair: once the journal exists the build has committed. The switch renames each
staged file over its target, then deletes the journal. So at every instant each output
is complete (os.replace is atomic within a directory), and after a crash:

- a journal means the build had committed: roll forward, renaming each staged file
  still there over its target (one already gone was switched);
- staged files without a journal mean it had not: delete them (no target was touched).

recover() does either; build and verify call it first, under the exclusive lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import paths

VERSION = 1
# `.<name>.<token>.new`: a staged output, or the journal's own staged copy
_STAGED = re.compile(r"^\..+\.[0-9a-f]{16}\.new$")


class JournalError(Exception):
    """The journal cannot be read: recovery would have to guess."""


@dataclass
class Journal:
    replace: list[tuple[str, str]]  # (target, staged), relative POSIX paths, in switch order
    remove: list[str] = field(default_factory=list)  # stale files of data/, deleted after the renames


def staged_path(target: Path, token: str) -> Path:
    """Where target's new content is staged: next to it, so that the rename is atomic."""
    return target.with_name(f".{target.name}.{token}.new")


def is_staged(name: str) -> bool:
    return bool(_STAGED.match(name))


def fsync_dir(directory: Path) -> None:
    """Make renames and deletions in directory durable (best effort: not every OS can)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_journal(root: Path, journal: Journal, token: str) -> None:
    """The commit point: the journal appears whole, by rename, or not at all."""
    target = root / paths.JOURNAL
    temp = staged_path(target, token)
    data = {"version": VERSION, "pid": os.getpid(), "replace": [list(pair) for pair in journal.replace],
            "remove": journal.remove}
    write_new(temp, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(root)


def write_new(path: Path, data: bytes, like: Path | None = None) -> None:
    """Create path (which must not exist) with data, flushed to disk. Its mode is like's, if
    that exists, else what the umask gives a new file: what a plain write would give."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if like is not None:
            with contextlib.suppress(FileNotFoundError, AttributeError):  # no old file; no fchmod (Windows)
                os.fchmod(fd, os.stat(like).st_mode & 0o7777)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def read_journal(root: Path) -> Journal | None:
    path = root / paths.JOURNAL
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
        replace = [(str(t), str(s)) for t, s in data["replace"]]
        remove = [str(r) for r in data.get("remove", [])]
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, not {VERSION}")
        for rel in [r for pair in replace for r in pair] + remove:
            pure = PurePosixPath(rel)
            if pure.is_absolute() or ".." in pure.parts or not pure.parts:
                raise ValueError(f"path {rel!r} is not inside the folder")
        # recovery renames and deletes only what a build would: staged files over their
        # neighbours, stale files of data/
        for target, staged in replace:
            staged_pure = PurePosixPath(staged)
            if staged_pure.parent != PurePosixPath(target).parent or not is_staged(staged_pure.name):
                raise ValueError(f"{staged!r} is not a file staged for {target!r}")
        for rel in remove:
            if PurePosixPath(rel).parent != PurePosixPath(paths.DATA):
                raise ValueError(f"{rel!r} is not a file of {paths.DATA}/")
    except (ValueError, KeyError, TypeError) as exc:
        raise JournalError(f"{path} cannot be read ({exc}): an interrupted build left it; check data/, "
                           f"{paths.DESCRIPTOR} and docs/ by hand (or run git checkout on them), delete the "
                           "journal and build again") from None
    return Journal(replace, remove)


def finish(root: Path, journal: Journal, step: Callable[[str], None] = lambda name: None) -> list[str]:
    """Switch a committed build in: rename each staged file still there over its target,
    delete the stale files, then the journal. Idempotent, so that it can be redone after
    a crash at any point. Returns the targets renamed now. step(name) is called at each
    step (the build's fault hook)."""
    switched = []
    for number, (target, staged) in enumerate(journal.replace, start=1):
        step(f"rename:{number}")
        try:
            os.replace(root / staged, root / target)
            switched.append(target)
        except FileNotFoundError:  # switched before a crash (the staged file's folder is the target's)
            pass
        step(f"renamed:{number}")
    for number, rel in enumerate(journal.remove, start=1):
        step(f"remove:{number}")
        (root / rel).unlink(missing_ok=True)
    for directory in sorted({(root / rel).parent for rel in [t for t, _ in journal.replace] + journal.remove}):
        fsync_dir(directory)
    step("unjournal")
    (root / paths.JOURNAL).unlink(missing_ok=True)
    fsync_dir(root)
    return switched


def output_dirs(root: Path, extra: Iterable[str] = ()) -> list[Path]:
    """The folders where staged files may be left: those of the outputs (and of extra files)."""
    rels = set(paths.GENERATED) | set(extra)
    return sorted({root} | {(root / rel).parent for rel in rels} | {root / paths.DATA})


def leftovers(root: Path, extra: Iterable[str] = ()) -> list[Path]:
    """Staged files of a build that died before its commit point."""
    found: list[Path] = []
    for directory in output_dirs(root, extra):
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend(Path(e.path) for e in entries if is_staged(e.name) and e.is_file(follow_symlinks=False))
    return sorted(found)


def needs_recovery(root: Path, extra: Iterable[str] = ()) -> bool:
    return (root / paths.JOURNAL).exists() or bool(leftovers(root, extra))


def recover(root: Path, extra: Iterable[str] = ()) -> list[str]:
    """Complete or roll back an interrupted build; returns what was done, for the user.

    Call it holding the exclusive lock: staged files of a build in progress would look
    like leftovers.
    """
    root = Path(root)
    messages = []
    journal = read_journal(root)
    if journal is not None:
        switched = finish(root, journal)
        messages.append(f"completed an interrupted build: it had committed, and {len(switched)} of its "
                        f"{len(journal.replace)} files were still to switch in"
                        + (f" ({', '.join(switched)})" if switched else ""))
    stale = leftovers(root, extra)
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        messages.append(f"rolled back an interrupted build: it had not committed, so the outputs were not touched; "
                        f"removed its {len(stale)} staged file(s) "
                        f"({', '.join(paths.relative(root, p) for p in stale)})")
    return messages

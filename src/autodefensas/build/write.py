"""Write the outputs crash-safe: at every instant each output path holds its complete old
or its complete new content, and a set of outputs replaces the old one all or nothing.

The steps of write_files(), each a fault point (checkpoint() below):

    stage:1 … stage:N      each new file written and flushed next to its target
    journal                the journal written: the commit point (journal.py)
    rename:i, renamed:i    before and after renaming staged file i over its target
    remove:i               before deleting stale file i of data/ (one no longer made)
    unjournal              before deleting the journal

Files switch in sorted order: data/ first, then the descriptor that describes it, then
docs/. Folders are never renamed or deleted; a missing one is created. Writers hold the
exclusive lock (lock.py) throughout, and first recover from an interrupted build.
"""

from __future__ import annotations

import os
import secrets
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .. import paths
from .journal import Journal, finish, fsync_dir, needs_recovery, recover, staged_path, write_journal, write_new
from .lock import hold

KILL_VARIABLE = "AUTODEFENSAS_KILL_AT"

Notify = Callable[[str], None]


def checkpoint(step: str) -> None:
    # Test hook: AUTODEFENSAS_KILL_AT=<step> (e.g. rename:3) kills this process with SIGKILL at
    # that step, so that tests can interrupt a build exactly there (tests/test_atomic_build.py).
    if os.environ.get(KILL_VARIABLE) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def switch_steps(count: int, removed: int = 0) -> list[str]:
    """The steps of write_files() for count files and removed stale files, in order."""
    return ([f"stage:{i}" for i in range(1, count + 1)] + ["journal"]
            + [f"{s}:{i}" for i in range(1, count + 1) for s in ("rename", "renamed")]
            + [f"remove:{i}" for i in range(1, removed + 1)] + ["unjournal"])


def tell(notify: Notify | None, messages: Iterable[str]) -> None:
    for message in messages:
        if notify is not None:
            notify(message)


def write_files(root: Path | str, files: dict[str, bytes], notify: Notify | None = None) -> None:
    """Replace the outputs with files ({relative path: bytes}), crash-safe (see above).

    An exception before the commit point leaves the old outputs and no staged file; one
    after it completes the switch if it can (else the next build or verify does), and
    is raised with a note saying which.
    """
    root = Path(root)
    with hold(root, notify=notify):
        tell(notify, recover(root, files))
        _switch(root, files)


def _switch(root: Path, files: dict[str, bytes]) -> None:
    token = secrets.token_hex(8)
    journal_path = root / paths.JOURNAL
    pairs: list[tuple[str, str]] = []
    committed: Journal | None = None
    try:
        for number, rel in enumerate(sorted(files), start=1):
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = staged_path(target, token)
            pairs.append((rel, (PurePosixPath(rel).parent / staged.name).as_posix()))
            write_new(staged, files[rel], like=target)
            checkpoint(f"stage:{number}")
        # the staged files (and any folder made for them) exist on disk before the journal names them
        for directory in sorted({root} | {folder for rel in files for folder in (root / rel).parents
                                          if folder.is_relative_to(root)}):
            fsync_dir(directory)
        committed = Journal(pairs, _stale(root, files))
        write_journal(root, committed, token)
        checkpoint("journal")
        finish(root, committed, checkpoint)
    except BaseException as exc:
        if committed is not None and journal_path.exists():  # committed: the new set is the truth
            try:
                finish(root, committed)
                exc.add_note("the build had committed: its switch to the new outputs was completed")
            except BaseException:
                exc.add_note("the build had committed but its switch was interrupted: the next "
                             "`autodefensas build` or `autodefensas verify` completes it")
        else:
            for _, staged_rel in pairs:
                (root / staged_rel).unlink(missing_ok=True)
            staged_path(journal_path, token).unlink(missing_ok=True)
            exc.add_note("nothing was switched: the previous outputs are intact")
        raise


def _stale(root: Path, files: dict[str, bytes]) -> list[str]:
    """Files of data/ that the new set does not make: data/ holds exactly the build's tables."""
    if not any(rel.startswith(f"{paths.DATA}/") for rel in files):
        return []
    try:
        entries = list(os.scandir(root / paths.DATA))
    except FileNotFoundError:
        return []
    return sorted(rel for rel in (f"{paths.DATA}/{e.name}" for e in entries
                                  if e.is_file(follow_symlinks=False) and not e.name.startswith("."))
                  if rel not in files)


@contextmanager
def reading(root: Path | str, notify: Notify | None = None) -> Iterator[None]:
    """Hold the lock shared while reading the outputs, so that no build switches them
    meanwhile; first complete or roll back an interrupted build, under the exclusive lock."""
    root = Path(root)
    while True:
        with hold(root, shared=True, what="verify", notify=notify):
            if not needs_recovery(root):
                yield
                return
        with hold(root, what="verify", notify=notify):
            tell(notify, recover(root))

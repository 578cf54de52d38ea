"""The lock that builds serialize on: an advisory flock on `.autodefensas.lock` at the root.

A build (and the recovery of an interrupted one) holds it exclusively from reading
seeds/ to the end of its switch; verify holds it shared while it reads the outputs, so
it never reads a half-switched set and several verifies run at once. The kernel drops a
flock when its process dies, however it dies, so a killed build never leaves the folder
locked. The exclusive holder writes its pid and command into the file, for the message
of whoever waits. The file itself is never deleted: a process waiting on the old inode
and one locking a new file would both go ahead.

Where fcntl is missing (Windows), there is no locking: do not run two builds at once there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .. import paths

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

TIMEOUT_VARIABLE = "AUTODEFENSAS_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
_POLL = 0.05  # flock has no timeout: try, sleep, try again

Notify = Callable[[str], None]


class LockError(Exception):
    """The lock could not be taken (timed out, or a bad AUTODEFENSAS_LOCK_TIMEOUT)."""


class LockTimeout(LockError):
    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.pid = pid


def lock_timeout() -> float:
    """Seconds to wait for the lock: AUTODEFENSAS_LOCK_TIMEOUT, or 120."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also rejects nan
        raise LockError(f"{TIMEOUT_VARIABLE} must be a number of seconds, not {value!r}")
    return seconds


# What this thread already holds, by lock path: a build's write_files() runs inside the
# build's own lock, and a second flock on a new descriptor would wait for ourselves.
_held = threading.local()


@contextmanager
def hold(root: Path | str, *, shared: bool = False, what: str = "build", notify: Notify | None = None,
         timeout: float | None = None) -> Iterator[None]:
    """Hold the folder's lock (exclusive, or shared for reading) for the block.

    Waits at most `timeout` seconds (default: lock_timeout()), telling `notify` once that
    it waits, then raises LockTimeout. Re-entrant within a thread.
    """
    path = os.path.realpath(Path(root) / paths.LOCK)
    held: dict[str, bool] = _held.__dict__.setdefault("locks", {})
    if path in held:
        if held[path] and not shared:  # flock has no atomic upgrade: it would release first
            raise RuntimeError("cannot take the build lock exclusively while holding it shared")
        yield
        return
    fd = _open(path, shared) if fcntl is not None else None
    if fd is None:
        yield
        return
    try:
        _acquire(fd, path, shared, notify, lock_timeout() if timeout is None else timeout)
        if not shared:
            _write_holder(fd, what)
        held[path] = shared
        try:
            yield
        finally:
            del held[path]
    finally:
        os.close(fd)  # releases the flock


def _open(path: str, shared: bool) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        if not shared:
            raise
    # a read-only checkout: a reader locks the file if it is there; if it is not, no build
    # can run here to race with the reader
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None


def _acquire(fd: int, path: str, shared: bool, notify: Notify | None, timeout: float) -> None:
    assert fcntl is not None
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not told and notify is not None:
            notify(f"waiting for {_holder(fd, shared)} to finish…")
            told = True
        if time.monotonic() >= deadline:
            holder = _holder(fd, shared)
            message = (f"gave up after {timeout:g} s waiting for {holder} to finish: wait for it and run the "
                       "command again")
            if holder.pid is not None:
                message += f" (if no process {holder.pid} is running, remove {path} and run it again)"
            raise LockTimeout(message + f"; {TIMEOUT_VARIABLE}=SECONDS waits longer", holder.pid)
        time.sleep(_POLL)


class _Holder(NamedTuple):
    what: str
    pid: int | None

    def __str__(self) -> str:
        return f"{self.what} in this folder" + (f" (pid {self.pid})" if self.pid is not None else "")


def _holder(fd: int, shared: bool) -> _Holder:
    """Who holds the lock we wait for."""
    assert fcntl is not None
    if not shared:  # if a shared lock can be had, the holders are readers (verify): they write no pid
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return _Holder("an autodefensas verify", None)
    try:
        fields = os.pread(fd, 200, 0).decode("ascii", "replace").split()
        return _Holder(f"another autodefensas {fields[1] if len(fields) > 1 else 'process'}", int(fields[0]))
    except (OSError, ValueError, IndexError):
        return _Holder("another autodefensas process", None)


def _write_holder(fd: int, what: str) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {what}\n".encode("ascii"), 0)
    except OSError:  # only the waiting message loses its pid
        pass

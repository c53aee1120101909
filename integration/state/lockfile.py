"""The advisory lock that keeps two freigabe processes off one state file.

SQLite's own locking lets two processes share a file; two workers syncing the same libraries
would then announce every change twice. An exclusive ``flock`` on ``<state file>.lock`` makes
the second one fail fast instead. The lock belongs to the open file description, so it also
refuses a second store in the same process, and the kernel drops it when the process dies.

The lock file sits beside the state file's resolved path: a symlink is a second name for the
same file, and two processes reaching it through two names must meet the same lock.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from integration.errors import StateError

__all__ = ["LockFile", "lock_path"]

_FULL = (errno.ENOSPC, errno.EDQUOT)


class LockFile:
    """An acquired lock on ``<state path>.lock``; the file holds the owner's pid."""

    __slots__ = ("_fd", "path")

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, state_path: Path) -> LockFile:
        """Lock ``state_path`` for this process without waiting.

        Raises ``StateError`` when another holder has it (naming its pid) or the lock file
        cannot be created or written (naming why: a full volume, a folder not writable).
        """
        path = lock_path(state_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise StateError(f"cannot create lock file {path}: {_why(err, path)}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            holder = _read_pid(fd)
            os.close(fd)
            raise StateError(
                f"state file {_names(state_path)} is in use by another freigabe process "
                f"(pid {holder})"
            ) from err
        except BaseException:
            os.close(fd)
            raise
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as err:
            # a full volume lets the empty file be created but not its first block be written
            os.close(fd)
            raise StateError(f"cannot write lock file {path}: {_why(err, path)}") from err
        return cls(path, fd)

    def release(self) -> None:
        """Give up the lock; the file stays, since another process may already hold it open."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def lock_path(state_path: Path) -> Path:
    """Where the lock of ``state_path`` lives: beside the file its name resolves to."""
    real = state_path.resolve()
    return real.with_name(real.name + ".lock")


def _names(state_path: Path) -> str:
    real = state_path.resolve()
    return str(state_path) if real == state_path.absolute() else f"{state_path} (that is {real})"


def _why(err: OSError, path: Path) -> str:
    if err.errno in _FULL:
        return f"{err.strerror}; the volume of {path.parent} is full"
    return f"{err.strerror}; is the directory {path.parent} writable?"


def _read_pid(fd: int) -> str:
    # the holder writes its pid right after locking; a racing reader may find it still empty
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return text if text.isdigit() else "unknown"

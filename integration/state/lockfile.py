"""The advisory lock that keeps two freigabe processes off one state file.

SQLite's own locking lets two processes share a file; two workers syncing the same libraries
would then announce every change twice. An exclusive ``flock`` on ``<state file>.lock`` makes
the second one fail fast instead. The lock belongs to the open file description, so it also
refuses a second store in the same process, and the kernel drops it when the process dies.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from integration.errors import StateError

__all__ = ["LockFile"]


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
        cannot be created.
        """
        path = state_path.with_name(state_path.name + ".lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise StateError(
                f"cannot create lock file {path}: {err.strerror}; "
                f"is the directory {path.parent} writable?"
            ) from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            holder = _read_pid(fd)
            os.close(fd)
            raise StateError(
                f"state file {state_path} is in use by another freigabe process (pid {holder})"
            ) from err
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        """Give up the lock; the file stays, since another process may already hold it open."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def _read_pid(fd: int) -> str:
    # the holder writes its pid right after locking; a racing reader may find it still empty
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return text if text.isdigit() else "unknown"

"""Whether the state file the worker opened is still the one at the state path.

SQLite keeps writing to the file it opened even after it was deleted or replaced: the
worker would go on, every row it writes lost with the next start, while the probes call it
ready. The identity (device and inode) of the file is taken right after the store opened;
the inode cannot be reused while the store holds the file open, so a file at the path with
another identity is another file.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["StateFileWatch"]


class StateFileWatch:
    """Compares the file at ``path`` with the one that was there when the watch began."""

    def __init__(self, path: Path) -> None:
        """Raises ``OSError`` when nothing is at ``path``."""
        self._path = path
        self._identity = self._identity_now()

    def _identity_now(self) -> tuple[int, int]:
        info = os.stat(self._path)
        return info.st_dev, info.st_ino

    def problem(self) -> str | None:
        """``state_file_missing``, ``state_file_replaced``, or None while it is the same file."""
        try:
            now = self._identity_now()
        except FileNotFoundError:
            return "state_file_missing"
        except OSError:  # e.g. a folder that is no longer readable: the file is out of reach
            return "state_file_missing"
        return None if now == self._identity else "state_file_replaced"

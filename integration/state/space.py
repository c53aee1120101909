"""Telling a full volume from other write failures, for the messages that name them."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["space_hint"]

# Less than this free beside the file: a failed write is most likely the full volume. SQLite
# reports a -shm it cannot grow as a plain "disk I/O error", without the errno.
_LOW_SPACE = 1 << 20


def space_hint(path: Path) -> str:
    """``"; only N bytes free on the volume of DIR"`` when that volume is (nearly) full."""
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return ""
    free = stats.f_bavail * stats.f_frsize
    return f"; only {free} bytes free on the volume of {path.parent}" if free < _LOW_SPACE else ""

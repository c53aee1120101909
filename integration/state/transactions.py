"""How the state store runs statements: ``sqlite3`` errors out as ``StateError``, writes atomic."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from integration.errors import StateError

__all__ = ["translated", "write"]


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise any ``sqlite3`` error inside the block as ``StateError`` naming ``path``."""
    try:
        yield
    except sqlite3.Error as err:
        raise StateError(f"state file {path}: {err}") from err


@contextmanager
def write(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction around the block: committed if it ends normally, else rolled back.

    ``conn`` must be in autocommit mode. Any exception, ``BaseException`` included, rolls
    back and propagates (``sqlite3`` errors as ``StateError``).
    """
    with translated(path):
        # IMMEDIATE takes the write lock up front, so a busy file fails here, not midway
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # a failed COMMIT (disk full, I/O error) can leave the transaction open
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

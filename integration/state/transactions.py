"""How the state store runs statements: ``sqlite3`` errors out as ``StateError``, writes atomic."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from integration.errors import StateError

__all__ = ["decoding", "translated", "write"]


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise any ``sqlite3`` error inside the block as ``StateError`` naming ``path``."""
    try:
        yield
    except sqlite3.Error as err:
        raise StateError(f"state file {path}: {err}") from err


@contextmanager
def decoding(state: str | None, what: str, where: str = "") -> Iterator[None]:
    """Re-raise a stored value that does not decode as one ``StateError`` naming the state.

    Around the decoding of one stored row: its text was written by freigabe, so a
    ``ValueError``, ``KeyError`` or ``TypeError`` here means the file was damaged or altered
    (garbage bytes, a hand edit), not a bug to show as a traceback. ``state`` is the store's
    ``name`` ("state file /x"), ``what`` names the kind of row ("a vote round"), ``where``
    which one.
    """
    try:
        yield
    except (ValueError, KeyError, TypeError, StateError) as err:
        name = state if state is not None else "the state file"
        which = f" ({where})" if where else ""
        raise StateError(
            f"{name} is damaged: {what} cannot be read{which}; restore it from a backup"
        ) from err


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

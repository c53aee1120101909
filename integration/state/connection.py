"""Opening the SQLite connection of a state file, with its settings and schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from integration.errors import StateError
from integration.state.space import space_hint
from integration.state.upgrade import migrate_keeping_copy

__all__ = ["BUSY_TIMEOUT_SECONDS", "connect"]

BUSY_TIMEOUT_SECONDS = 5.0


def connect(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode at the newest schema, creating the file if new.

    The connection is in autocommit mode: the store opens its transactions explicitly. A
    file at an older schema is copied before it is migrated (``upgrade``).
    Raises ``StateError`` when the file is no freigabe state file, is corrupt, too new, or
    cannot be written.
    """
    try:
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as err:
        raise StateError(f"cannot open state file {path}: {err}") from err
    try:
        _configure(conn)
        migrate_keeping_copy(conn, path)
    except sqlite3.DatabaseError as err:
        conn.close()
        raise _translate(path, err) from err
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    # the first statement reads the header: a file that is no database fails here
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    # NORMAL in WAL mode: a power loss may drop the last commits but never corrupts the file
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


def _translate(path: Path, err: sqlite3.DatabaseError) -> StateError:
    # the low byte is the primary result code; the rest refines it (e.g. READONLY_DBMOVED)
    code = err.sqlite_errorcode & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return StateError(f"{path} is not a freigabe state file or is corrupt")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return StateError(
            f"cannot write state file {path}: {err}; is the directory {path.parent} writable?"
        )
    if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        return StateError(f"cannot open state file {path}: {err}{space_hint(path)}")
    return StateError(f"cannot open state file {path}: {err}")

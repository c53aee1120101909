"""A read-only connection to a state file, for commands that only look (status, audit, backup).

No lock file and no migrations: such a command works beside a running worker, which holds the
lock, and on a folder it cannot write (a read-only volume, another user's files). In WAL mode
a reader needs the shared-memory file ``<file>-shm`` beside the database:

- SQLite opens it read-only where it cannot write it, and reads through it while a writer
  keeps it current; without a writer it reads the ``-wal`` file into private memory instead
  (SQLite 3.22 and later).
- Where ``-shm`` is missing and cannot be created (a read-only folder nobody writes in; a
  clean close deletes both files), ``mode=ro`` fails with SQLITE_CANTOPEN. If no ``-wal``
  with content is there either, the database file alone is the whole state, and it is opened
  with ``immutable=1``, which reads it without any locking or shared memory. A ``-wal`` with
  content would be ignored by ``immutable=1`` (changes a killed worker left there would be
  missing, a half-done checkpoint would read as corrupt), so then the open is refused with
  a message saying why.

``immutable=1`` is only taken in a folder this process cannot write: a worker able to write
there would have created ``-shm``. A writer starting on another mount of the same folder in
the milliseconds of a read could still change the file under it; the reader then sees an
error, never writes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from integration.errors import StateError
from integration.state.connection import BUSY_TIMEOUT_SECONDS
from integration.state.migrations import MIGRATIONS, check_identity, schema_version

__all__ = ["connect_readonly"]


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to the state file at ``path``, at exactly the newest schema.

    Raises ``StateError`` when the file does not exist, is no freigabe state file or is
    corrupt, is at an older schema (run ``freigabe once`` or the worker first, which migrate
    it) or a newer one, or cannot be read in its folder.
    """
    if not path.exists():
        raise StateError(
            f"state file {path} does not exist (yet): `freigabe once` or the worker creates it"
        )
    try:
        conn = _open(path, "mode=ro")
    except sqlite3.DatabaseError as err:
        if err.sqlite_errorcode & 0xFF != sqlite3.SQLITE_CANTOPEN:
            raise _translate(path, err) from err
        wal = Path(f"{path}-wal")
        if _has_content(wal):
            raise StateError(
                f"cannot read state file {path}: its folder cannot be written here, and {wal} "
                f"holds changes that SQLite reads only through {path.name}-shm, which is "
                "missing; run the command where the folder is writable, or run `freigabe "
                "once` there to fold the changes into the file"
            ) from err
        try:
            conn = _open(path, "mode=ro&immutable=1")
        except sqlite3.DatabaseError as again:
            raise _translate(path, again) from again
    return conn


def _open(path: Path, parameters: str) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?{parameters}"
    conn = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        # the first read opens the file for real: a missing -shm or garbage bytes fail here
        version = schema_version(conn)
        check_identity(conn, path, version)
        _check_current(path, version)
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_current(path: Path, version: int) -> None:
    newest = len(MIGRATIONS)
    if version == 0:
        raise StateError(
            f"state file {path} holds no freigabe state yet: run `freigabe once` or start the "
            "worker first"
        )
    if version < newest:
        raise StateError(
            f"state file {path} has schema version {version}, this freigabe reads {newest}: "
            "run `freigabe once` or start the worker first, which bring it up to date"
        )


def _has_content(wal: Path) -> bool:
    try:
        return os.stat(wal).st_size > 0
    except FileNotFoundError:
        return False


def _translate(path: Path, err: sqlite3.DatabaseError) -> StateError:
    code = err.sqlite_errorcode & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return StateError(f"{path} is not a freigabe state file or is corrupt")
    return StateError(f"cannot read state file {path}: {err}")

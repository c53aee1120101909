"""The state file as a ``sql.Database``: one SQLite connection, guarded by the file's lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from integration.state.lockfile import LockFile
from integration.state.transactions import translated, write

__all__ = ["SqliteDatabase"]


class SqliteDatabase:
    """The connection ``conn`` to the state file at ``path``; ``lock`` is None when read-only.

    ``conn`` must be in autocommit mode (see ``connection.connect``).
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: LockFile | None) -> None:
        self.path = path
        self._conn = conn
        self._lock = lock

    @property
    def name(self) -> str:
        return f"state file {self.path}"

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with write(self._conn, self.path) as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        with translated(self.path):
            if self._conn.in_transaction:
                yield self._conn
                return
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                # nothing was written: ending the read, not keeping anything
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with translated(self.path):
            yield self._conn

    def try_lead(self) -> bool:
        return self._lock is not None

    def leading(self) -> bool:
        return self._lock is not None

    def resign(self) -> None:
        pass  # the lock goes with the file's closing: no other process can take it before

    def wake_leader(self) -> None:
        pass  # with a state file this process is the only one

    def notices(self) -> None:
        return None

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()

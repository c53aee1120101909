"""The state in a PostgreSQL database, as a ``sql.Database`` (psycopg 3).

Synchronous, one connection per store, like the state file: every call of the store is
short, and the callers (the worker's cycle, the commands) already run it synchronously.
The connection is in autocommit mode and the transactions are opened explicitly, as on
SQLite. Writers are serialised by one transaction-level advisory lock taken first thing in
each write, the counterpart of SQLite's ``BEGIN IMMEDIATE``: two replicas writing at once
take turns, so the audit chain stays linear and every max(seq) + 1 is unique. Readers are
never blocked (MVCC). psycopg errors leave as ``StateError``; messages name the database by
its URL without a password.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import pq

from integration.errors import StateError
from integration.state.postgres_schema import POSTGRES_MIGRATIONS

__all__ = ["POSTGRES_MIGRATIONS", "PgConnection", "PostgresDatabase", "masked_url"]

# "FRGB" and "FRGM": the advisory lock keys of writing and migrating (any bigint will do, as
# long as nothing else on the database uses it)
_WRITE_LOCK = 0x46524742
_MIGRATE_LOCK = 0x4652474D
_CONNECT_TIMEOUT_SECONDS = 10


def masked_url(url: str) -> str:
    """``url`` with any password (in the user part or the query) replaced by ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}"
    query = urlencode(
        [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="/*"
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


@functools.lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    # the repositories write qmark placeholders (sqlite3's); psycopg wants %s, so a literal
    # % must be doubled first. No statement of theirs has a ? inside a string literal.
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """A psycopg connection speaking ``sql.Connection``: ``?`` placeholders, tuples back."""

    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]]) -> None:
        self._conn = conn

    def execute(
        self, sql: str, parameters: Sequence[Any] = (), /
    ) -> psycopg.Cursor[tuple[Any, ...]]:
        return self._conn.execute(_pyformat(sql), tuple(parameters))

    def executemany(
        self, sql: str, parameters: Iterable[Sequence[Any]], /
    ) -> psycopg.Cursor[tuple[Any, ...]]:
        cursor = self._conn.cursor()
        cursor.executemany(_pyformat(sql), parameters)
        return cursor


class PostgresDatabase:
    """One connection to a freigabe database at the newest schema; open with ``open``."""

    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]], url: str) -> None:
        self._conn = conn
        self._sql = PgConnection(conn)
        self.url = masked_url(url)

    @classmethod
    def open(
        cls, url: str, *, password: str | None = None, options: Mapping[str, str] | None = None
    ) -> PostgresDatabase:
        """Connect to ``url`` (see ``connect``) and bring it to the newest schema."""
        database = cls.connect(url, password=password, options=options)
        try:
            with database._translated():
                _migrate(database._conn, database.name)
        except BaseException:
            database.close()
            raise
        return database

    @classmethod
    def open_readonly(
        cls, url: str, *, password: str | None = None, options: Mapping[str, str] | None = None
    ) -> PostgresDatabase:
        """Connect to ``url`` for reading only; ``StateError`` unless at the newest schema."""
        database = cls.connect(url, password=password, options=options)
        try:
            version = database.schema_version()
            if version != len(POSTGRES_MIGRATIONS):
                raise StateError(
                    f"{database.name} is at schema version {version}, this freigabe reads"
                    f" {len(POSTGRES_MIGRATIONS)}: `freigabe once` or the worker migrates it"
                )
            with database._translated():
                # the server refuses every write on this connection, as on a read-only file
                database._conn.execute("SET default_transaction_read_only = on")
        except BaseException:
            database.close()
            raise
        return database

    @classmethod
    def connect(
        cls, url: str, *, password: str | None = None, options: Mapping[str, str] | None = None
    ) -> PostgresDatabase:
        """Connect to ``url`` without changing anything there (``check`` looks this way).

        ``options`` are further libpq parameters (``sslmode``, ``sslrootcert``, ...),
        ``password`` one not written in the URL.
        """
        extra: dict[str, Any] = dict(options or {})
        if password is not None:
            extra["password"] = password
        try:
            conn = psycopg.connect(
                url,
                autocommit=True,
                connect_timeout=_CONNECT_TIMEOUT_SECONDS,
                application_name="freigabe",
                **extra,
            )
        except psycopg.Error as err:
            raise StateError(f"cannot connect to state database {masked_url(url)}: {err}") from err
        return cls(conn, url)

    @property
    def name(self) -> str:
        return f"state database {self.url}"

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as err:
            raise StateError(f"{self.name}: {err}") from err

    def _in_transaction(self) -> bool:
        return self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    @contextmanager
    def write(self) -> Iterator[PgConnection]:
        with self._translated():
            if self._in_transaction():
                raise StateError(f"{self.name}: a write cannot start inside a transaction")
            try:
                # one round trip for both: without parameters psycopg may send several
                # statements at once
                self._conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({_WRITE_LOCK:d})")
                yield self._sql
                self._conn.execute("COMMIT")
            except BaseException:
                if self._in_transaction():
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def snapshot(self) -> Iterator[PgConnection]:
        with self._translated():
            if self._in_transaction():
                yield self._sql
                return
            self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield self._sql
            finally:
                if self._in_transaction():
                    self._conn.execute("ROLLBACK")

    @contextmanager
    def reading(self) -> Iterator[PgConnection]:
        with self._translated():
            yield self._sql

    def server_version(self) -> str:
        """The server's version as it states it (``SHOW server_version``)."""
        with self._translated():
            row = self._conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "unknown"

    def schema_version(self) -> int:
        """The migration the database is at."""
        with self._translated():
            return _schema_version(self._conn, self.name)

    def close(self) -> None:
        self._conn.close()


def _migrate(conn: psycopg.Connection[tuple[Any, ...]], name: str) -> None:
    # one transaction for all: DDL is transactional here, and the lock makes a second
    # replica starting at the same moment wait and then find nothing left to do
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
        version = _schema_version(conn, name)
        if version == 0:
            conn.execute("CREATE TABLE freigabe_schema (version integer NOT NULL)")
            conn.execute("INSERT INTO freigabe_schema (version) VALUES (0)")
        for target, script in enumerate(POSTGRES_MIGRATIONS[version:], start=version + 1):
            conn.execute(script)
            conn.execute("UPDATE freigabe_schema SET version = %s", (target,))


def _schema_version(conn: psycopg.Connection[tuple[Any, ...]], name: str) -> int:
    """0 for an empty database; ``StateError`` for one of another application or too new."""
    row = conn.execute("SELECT to_regclass('freigabe_schema') IS NOT NULL").fetchone()
    if not (row and row[0]):
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
        if tables and tables[0]:
            raise StateError(f"{name} holds tables that are not freigabe's; name another database")
        return 0
    found = conn.execute("SELECT version FROM freigabe_schema").fetchone()
    version = int(found[0]) if found else 0
    if version > len(POSTGRES_MIGRATIONS):
        raise StateError(
            f"{name} was migrated by a newer freigabe (schema version {version}; this version"
            f" knows up to {len(POSTGRES_MIGRATIONS)}); upgrade freigabe to use it"
        )
    return version

"""The state in a PostgreSQL database, as a ``sql.Database`` (psycopg 3).

Synchronous, one connection per store, like the state file: every call of the store is
short, and the callers (the worker's cycle, the commands) already run it synchronously.
The connection is in autocommit mode and the transactions are opened explicitly, as on
SQLite. Writers are serialised by one transaction-level advisory lock taken first thing in
each write, the counterpart of SQLite's ``BEGIN IMMEDIATE``: two replicas writing at once
take turns, so the audit chain stays linear and every max(seq) + 1 is unique. Readers are
never blocked (MVCC). psycopg errors leave as ``StateError``; messages name the database by
its URL without a password.

Leadership is a session-level advisory lock held by this same connection
(https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS: held until
released or the session ends, so a killed leader's lock is gone as soon as the server sees
its connection close). Holding it on the connection that writes fences the writes for free:
a leader whose session ended cannot write under that session any more, and after a
reconnect this store refuses writes (``deposed``) until it has won the lock again. A lost
connection is reopened on the next call, at most every few seconds.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import pq

from integration.errors import StateError
from integration.state.postgres_schema import POSTGRES_MIGRATIONS

if TYPE_CHECKING:
    from integration.state.postgres_notices import DatabaseNotices

__all__ = [
    "LEADER_CHANNEL",
    "POSTGRES_MIGRATIONS",
    "WAKE_CHANNEL",
    "DatabaseLogin",
    "PgConnection",
    "PostgresDatabase",
    "connect",
    "masked_url",
]

# "FRGB" and "FRGM": the advisory lock keys of writing and migrating (any bigint will do, as
# long as nothing else on the database uses it)
_WRITE_LOCK = 0x46524742
_MIGRATE_LOCK = 0x4652474D
# "FRGL": the lock whose holder is the leader among the replicas
_LEADER_LOCK = 0x4652474C
_CONNECT_TIMEOUT_SECONDS = 10
# after a failed reconnect, calls fail at once for this long: a readiness probe every second
# must not block the worker's loop for a connect timeout each time
_RECONNECT_PAUSE_SECONDS = 5.0
# Server-side keepalives of this session: a leader whose host vanished (no FIN, no RST) keeps
# its lock until the server notices; with these the server drops it within about 20 s
# instead of the system default of two hours. Settable per session
# (https://www.postgresql.org/docs/current/runtime-config-connection.html).
_KEEPALIVES = (
    "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 2"
)
LEADER_CHANNEL = "freigabe_leader"
"""Notified when a leader resigns: a standby tries the lock at once."""
WAKE_CHANNEL = "freigabe_wake"
"""Notified by a standby that received a change notification: the leader syncs at once."""


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


@dataclass(frozen=True, slots=True)
class DatabaseLogin:
    """How to connect again: the URL, a password not in it, further libpq parameters."""

    url: str
    password: str | None
    options: Mapping[str, str]
    readonly: bool = False


def connect(login: DatabaseLogin) -> psycopg.Connection[tuple[Any, ...]]:
    """A new autocommit connection as ``login`` says; ``StateError`` when it fails."""
    extra: dict[str, Any] = dict(login.options)
    if login.password is not None:
        extra["password"] = login.password
    try:
        conn = psycopg.connect(
            login.url,
            autocommit=True,
            connect_timeout=_CONNECT_TIMEOUT_SECONDS,
            application_name="freigabe",
            **extra,
        )
        conn.execute(_KEEPALIVES)
        if login.readonly:
            # the server refuses every write on this connection, as on a read-only file
            conn.execute("SET default_transaction_read_only = on")
    except psycopg.Error as err:
        raise StateError(
            f"cannot connect to state database {masked_url(login.url)}: {err}"
        ) from err
    return conn


class PostgresDatabase:
    """One connection to a freigabe database at the newest schema; open with ``open``."""

    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]], login: DatabaseLogin) -> None:
        self._conn = conn
        self._sql = PgConnection(conn)
        self._login = login
        self.url = masked_url(login.url)
        self._retry_at = 0.0
        self._leading = False
        self._deposed = False

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
        login = DatabaseLogin(url, password, dict(options or {}), readonly=True)
        database = cls(connect(login), login)
        try:
            version = database.schema_version()
            if version != len(POSTGRES_MIGRATIONS):
                raise StateError(
                    f"{database.name} is at schema version {version}, this freigabe reads"
                    f" {len(POSTGRES_MIGRATIONS)}: `freigabe once` or the worker migrates it"
                )
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
        login = DatabaseLogin(url, password, dict(options or {}))
        return cls(connect(login), login)

    @property
    def name(self) -> str:
        return f"state database {self.url}"

    def _live(self) -> None:
        """Reconnect when the connection was lost; a leader is deposed by it."""
        if not self._conn.closed:
            return
        if time.monotonic() < self._retry_at:
            raise StateError(f"{self.name}: the connection was lost; reconnecting shortly")
        try:
            conn = connect(self._login)
        except StateError:
            self._retry_at = time.monotonic() + _RECONNECT_PAUSE_SECONDS
            raise
        self._conn, self._sql = conn, PgConnection(conn)
        if self._leading:
            # the lock ended with the old session: another replica may lead by now
            self._leading, self._deposed = False, True

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            self._live()
            yield
        except psycopg.Error as err:
            raise StateError(f"{self.name}: {err}") from err

    def _in_transaction(self) -> bool:
        return self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    @contextmanager
    def write(self) -> Iterator[PgConnection]:
        with self._translated():
            if self._deposed:
                raise StateError(
                    f"{self.name}: the connection was lost and with it the leadership;"
                    " nothing is written until this replica leads again"
                )
            if self._in_transaction():
                raise StateError(f"{self.name}: a write cannot start inside a transaction")
            try:
                # one round trip for both: without parameters psycopg may send several
                # statements at once
                self._conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({_WRITE_LOCK:d})")
                yield self._sql
                self._conn.execute("COMMIT")
            except BaseException:
                if not self._conn.closed and self._in_transaction():
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
                if not self._conn.closed and self._in_transaction():
                    self._conn.execute("ROLLBACK")

    @contextmanager
    def reading(self) -> Iterator[PgConnection]:
        with self._translated():
            yield self._sql

    def try_lead(self) -> bool:
        """Take the leader lock if no other session holds it; whether this one leads now.

        A read-only connection never leads.
        """
        if self._login.readonly:
            return False
        if self._leading:
            # a session lock is counted: taking it again would need two unlocks
            return self.leading()
        with self._translated():
            row = self._conn.execute(f"SELECT pg_try_advisory_lock({_LEADER_LOCK:d})").fetchone()
        self._leading = bool(row and row[0])
        if self._leading:
            self._deposed = False
        return self._leading

    def leading(self) -> bool:
        """Whether this store still holds the leader lock (one round trip proves the session)."""
        if not self._leading:
            return False
        try:
            with self._translated():
                self._conn.execute("SELECT 1")
        except StateError:
            return False
        return self._leading

    def resign(self) -> None:
        """Release the leader lock and tell the standbys (``LEADER_CHANNEL``); no-op if not held.

        Never raises: it is called on the way out.
        """
        if not self._leading:
            return
        self._leading = False
        # a connection lost meanwhile took the lock with it; the standbys find it free
        with contextlib.suppress(StateError), self._translated():
            self._conn.execute(
                f"SELECT pg_advisory_unlock({_LEADER_LOCK:d}); NOTIFY {LEADER_CHANNEL}"
            )

    def wake_leader(self) -> None:
        """Tell the leader, whichever replica it is, to sync now (``WAKE_CHANNEL``)."""
        with self._translated():
            self._conn.execute(f"NOTIFY {WAKE_CHANNEL}")

    def server_version(self) -> str:
        """The server's version as it states it (``SHOW server_version``)."""
        with self._translated():
            row = self._conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "unknown"

    def schema_version(self) -> int:
        """The migration the database is at."""
        with self._translated():
            return _schema_version(self._conn, self.name)

    def notices(self) -> DatabaseNotices:
        # imported here: the listener needs this module's channel names
        from integration.state.postgres_notices import DatabaseNotices

        return DatabaseNotices(self._login)

    def close(self) -> None:
        self._leading = False
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

"""The state store: what the sync cycle must remember, in a SQLite file or a PostgreSQL database.

Every public method is synchronous and short; the async callers may call it directly. Each
write is one transaction, so a crash leaves either all or nothing of it. Where the state is
kept is a ``sql.Database`` (``sqlite_database``, ``postgres``); the SQL is the same for both.
Driver errors leave here as ``StateError``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from approval.documents import DocumentEvent, DocumentSnapshot
from integration.errors import StateError
from integration.state import audit, queries
from integration.state.anchors import HEAD_KEY, Anchor
from integration.state.connection import connect
from integration.state.lockfile import LockFile
from integration.state.postgres import PostgresDatabase
from integration.state.postgres_notices import DatabaseNotices
from integration.state.readonly import connect_readonly
from integration.state.records import (
    AuditEntry,
    AuditExtent,
    AuditVerification,
    Cursor,
    RecordedEvent,
)
from integration.state.sql import Connection, Database
from integration.state.sqlite_database import SqliteDatabase
from ports.clock import Clock, system_clock
from ports.libraries import ResolvedLibrary

__all__ = ["StateStore"]


class StateStore:
    """Libraries, delta cursors, snapshots, the event log, checkpoints, audit log and facts.

    Open one with ``StateStore.open`` (a file; it holds the file's lock until ``close``) or
    ``StateStore.open_url`` (a PostgreSQL database; ``path`` is then None). Iterators
    read in pages and do not hold a statement open, so the store may be written while one is
    being consumed (rows written meanwhile may or may not appear in it); inside ``snapshot``
    they see one state of the file. ``StateStore.open_readonly`` opens one that only reads,
    beside a worker holding the lock.
    """

    def __init__(self, database: Database, clock: Clock, path: Path | None = None) -> None:
        self.path = path
        self._db = database
        self._clock = clock

    @classmethod
    def open(cls, path: Path, *, clock: Clock = system_clock) -> StateStore:
        """Open or create the state file at ``path`` and bring it to the newest schema.

        ``clock`` must return aware datetimes. Raises ``StateError`` when the file is in use
        by another process, is no freigabe state file or is corrupt, was written by a newer
        freigabe, or its directory cannot be written.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StateError(f"cannot create directory {path.parent}: {err.strerror}") from err
        lock = LockFile.acquire(path)
        try:
            conn = connect(path)
        except BaseException:
            lock.release()
            raise
        return cls(SqliteDatabase(path, conn, lock), clock, path)

    @classmethod
    def open_readonly(cls, path: Path) -> StateStore:
        """Open the state file at ``path`` for reading only: no lock, no migrations, no writes.

        Works while a worker holds the file and in a folder this process cannot write (see
        ``readonly.py``). Every write raises ``StateError``. Raises ``StateError`` when the
        file does not exist, is no freigabe state file or is corrupt, is at another schema
        version than this freigabe's, or cannot be read there.
        """
        return cls(SqliteDatabase(path, connect_readonly(path), None), system_clock, path)

    @classmethod
    def open_url(
        cls,
        url: str,
        *,
        password: str | None = None,
        options: Mapping[str, str] | None = None,
        clock: Clock = system_clock,
    ) -> StateStore:
        """Open the PostgreSQL database at ``url`` and bring it to the newest schema.

        ``password`` is one not written in the URL, ``options`` further libpq parameters
        (``sslmode``, ``sslrootcert``, ...).

        Any number of stores may be open on one database; their writes are serialised.
        Raises ``StateError`` when the server cannot be reached or refuses the login, the
        database holds tables that are not freigabe's, or a newer freigabe migrated it.
        """
        return cls(PostgresDatabase.open(url, password=password, options=options), clock)

    @classmethod
    def open_url_readonly(
        cls, url: str, *, password: str | None = None, options: Mapping[str, str] | None = None
    ) -> StateStore:
        """Open the PostgreSQL database at ``url`` for reading only: no migrations, no writes.

        Any number may be open beside the worker. Raises ``StateError`` as ``open_url`` does,
        and when the database is not at this freigabe's schema version.
        """
        return cls(
            PostgresDatabase.open_readonly(url, password=password, options=options), system_clock
        )

    @property
    def name(self) -> str:
        """Where the state is, in words for messages; a URL is shown without its password."""
        return self._db.name

    def close(self) -> None:
        """Close the file and release its lock; closing twice is harmless."""
        self._db.close()

    # leadership among replicas (see ``sql.Database``)

    def try_lead(self) -> bool:
        """Become the replica that runs the cycle unless another is; whether this one is."""
        return self._db.try_lead()

    def leading(self) -> bool:
        """Whether this store still leads, as the database confirms."""
        return self._db.leading()

    def resign(self) -> None:
        """Stop leading and let a standby know; no-op when not leading."""
        self._db.resign()

    def wake_leader(self) -> None:
        """Ask the leading replica to sync now."""
        self._db.wake_leader()

    def notices(self) -> DatabaseNotices | None:
        """A listener for the other replicas' notices; None when there can be none."""
        return self._db.notices()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # libraries and cursors

    def get_library(self, key: str) -> ResolvedLibrary | None:
        """The resolved ids of library ``key``, or None if it was never saved."""
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT key, site_id, list_id, drive_id, web_url, display_name,"
                " config_fingerprint FROM libraries WHERE key = ?",
                (key,),
            ).fetchone()
        return ResolvedLibrary(*row) if row else None

    def save_library(self, library: ResolvedLibrary) -> None:
        """Insert or replace the resolved ids of ``library.key``; its other state stays."""
        with self._db.write() as conn:
            queries.save_library(conn, library)

    def get_cursor(self, key: str) -> Cursor | None:
        """Where the delta query of ``key`` continues, or None to start a full enumeration."""
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT link, complete, resync FROM cursors WHERE library = ?", (key,)
            ).fetchone()
        return Cursor(row[0], bool(row[1]), bool(row[2])) if row else None

    def reset_cursor(self, key: str) -> None:
        """Forget the cursor of ``key`` and any resync bookkeeping; snapshots stay."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM cursors WHERE library = ?", (key,))
            conn.execute("DELETE FROM resync_seen WHERE library = ?", (key,))

    # snapshots

    def get_snapshots(self, key: str, item_ids: Collection[str]) -> dict[str, DocumentSnapshot]:
        """The stored snapshots among ``item_ids``, by id; unknown ids are absent."""
        with self._db.reading() as conn:
            return queries.select_snapshots(conn, key, item_ids)

    def iter_snapshots(self, key: str) -> Iterator[DocumentSnapshot]:
        """Every stored snapshot of ``key`` in item id order, read page by page."""
        with self._db.reading() as conn:
            yield from queries.snapshot_pages(conn, key, unseen_only=False)

    def count_snapshots(self, key: str) -> int:
        """How many snapshots of ``key`` are stored."""
        with self._db.reading() as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM snapshots WHERE library = ?", (key,)
            ).fetchone()
        return int(count)

    def apply_page(
        self,
        key: str,
        *,
        cursor: Cursor,
        upserts: Sequence[DocumentSnapshot],
        removals: Sequence[str],
        events: Sequence[DocumentEvent],
        seen_ids: Collection[str] = (),
    ) -> list[RecordedEvent]:
        """Record what one delta page brought, in one transaction.

        Upserts the snapshots, then deletes the ``removals`` (so an id in both ends removed),
        stores ``cursor``, records ``events`` and, when ``cursor.resync``, adds ``seen_ids``
        to the resync's seen set. An event already recorded (same library, item, kind and
        etag) is skipped. Returns exactly the newly recorded events, in the given order.

        Raises ``ValueError`` when a snapshot or event belongs to another library or
        ``seen_ids`` come without ``cursor.resync``, ``StateError`` when ``key`` was never
        saved with ``save_library``. On any error nothing of the page is kept.
        """
        if seen_ids and not cursor.resync:
            raise ValueError("seen_ids are only recorded while cursor.resync is set")
        queries.check_library(key, upserts, events)
        recorded_at = self._clock()
        with self._db.write() as conn:
            queries.require_library(conn, key)
            queries.upsert_snapshots(conn, key, upserts)
            queries.delete_snapshots(conn, key, removals)
            queries.store_cursor(conn, key, cursor)
            if cursor.resync:
                queries.add_seen(conn, key, seen_ids)
            return queries.record_events(conn, key, events, recorded_at)

    # access for the repositories of later stages (rounds, outbox, publications)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction on the state: committed on success, else rolled back.

        For repositories that keep their own tables in the state (declared as migrations in
        ``migrations.py`` and ``postgres_schema.py``). Errors come out as ``StateError``.
        """
        with self._db.write() as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """The connection inside one read transaction: every read sees the same state.

        Other processes may commit meanwhile (a running worker, when this store is
        read-only); the block sees none of it. Inside a transaction already open it is that
        transaction. Errors come out as ``StateError``.
        """
        with self._db.snapshot() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection for reads outside a transaction; errors come out as ``StateError``."""
        with self._db.reading() as conn:
            yield conn

    # resync

    def begin_resync(self, key: str) -> None:
        """Start recording seen ids of a full enumeration of ``key`` from an empty set.

        Call once per resync, not when resuming an unfinished one after a restart.
        """
        with self._db.write() as conn:
            conn.execute("DELETE FROM resync_seen WHERE library = ?", (key,))

    def unseen_snapshots(self, key: str) -> Iterator[DocumentSnapshot]:
        """Stored snapshots of ``key`` the resync did not see: these items disappeared."""
        with self._db.reading() as conn:
            yield from queries.snapshot_pages(conn, key, unseen_only=True)

    def finish_resync(self, key: str) -> None:
        """End the resync of ``key``: clear its seen set and its cursor's ``resync`` flag.

        A separate transaction from the last ``apply_page``: after a crash in between the
        cursor still says resync, and reconciling again finds nothing left unseen.
        """
        with self._db.write() as conn:
            conn.execute("DELETE FROM resync_seen WHERE library = ?", (key,))
            conn.execute("UPDATE cursors SET resync = 0 WHERE library = ?", (key,))

    # events and checkpoints

    def events_after(self, seq: int, limit: int = 1000) -> list[RecordedEvent]:
        """Up to ``limit`` recorded events with a seq above ``seq``, in seq order."""
        with self._db.reading() as conn:
            return queries.select_events(conn, seq, limit)

    def last_event_seq(self) -> int:
        """The seq of the newest recorded event, 0 when there is none."""
        with self._db.reading() as conn:
            (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        return int(seq)

    def get_checkpoint(self, name: str) -> int:
        """The last event seq consumer ``name`` finished, 0 when it never set one."""
        with self._db.reading() as conn:
            row = conn.execute("SELECT seq FROM checkpoints WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def set_checkpoint(self, name: str, seq: int) -> None:
        """Remember that consumer ``name`` finished every event up to ``seq`` (>= 0)."""
        if seq < 0:
            raise ValueError(f"checkpoint seq must not be negative, got {seq}")
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO checkpoints (name, seq) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                (name, seq),
            )

    # audit log

    def append_audit(self, kind: str, subject: str, payload: Mapping[str, object]) -> AuditEntry:
        """Append to the audit log; ``payload`` must be JSON-serialisable."""
        at = self._clock()
        with self._db.write() as conn:
            return audit.append_entry(conn, at, kind, subject, payload)

    def iter_audit(self) -> Iterator[AuditEntry]:
        """Every audit entry in seq order, read page by page."""
        with self._db.reading() as conn:
            yield from audit.iter_entries(conn)

    def audit_extent(self) -> AuditExtent:
        """How many audit entries there are and how wide their columns are."""
        with self._db.reading() as conn:
            return audit.extent(conn)

    def verify_audit(self, outside: Sequence[Anchor] = ()) -> AuditVerification:
        """Check the hash chain of the whole audit log and its end against the anchored heads,
        those in the file and ``outside`` it (the export manifest's)."""
        with self.snapshot() as conn:
            return audit.verify_chain(conn, outside)

    # small facts

    def get_meta(self, key: str) -> str | None:
        """The fact stored under ``key``, or None."""
        with self._db.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing what was there.

        ``ValueError`` for the key of the audit head: only appending to the log moves it.
        """
        if key == HEAD_KEY:
            raise ValueError(f"meta key {key!r} belongs to the audit log")
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def keep_meta(self, key: str, value: str) -> str:
        """Store ``value`` under ``key`` unless something is stored there; what is stored.

        One transaction: of two replicas starting at once, both end up with the same value.
        ``ValueError`` for the key of the audit head, as ``set_meta``.
        """
        if key == HEAD_KEY:
            raise ValueError(f"meta key {key!r} belongs to the audit log")
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (key, value),
            )
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    def delete_meta(self, key: str) -> None:
        """Forget the fact stored under ``key``, if any."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))

"""The SQL behind the state store's snapshot, cursor and event methods.

Functions take the store's connection; the writers expect an open transaction. ``sqlite3``
errors propagate for the store to translate.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime

from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
)
from integration.errors import StateError
from integration.state.codec import (
    decode_datetime,
    decode_event,
    decode_snapshot,
    encode_datetime,
    encode_event,
    encode_snapshot,
    event_identity,
)
from integration.state.records import Cursor, RecordedEvent
from integration.state.sql import Connection
from ports.libraries import ResolvedLibrary

__all__ = [
    "add_seen",
    "check_library",
    "delete_snapshots",
    "record_events",
    "require_library",
    "save_library",
    "select_events",
    "select_snapshots",
    "snapshot_pages",
    "store_cursor",
    "upsert_snapshots",
]

_PAGE = 1000
# well below SQLite's limit on bound parameters
_IN_CHUNK = 500


def check_library(
    key: str, snapshots: Iterable[DocumentSnapshot], events: Iterable[DocumentEvent]
) -> None:
    """``ValueError`` unless every snapshot, and every snapshot in an event, is of ``key``."""
    for doc in itertools.chain(snapshots, *map(_documents, events)):
        if doc.library != key:
            raise ValueError(f"item {doc.item_id} belongs to {doc.library!r}, not to {key!r}")


def require_library(conn: Connection, key: str) -> None:
    """``StateError`` unless library ``key`` was saved."""
    if conn.execute("SELECT 1 FROM libraries WHERE key = ?", (key,)).fetchone() is None:
        raise StateError(f"library {key!r} is not in the state store; save_library it first")


def save_library(conn: Connection, library: ResolvedLibrary) -> None:
    """Insert or update a library row in place (a REPLACE would delete it first)."""
    conn.execute(
        "INSERT INTO libraries (key, site_id, list_id, drive_id, web_url, display_name,"
        " config_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
        " site_id = excluded.site_id, list_id = excluded.list_id,"
        " drive_id = excluded.drive_id, web_url = excluded.web_url,"
        " display_name = excluded.display_name,"
        " config_fingerprint = excluded.config_fingerprint",
        (
            library.key,
            library.site_id,
            library.list_id,
            library.drive_id,
            library.web_url,
            library.display_name,
            library.config_fingerprint,
        ),
    )


def store_cursor(conn: Connection, key: str, cursor: Cursor) -> None:
    """Insert or replace the cursor of ``key``."""
    conn.execute(
        "INSERT INTO cursors (library, link, complete, resync) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (library) DO UPDATE SET link = excluded.link,"
        " complete = excluded.complete, resync = excluded.resync",
        (key, cursor.link, int(cursor.complete), int(cursor.resync)),
    )


def upsert_snapshots(conn: Connection, key: str, snapshots: Iterable[DocumentSnapshot]) -> None:
    """Insert or replace snapshots; each is encoded only as its row is written."""
    conn.executemany(
        "INSERT INTO snapshots (library, item_id, data) VALUES (?, ?, ?)"
        " ON CONFLICT (library, item_id) DO UPDATE SET data = excluded.data",
        ((key, snap.item_id, encode_snapshot(snap)) for snap in snapshots),
    )


def delete_snapshots(conn: Connection, key: str, item_ids: Iterable[str]) -> None:
    """Delete the snapshots of ``item_ids``; unknown ids are ignored."""
    conn.executemany(
        "DELETE FROM snapshots WHERE library = ? AND item_id = ?",
        ((key, item_id) for item_id in item_ids),
    )


def add_seen(conn: Connection, key: str, item_ids: Iterable[str]) -> None:
    """Add ``item_ids`` to the seen set of the resync of ``key``."""
    conn.executemany(
        "INSERT INTO resync_seen (library, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        ((key, item_id) for item_id in item_ids),
    )


def record_events(
    conn: Connection, key: str, events: Sequence[DocumentEvent], at: datetime
) -> list[RecordedEvent]:
    """Record the events not recorded before; return exactly those, with their seq."""
    at_text = encode_datetime(at)
    recorded: list[RecordedEvent] = []
    for event in events:
        item_id, kind, etag = event_identity(event)
        # DO NOTHING on the identity only: OR IGNORE would also swallow CHECK and NOT NULL
        # failures, hiding a bug as a duplicate
        rows = conn.execute(
            "INSERT INTO events (library, item_id, kind, etag, data, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (library, item_id, kind, etag) DO NOTHING RETURNING seq",
            (key, item_id, kind, etag, encode_event(event), at_text),
        ).fetchall()
        recorded.extend(RecordedEvent(seq, key, item_id, kind, event, at) for (seq,) in rows)
    return recorded


def select_events(conn: Connection, after: int, limit: int) -> list[RecordedEvent]:
    """Up to ``limit`` events with a seq above ``after``, in seq order."""
    rows = conn.execute(
        "SELECT seq, library, item_id, kind, data, recorded_at FROM events"
        " WHERE seq > ? ORDER BY seq LIMIT ?",
        (after, limit),
    ).fetchall()
    return [
        RecordedEvent(seq, lib, item, kind, decode_event(data), decode_datetime(at))
        for seq, lib, item, kind, data, at in rows
    ]


def select_snapshots(
    conn: Connection, key: str, item_ids: Collection[str]
) -> dict[str, DocumentSnapshot]:
    """The stored snapshots among ``item_ids``, one query per chunk of ids."""
    ids = sorted(set(item_ids))
    found: dict[str, DocumentSnapshot] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        # S608: only "?" marks are formatted in; the ids themselves are bound
        sql = f"SELECT item_id, data FROM snapshots WHERE library = ? AND item_id IN ({marks})"  # noqa: S608
        rows = conn.execute(sql, (key, *chunk)).fetchall()
        found.update((item_id, decode_snapshot(data)) for item_id, data in rows)
    return found


def snapshot_pages(conn: Connection, key: str, *, unseen_only: bool) -> Iterator[DocumentSnapshot]:
    """Snapshots of ``key`` in item id order, optionally only those the resync did not see.

    Reads keyset pages instead of holding one statement open: memory stays flat, no read
    snapshot is pinned (it would stall WAL checkpoints), and the caller may write meanwhile.
    """
    unseen = (
        " AND NOT EXISTS (SELECT 1 FROM resync_seen AS r"
        " WHERE r.library = s.library AND r.item_id = s.item_id)"
        if unseen_only
        else ""
    )
    # '>=' with '' admits every id on the first page; later pages continue after the last id
    after, op = "", ">="
    while True:
        # S608: only the fixed fragments above are formatted in; values are bound
        sql = f"SELECT item_id, data FROM snapshots AS s WHERE library = ? AND item_id {op} ?"  # noqa: S608
        sql += f"{unseen} ORDER BY item_id LIMIT ?"
        rows: list[tuple[str, str]] = conn.execute(sql, (key, after, _PAGE)).fetchall()
        yield from (decode_snapshot(data) for _, data in rows)
        if len(rows) < _PAGE:
            return
        after, op = rows[-1][0], ">"


def _documents(event: DocumentEvent) -> tuple[DocumentSnapshot, ...]:
    match event:
        case DocumentAdded(document=doc) | DocumentRemoved(document=doc):
            return (doc,)
        case DocumentChanged(before=before, after=after):
            return (before, after)

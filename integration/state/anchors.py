"""Where the audit log's head is recorded outside the log: the meta table, release records.

A hash chain shows an entry that was altered, removed from the middle or reordered, but not
entries cut off its end: what is left is a shorter chain that verifies. So every append
moves a copy of the head (``AuditHead``) in the meta table, in the same transaction, and
every release record keeps the head as it stood when the release was written; the export
manifest carries it out of the file altogether. ``audit.verify_chain`` holds the log against
these copies.

The functions take a connection the caller manages and let driver errors propagate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from integration.state.codec import canonical_json, load_object
from integration.state.records import AuditHead
from integration.state.sql import Connection
from integration.state.transactions import decoding

__all__ = [
    "HEAD_KEY",
    "Anchor",
    "audit_head",
    "holds_head",
    "meta_head",
    "newest_release_anchor",
    "write_meta_head",
]

HEAD_KEY = "audit_head"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A copy of the head and, in words, where it was found."""

    where: str
    head: AuditHead


class _Readable(Protocol):
    def reading(self) -> AbstractContextManager[Connection]: ...


def audit_head(store: _Readable) -> AuditHead | None:
    """The audit log's current head as freigabe recorded it; None while the log is empty.

    For copies kept outside the state file (the export manifest): ``store`` is an open
    ``StateStore``, writable or read-only. Inside a write transaction, the head includes the
    entries appended in it so far.
    """
    with store.reading() as conn:
        return meta_head(conn)


def holds_head(store: _Readable, head: AuditHead) -> bool:
    """Whether the log holds ``head``: an entry with its seq and its hash."""
    with store.reading() as conn:
        row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (head.seq,)).fetchone()
    return row is not None and row[0] == head.hash


def meta_head(conn: Connection) -> AuditHead | None:
    """The head kept in the meta table, or None (empty log, or the anchor is gone).

    ``StateError`` when the stored head does not decode.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
    return _head(row[0]) if row else None


def write_meta_head(conn: Connection, head: AuditHead) -> None:
    """Move the meta table's head to ``head``; in the transaction of the append it records."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (HEAD_KEY, canonical_json(head.as_json())),
    )


def newest_release_anchor(conn: Connection) -> Anchor | None:
    """The head kept by the release record written last (the one naming the highest seq)."""
    for document_id, number, name, seq, digest in _release_heads(conn):
        if isinstance(seq, int) and isinstance(digest, str):
            title = name if isinstance(name, str) else document_id
            return Anchor(f"the release record of {title} (round {number})", AuditHead(seq, digest))
    return None


def _release_heads(conn: Connection) -> Iterator[tuple[object, ...]]:
    sql = _SQLITE_HEADS if isinstance(conn, sqlite3.Connection) else _POSTGRES_HEADS
    yield from conn.execute(sql)


# json_extract fails on text that is no JSON: a damaged record is simply no anchor here
_SQLITE_HEADS = (
    "SELECT document_id, round, name, seq, hash FROM ("
    " SELECT document_id, round,"
    "  CASE WHEN json_valid(record) THEN json_extract(record, '$.name') END AS name,"
    "  CASE WHEN json_valid(record) THEN json_extract(record, '$.audit_head.seq') END AS seq,"
    "  CASE WHEN json_valid(record) THEN json_extract(record, '$.audit_head.hash') END AS hash"
    " FROM releases)"
    " WHERE typeof(seq) = 'integer' ORDER BY seq DESC, document_id LIMIT 1"
)
# the same on PostgreSQL: freigabe_json (postgres_schema.py) is NULL for text that is no JSON;
# only values of the types json_extract would give are passed on (integer seq, text hash)
_POSTGRES_HEADS = (
    "SELECT document_id, round,"
    " CASE WHEN jsonb_typeof(r -> 'name') = 'string' THEN r ->> 'name' END,"
    " (r -> 'audit_head' -> 'seq')::numeric::bigint,"
    " CASE WHEN jsonb_typeof(r -> 'audit_head' -> 'hash') = 'string'"
    "  THEN r -> 'audit_head' ->> 'hash' END"
    " FROM (SELECT document_id, round, freigabe_json(record) AS r FROM releases) AS parsed"
    " WHERE jsonb_typeof(r -> 'audit_head' -> 'seq') = 'number'"
    "  AND (r -> 'audit_head' -> 'seq')::numeric % 1 = 0"
    " ORDER BY (r -> 'audit_head' -> 'seq')::numeric DESC, document_id LIMIT 1"
)


def _head(text: str) -> AuditHead:
    with decoding(None, "the audit head in the meta table"):
        body = load_object(text)
        seq, digest = body["seq"], body["hash"]
        if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(digest, str):
            raise TypeError("seq must be an integer, hash a text")
    return AuditHead(seq, digest)

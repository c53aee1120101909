"""The append-only audit log: each entry is chained to the one before it by hash.

An entry's hash covers its own content and the previous entry's hash, so altering, removing
or reordering an entry breaks the chain from there on. Triggers in the schema refuse UPDATE
and DELETE; the chain catches whoever goes around them. The functions take a connection the
caller manages (``append_entry`` needs an open write transaction) and let ``sqlite3`` errors
propagate for the caller to translate.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType

from integration.errors import StateError
from integration.state.codec import canonical_json, decode_datetime, encode_datetime
from integration.state.records import AuditEntry, AuditVerification

__all__ = ["GENESIS_HASH", "append_entry", "entry_hash", "iter_entries", "verify_chain"]

GENESIS_HASH = "0" * 64
_PAGE = 1000
_Row = tuple[int, str, str, str, str, str, str]


def entry_hash(seq: int, at: str, kind: str, subject: str, payload: object, prev_hash: str) -> str:
    """sha256 (hex) of the canonical JSON array ``[seq, at, kind, subject, payload, prev_hash]``."""
    text = canonical_json([seq, at, kind, subject, payload, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append_entry(
    conn: sqlite3.Connection, at: datetime, kind: str, subject: str, payload: Mapping[str, object]
) -> AuditEntry:
    """Append one entry and return it as ``iter_entries`` will read it back.

    ``payload`` must be JSON-serialisable (``TypeError``/``ValueError`` otherwise); the hash
    covers the payload as it reads back from JSON, so tuples and lists hash alike.
    """
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at_text = encode_datetime(at)
    payload_text = canonical_json(dict(payload))
    stored = json.loads(payload_text)
    digest = entry_hash(seq, at_text, kind, subject, stored, prev_hash)
    conn.execute(
        "INSERT INTO audit (seq, at, kind, subject, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at_text, kind, subject, payload_text, prev_hash, digest),
    )
    return AuditEntry(
        seq, decode_datetime(at_text), kind, subject, MappingProxyType(stored), prev_hash, digest
    )


def iter_entries(conn: sqlite3.Connection) -> Iterator[AuditEntry]:
    """Every entry in seq order, read page by page; ``StateError`` on an unreadable entry."""
    for seq, at, kind, subject, payload, prev_hash, digest in _rows(conn):
        body = _payload(payload)
        if body is None:
            raise StateError(f"audit entry {seq} has a malformed payload")
        entry_at = decode_datetime(at)
        yield AuditEntry(seq, entry_at, kind, subject, MappingProxyType(body), prev_hash, digest)


def verify_chain(conn: sqlite3.Connection) -> AuditVerification:
    """Check every entry against its content and its predecessor; stop at the first misfit."""
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for seq, at, kind, subject, payload, stored_prev, digest in _rows(conn):
        count += 1
        body = _payload(payload)
        if seq != expected_seq:
            reason = f"entry {seq} follows entry {expected_seq - 1}: entries are missing"
        elif stored_prev != prev_hash:
            reason = f"prev_hash does not match the hash of entry {seq - 1}"
        elif body is None:
            reason = "payload is not a JSON object"
        elif entry_hash(seq, at, kind, subject, body, stored_prev) != digest:
            reason = "hash does not match the entry's content"
        else:
            expected_seq, prev_hash = seq + 1, digest
            continue
        return AuditVerification(ok=False, entries=count, first_bad_seq=seq, reason=reason)
    return AuditVerification(ok=True, entries=count)


def _rows(conn: sqlite3.Connection) -> Iterator[_Row]:
    # keyset pages rather than one open statement: memory stays flat and no read snapshot
    # is held open between the caller's steps
    after = 0
    while True:
        rows: list[_Row] = conn.execute(
            "SELECT seq, at, kind, subject, payload, prev_hash, hash FROM audit"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, _PAGE),
        ).fetchall()
        yield from rows
        if len(rows) < _PAGE:
            return
        after = rows[-1][0]


def _payload(text: str) -> dict[str, object] | None:
    try:
        body = json.loads(text)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None

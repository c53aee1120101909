"""The append-only audit log: each entry is chained to the one before it by hash.

An entry's hash covers its own content and the previous entry's hash, so altering, removing
or reordering an entry breaks the chain from there on. Removing entries from the end breaks
no link; the head anchored outside the log (``anchors``) shows that. Triggers in the schema
refuse UPDATE and DELETE; the chain and the anchors catch whoever goes around them. The
functions take a connection the caller manages (``append_entry`` needs an open write
transaction, ``verify_chain`` one read snapshot) and let driver errors propagate for
the caller to translate.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from integration.errors import StateError
from integration.state.anchors import Anchor, meta_head, newest_release_anchor, write_meta_head
from integration.state.codec import canonical_json, decode_datetime, encode_datetime
from integration.state.records import AuditEntry, AuditExtent, AuditHead, AuditVerification
from integration.state.sql import Connection

__all__ = [
    "GENESIS_HASH",
    "append_entry",
    "entry_hash",
    "extent",
    "iter_entries",
    "verify_chain",
]

GENESIS_HASH = "0" * 64
_PAGE = 1000
_Row = tuple[int, str, str, str, str, str, str]


def entry_hash(seq: int, at: str, kind: str, subject: str, payload: object, prev_hash: str) -> str:
    """sha256 (hex) of the canonical JSON array ``[seq, at, kind, subject, payload, prev_hash]``."""
    text = canonical_json([seq, at, kind, subject, payload, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append_entry(
    conn: Connection, at: datetime, kind: str, subject: str, payload: Mapping[str, object]
) -> AuditEntry:
    """Append one entry, move the anchored head to it, and return it as read back.

    ``payload`` must be JSON-serialisable (``TypeError``/``ValueError`` otherwise); the hash
    covers the payload as it reads back from JSON, so tuples and lists hash alike.
    """
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    anchored = meta_head(conn)
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    if anchored is not None and (anchored.seq, anchored.hash) != (seq - 1, prev_hash):
        # The log no longer ends where the anchor says (entries cut off or added around
        # freigabe). Chaining on from the anchor keeps that visible to verify_chain for good,
        # as a gap or a broken link, instead of moving the anchor onto the altered log.
        seq, prev_hash = max(seq, anchored.seq + 1), anchored.hash
    at_text = encode_datetime(at)
    payload_text = canonical_json(dict(payload))
    stored = json.loads(payload_text)
    digest = entry_hash(seq, at_text, kind, subject, stored, prev_hash)
    conn.execute(
        "INSERT INTO audit (seq, at, kind, subject, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at_text, kind, subject, payload_text, prev_hash, digest),
    )
    write_meta_head(conn, AuditHead(seq, digest))
    return AuditEntry(
        seq, decode_datetime(at_text), kind, subject, MappingProxyType(stored), prev_hash, digest
    )


def iter_entries(conn: Connection) -> Iterator[AuditEntry]:
    """Every entry in seq order, read page by page; ``StateError`` on an unreadable entry."""
    for seq, at, kind, subject, payload, prev_hash, digest in _rows(conn):
        body = _payload(payload)
        if body is None:
            raise StateError(f"audit entry {seq} has a malformed payload")
        entry_at = decode_datetime(at)
        yield AuditEntry(seq, entry_at, kind, subject, MappingProxyType(body), prev_hash, digest)


def extent(conn: Connection) -> AuditExtent:
    """How many entries there are and the widest seq, kind and subject, in one pass."""
    count, seq, kind, subject = conn.execute(
        "SELECT count(*), coalesce(max(seq), 0), coalesce(max(length(kind)), 0),"
        " coalesce(max(length(subject)), 0) FROM audit"
    ).fetchone()
    return AuditExtent(int(count), len(str(seq)), int(kind), int(subject))


def verify_chain(conn: Connection, outside: Sequence[Anchor] = ()) -> AuditVerification:
    """Check every entry against its content and its predecessor, then the log's end against
    the anchored heads (those in the state, then ``outside``); stop at the first misfit.

    Run it in one read snapshot: a log appended to between reading the anchors and the end
    of the log would look cut off. An ``outside`` head read before the snapshot may lag
    behind the log, never run ahead of it.
    """
    meta = meta_head(conn)
    anchors = [Anchor("the state's meta table", meta)] if meta else []
    if (release := newest_release_anchor(conn)) is not None:
        anchors.append(release)
    anchors.extend(outside)
    wanted = {anchor.head.seq for anchor in anchors}
    seen: dict[int, str] = {}
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for seq, at, kind, subject, payload, stored_prev, digest in _rows(conn):
        count += 1
        if seq in wanted:
            seen[seq] = digest
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
    head = AuditHead(expected_seq - 1, prev_hash) if count else None
    if count and meta is None:
        reason = "the state's meta table holds no head for this log: its anchor was removed"
        return AuditVerification(ok=False, entries=count, reason=reason, head=head)
    for anchor in anchors:
        misfit = _misfit(anchor, head, seen)
        if misfit is not None:
            bad, reason = misfit
            return AuditVerification(False, count, bad, reason, head)
    if meta is not None and head is not None and head.seq > meta.seq:
        reason = (
            f"entries {meta.seq + 1} to {head.seq} follow the head the state's meta table "
            "anchors: they were added around freigabe"
        )
        return AuditVerification(False, count, meta.seq + 1, reason, head)
    return AuditVerification(True, count, head=head, anchors=tuple(a.where for a in anchors))


def _misfit(anchor: Anchor, head: AuditHead | None, seen: dict[int, str]) -> tuple[int, str] | None:
    """The first bad seq and why, when the log does not reach or match ``anchor``."""
    last = head.seq if head else 0
    anchored = anchor.head.seq
    if anchored > last:
        ends = f"the log ends at entry {last}" if last else "the log is empty"
        gone = f"entry {anchored}" if anchored == last + 1 else f"entries {last + 1} to {anchored}"
        verb = "was" if anchored == last + 1 else "were"
        return last + 1, (
            f"{ends}, but {anchor.where} anchors the head at entry {anchored}: {gone} {verb} "
            "removed"
        )
    if seen.get(anchored) != anchor.head.hash:
        return anchored, (
            f"entry {anchored} is not the entry {anchor.where} anchors as the head: the log "
            "was rewritten up to there"
        )
    return None


def _rows(conn: Connection) -> Iterator[_Row]:
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

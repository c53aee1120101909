"""The release process's tables in the state file: rounds, processed fields, pending writes,
release records and notices.

Everything one step of the process changes is written by :meth:`RoundStore.commit_step` in a
single transaction, together with its audit entries, so a crash leaves either all or none of
it; replaying the step finds nothing new to record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from approval.decide import Tally
from approval.documents import DocumentSnapshot
from approval.rounds import VotedVersion, VoteRound
from approval.vocabulary import Choice
from approval.votes import Vote
from integration.state import anchors, audit, queries
from integration.state.codec import (
    canonical_json,
    decode_datetime,
    encode_datetime,
    load_object,
)
from integration.state.store import StateStore
from integration.state.transactions import decoding

__all__ = [
    "AuditRecord",
    "NoticeRecord",
    "OpenRound",
    "PendingWrite",
    "ReleaseRecord",
    "RoundStore",
    "StepRecord",
    "round_from_json",
    "round_to_json",
    "tally_from_json",
    "vote_summary",
]


def round_to_json(r: VoteRound) -> dict[str, Any]:
    """A round as JSON-ready data."""
    return {
        "document_id": r.document_id,
        "number": r.number,
        "version": {"label": r.version.label, "content_hash": r.version.content_hash},
        "opened_at": encode_datetime(r.opened_at),
        "deadline": encode_datetime(r.deadline),
        "lead_org": r.lead_org,
        "votes": {
            org: {"choice": v.choice.value, "voter": v.voter, "cast_at": encode_datetime(v.cast_at)}
            for org, v in sorted(r.votes.items())
        },
    }


def round_from_json(data: Mapping[str, Any]) -> VoteRound:
    """The round :func:`round_to_json` wrote."""
    return VoteRound(
        document_id=data["document_id"],
        number=int(data["number"]),
        version=VotedVersion(data["version"]["label"], data["version"]["content_hash"]),
        opened_at=decode_datetime(data["opened_at"]),
        deadline=decode_datetime(data["deadline"]),
        lead_org=data["lead_org"],
        votes={
            org: Vote(org, Choice(v["choice"]), v["voter"], decode_datetime(v["cast_at"]))
            for org, v in data["votes"].items()
        },
    )


def tally_from_json(data: Mapping[str, Any]) -> Tally:
    """A tally as steps record it (lists of organisation codes, silence as a choice)."""
    silence = data.get("silence_as")
    return Tally(
        approve=tuple(data.get("approve", ())),
        reject=tuple(data.get("reject", ())),
        abstain=tuple(data.get("abstain", ())),
        silent=tuple(data.get("silent", ())),
        silence_as=Choice(silence) if silence else None,
    )


@dataclass(frozen=True, slots=True)
class OpenRound:
    """An open round and the library of its document."""

    library: str
    round: VoteRound


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """An announced field write: its values, and its step as JSON (None for link writes)."""

    values: Mapping[str, str | None]
    step: str | None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    kind: str
    subject: str
    at: datetime
    payload: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    key: str
    kind: str
    at: datetime
    data: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    """A release (or its withdrawal) to store; ``record`` is the published JSON record."""

    round: int
    released_at: datetime
    record: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class StepRecord:
    """Everything one step of the release process changed for one document."""

    library: str
    document_id: str
    processed: Mapping[str, str | None]
    opened: VoteRound | None = None
    updated: VoteRound | None = None
    ended: tuple[tuple[VoteRound, str, datetime], ...] = ()
    releases: tuple[ReleaseRecord, ...] = ()
    withdrawn_at: datetime | None = None
    notices: tuple[NoticeRecord, ...] = ()
    audits: tuple[AuditRecord, ...] = field(default_factory=tuple)
    snapshot: DocumentSnapshot | None = None


# The keys every stored release record carries (enforce writes them; publish reads them).
_RELEASE_KEYS = frozenset(
    {"document_id", "library", "name", "version", "content_hash", "round", "lead_org"}
    | {"released_at", "tally"}
)


class RoundStore:
    """Repository of the release process's tables in a :class:`StateStore`.

    Stored text that does not decode raises ``StateError`` naming the file (see
    :func:`~integration.state.transactions.decoding`).
    """

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def _round(self, document_id: str, text: str) -> VoteRound:
        with decoding(self._store.path, "a vote round", f"document {document_id}"):
            return round_from_json(load_object(text))

    def _fields(self, what: str, document_id: str, text: str) -> dict[str, str | None]:
        with decoding(self._store.path, what, f"document {document_id}"):
            return load_object(text)

    def open_round(self, document_id: str) -> VoteRound | None:
        with self._store.reading() as conn:
            row = conn.execute(
                "SELECT data FROM rounds WHERE document_id = ? AND open = 1", (document_id,)
            ).fetchone()
        return self._round(document_id, row[0]) if row else None

    def last_round(self, document_id: str) -> int:
        with self._store.reading() as conn:
            (number,) = conn.execute(
                "SELECT coalesce(max(number), 0) FROM rounds WHERE document_id = ?",
                (document_id,),
            ).fetchone()
        return int(number)

    def open_rounds(self) -> Iterator[OpenRound]:
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT document_id, library, data FROM rounds WHERE open = 1 ORDER BY document_id"
            ).fetchall()
        for document_id, library, data in rows:
            yield OpenRound(library, self._round(document_id, data))

    def processed(self, document_id: str) -> dict[str, str | None] | None:
        with self._store.reading() as conn:
            row = conn.execute(
                "SELECT fields FROM processed WHERE document_id = ?", (document_id,)
            ).fetchone()
        return self._fields("the processed fields", document_id, row[0]) if row else None

    def pending_write(self, document_id: str) -> PendingWrite | None:
        """The write announced for ``document_id`` and not yet settled, if any."""
        with self._store.reading() as conn:
            row = conn.execute(
                "SELECT fields, step FROM pending_writes WHERE document_id = ?", (document_id,)
            ).fetchone()
        if row is None:
            return None
        return PendingWrite(self._fields("a pending write", document_id, row[0]), row[1])

    def announce_write(
        self,
        library: str,
        document_id: str,
        values: Mapping[str, str | None],
        at: datetime,
        *,
        step: str | None = None,
    ) -> None:
        """Record a field write before it is sent, with its step as JSON (module docstring)."""
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO pending_writes VALUES (?, ?, ?, ?, ?)",
                (document_id, library, canonical_json(dict(values)), encode_datetime(at), step),
            )

    def settle_write(self, document_id: str, values: Mapping[str, str | None]) -> None:
        """A write outside a step went through: its values join the processed fields."""
        with self._store.transaction() as conn:
            row = conn.execute(
                "SELECT fields FROM processed WHERE document_id = ?", (document_id,)
            ).fetchone()
            if row is not None:
                merged = {**self._fields("the processed fields", document_id, row[0]), **values}
                conn.execute(
                    "UPDATE processed SET fields = ? WHERE document_id = ?",
                    (canonical_json(merged), document_id),
                )
            conn.execute("DELETE FROM pending_writes WHERE document_id = ?", (document_id,))

    def drop_write(self, document_id: str) -> None:
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM pending_writes WHERE document_id = ?", (document_id,))

    def releases(self, document_id: str | None = None) -> list[dict[str, Any]]:
        """Release records (newest first), optionally of one document."""
        query = "SELECT document_id, round, record, withdrawn_at FROM releases"
        args: tuple[str, ...] = ()
        if document_id is not None:
            query += " WHERE document_id = ?"
            args = (document_id,)
        with self._store.reading() as conn:
            rows = conn.execute(query + " ORDER BY released_at DESC", args).fetchall()
        return [{**self._release(doc, n, rec), "withdrawn_at": wd} for doc, n, rec, wd in rows]

    def current_releases(self) -> dict[str, dict[str, Any]]:
        """The latest release record of each document that is released and not withdrawn."""
        latest: dict[str, dict[str, Any]] = {}
        for record in self.releases():
            doc = record["document_id"]
            if doc not in latest or record["round"] > latest[doc]["round"]:
                latest[doc] = record
        return {doc: rec for doc, rec in latest.items() if rec.get("withdrawn_at") is None}

    def _release(self, document_id: str, number: int, text: str) -> dict[str, Any]:
        where = f"document {document_id}, round {number}"
        with decoding(self._store.path, "a release record", where):
            record = load_object(text)
            if missing := sorted(_RELEASE_KEYS - record.keys()):
                raise KeyError(", ".join(missing))
        return record

    def record_publication(
        self, document_id: str, round_number: int, *, sha256: str, verified_by: str
    ) -> None:
        """Note in the release record what was published for it: the bytes' SHA-256 and how
        they were known to be the voted content."""
        with self._store.transaction() as conn:
            row = conn.execute(
                "SELECT record FROM releases WHERE document_id = ? AND round = ?",
                (document_id, round_number),
            ).fetchone()
            if row is None:
                return
            stored = self._release(document_id, round_number, row[0])
            record = {**stored, "sha256": sha256, "verified_by": verified_by}
            conn.execute(
                "UPDATE releases SET record = ? WHERE document_id = ? AND round = ?",
                (canonical_json(record), document_id, round_number),
            )

    def notices_after(self, seq: int, limit: int = 500) -> list[tuple[int, NoticeRecord, str, str]]:
        """Notices after ``seq``: (seq, notice, library, document_id)."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT seq, key, kind, at, data, library, document_id FROM notices "
                "WHERE seq > ? ORDER BY seq LIMIT ?",
                (seq, limit),
            ).fetchall()
        return [(s, self._notice(k, kind, at, d), lib, doc) for s, k, kind, at, d, lib, doc in rows]

    def _notice(self, key: str, kind: str, at: str, data: str) -> NoticeRecord:
        with decoding(self._store.path, "a notice", f"key {key}"):
            return NoticeRecord(key, kind, decode_datetime(at), load_object(data))

    def commit_step(self, step: StepRecord) -> int:
        """Write a step atomically; returns the number of audit entries actually added."""
        return self.commit_steps([step])

    def commit_steps(self, steps: Sequence[StepRecord]) -> int:
        """Write several steps in one transaction (a first pass over many documents)."""
        added = 0
        with self._store.transaction() as conn:
            for step in steps:
                added += _write_step(conn, step)
        return added


def _write_step(conn: Any, step: StepRecord) -> int:
    _write_rounds(conn, step)
    if step.snapshot is not None:
        queries.upsert_snapshots(conn, step.library, [step.snapshot])
    conn.execute(
        "INSERT OR REPLACE INTO processed VALUES (?, ?, ?)",
        (step.document_id, step.library, canonical_json(dict(step.processed))),
    )
    conn.execute("DELETE FROM pending_writes WHERE document_id = ?", (step.document_id,))
    fresh = _insert_notices(conn, step)
    added = 0
    if fresh or step.opened or step.updated or step.ended or step.releases:
        for entry in step.audits:
            audit.append_entry(conn, entry.at, entry.kind, entry.subject, entry.payload)
            added += 1
    # after the step's own audit entries: the record anchors the entry of its release too
    head = anchors.meta_head(conn)
    anchor = {"audit_head": head.as_json()} if head else {}
    for rel in step.releases:
        conn.execute(
            "INSERT OR IGNORE INTO releases VALUES (?, ?, ?, ?, NULL, ?)",
            (
                step.document_id,
                rel.round,
                step.library,
                encode_datetime(rel.released_at),
                canonical_json({**rel.record, **anchor}),
            ),
        )
    if step.withdrawn_at is not None:
        conn.execute(
            "UPDATE releases SET withdrawn_at = ? WHERE document_id = ? AND withdrawn_at IS NULL",
            (encode_datetime(step.withdrawn_at), step.document_id),
        )
    return added


def _write_rounds(conn: Any, step: StepRecord) -> None:
    for ended, ending, at in step.ended:
        conn.execute(
            "INSERT INTO rounds VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (document_id, number) "
            "DO UPDATE SET open = 0, ending = excluded.ending, ended_at = excluded.ended_at, "
            "data = excluded.data",
            (
                ended.document_id,
                ended.number,
                step.library,
                ending,
                encode_datetime(at),
                canonical_json(round_to_json(ended)),
            ),
        )
    closed = {r.number for r, _, _ in step.ended}
    for current in (step.opened, step.updated):
        if current is not None and current.number not in closed:
            conn.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, 1, NULL, NULL, ?) "
                "ON CONFLICT (document_id, number) DO UPDATE SET data = excluded.data",
                (
                    current.document_id,
                    current.number,
                    step.library,
                    canonical_json(round_to_json(current)),
                ),
            )


def _insert_notices(conn: Any, step: StepRecord) -> int:
    fresh = 0
    for notice in step.notices:
        cur = conn.execute(
            "INSERT INTO notices (key, library, document_id, kind, at, data) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (
                notice.key,
                step.library,
                step.document_id,
                notice.kind,
                encode_datetime(notice.at),
                canonical_json(dict(notice.data)),
            ),
        )
        fresh += cur.rowcount
    return fresh


def vote_summary(r: VoteRound, organisations: Sequence[str]) -> dict[str, Any]:
    """Each organisation's vote in ``r`` (None: not voted), for release records."""
    return {
        org: (
            {"choice": v.choice.value, "voter": v.voter, "cast_at": encode_datetime(v.cast_at)}
            if (v := r.votes.get(org))
            else None
        )
        for org in organisations
    }

"""The release process's tables in the state file: rounds, processed fields, pending writes,
release records and notices; the state store's ``Ledger`` (``ports.ledger``).

Everything one step of the process changes is written by :meth:`RoundStore.commit_step` in a
single transaction, together with its audit entries, so a crash leaves either all or none of
it; replaying the step finds nothing new to record. The rows hold JSON
(``integration.state.ledger_codec``, ``integration.state.step_codec``); what leaves the store
is typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from approval import EndRound, Notify, RecordAudit, StartRound, UpdateRound, VoteRound, Withdraw
from integration.state import anchors, audit, queries
from integration.state.codec import (
    canonical_json,
    decode_datetime,
    encode_datetime,
    load_object,
)
from integration.state.ledger_codec import (
    notice_from_json,
    notice_to_json,
    release_from_json,
    release_to_json,
    round_from_json,
    round_to_json,
)
from integration.state.sql import Connection
from integration.state.step_codec import decode_step, encode_step
from integration.state.store import StateStore
from integration.state.transactions import decoding
from ports.ledger import (
    OpenRound,
    PendingWrite,
    RecordedNotice,
    RecordedRelease,
    Release,
    Step,
    current_releases,
)

__all__ = ["RoundStore"]

# The keys every stored release record carries (the decoder reads the rest where present).
_RELEASE_KEYS = frozenset(
    {"document_id", "library", "name", "version", "content_hash", "round", "lead_org"}
    | {"released_at", "tally"}
)


class RoundStore:
    """The ``Ledger`` in a :class:`StateStore`: the release process's tables.

    Stored text that does not decode raises ``StateError`` naming the file (see
    :func:`~integration.state.transactions.decoding`).
    """

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def _round(self, document_id: str, text: str) -> VoteRound:
        with decoding(self._store.name, "a vote round", f"document {document_id}"):
            return round_from_json(load_object(text))

    def _fields(self, what: str, document_id: str, text: str) -> dict[str, str | None]:
        with decoding(self._store.name, what, f"document {document_id}"):
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

    def open_rounds(self) -> list[OpenRound]:
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT document_id, library, data FROM rounds WHERE open = 1 ORDER BY document_id"
            ).fetchall()
        return [OpenRound(library, self._round(doc, data)) for doc, library, data in rows]

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
        values = self._fields("a pending write", document_id, row[0])
        step = decode_step(row[1], self._store.name, document_id) if row[1] is not None else None
        return PendingWrite(values, step)

    def announce_write(
        self,
        library: str,
        document_id: str,
        values: Mapping[str, str | None],
        at: datetime,
        *,
        step: Step | None = None,
    ) -> None:
        """Record a field write before it is sent, with its step (see ``jobs.enforce``)."""
        text = encode_step(step) if step is not None else None
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO pending_writes VALUES (?, ?, ?, ?, ?) ON CONFLICT (document_id)"
                " DO UPDATE SET library = excluded.library, fields = excluded.fields,"
                " created_at = excluded.created_at, step = excluded.step",
                (document_id, library, canonical_json(dict(values)), encode_datetime(at), text),
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

    def releases(self, document_id: str | None = None) -> list[RecordedRelease]:
        """Release records (newest first), optionally of one document."""
        query = "SELECT document_id, round, record, withdrawn_at FROM releases"
        args: tuple[str, ...] = ()
        if document_id is not None:
            query += " WHERE document_id = ?"
            args = (document_id,)
        with self._store.reading() as conn:
            rows = conn.execute(query + " ORDER BY released_at DESC", args).fetchall()
        return [self._recorded(doc, n, rec, wd) for doc, n, rec, wd in rows]

    def current_releases(self) -> dict[str, Release]:
        """The latest release record of each document that is released and not withdrawn."""
        return current_releases(self.releases())

    def _recorded(
        self, document_id: str, number: int, text: str, withdrawn_at: str | None
    ) -> RecordedRelease:
        where = f"document {document_id}, round {number}"
        with decoding(self._store.name, "a release record", where):
            release = release_from_json(self._record(text))
            withdrawn = decode_datetime(withdrawn_at) if withdrawn_at is not None else None
        return RecordedRelease(release, withdrawn)

    @staticmethod
    def _record(text: str) -> dict[str, object]:
        record = load_object(text)
        if missing := sorted(_RELEASE_KEYS - record.keys()):
            raise KeyError(", ".join(missing))
        return record

    def record_publication(
        self, document_id: str, round_number: int, *, sha256: str, verified_by: str
    ) -> None:
        """Note in the release record what was published for it: the bytes' SHA-256 and how
        they were known to be the voted content. The rest of the stored record (its audit
        head above all) stays as it is."""
        with self._store.transaction() as conn:
            row = conn.execute(
                "SELECT record FROM releases WHERE document_id = ? AND round = ?",
                (document_id, round_number),
            ).fetchone()
            if row is None:
                return
            where = f"document {document_id}, round {round_number}"
            with decoding(self._store.name, "a release record", where):
                stored = self._record(row[0])
            record = {**stored, "sha256": sha256, "verified_by": verified_by}
            conn.execute(
                "UPDATE releases SET record = ? WHERE document_id = ? AND round = ?",
                (canonical_json(record), document_id, round_number),
            )

    def notices_after(self, seq: int, limit: int = 500) -> list[RecordedNotice]:
        """Notices after ``seq``, oldest first."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT seq, key, library, data FROM notices WHERE seq > ? ORDER BY seq LIMIT ?",
                (seq, limit),
            ).fetchall()
        return [
            RecordedNotice(s, library, self._notice(key, data)) for s, key, library, data in rows
        ]

    def _notice(self, key: str, data: str) -> Notify:
        with decoding(self._store.name, "a notice", f"key {key}"):
            return notice_from_json(load_object(data))

    def commit_step(self, step: Step) -> int:
        """Write a step atomically; returns the number of audit entries actually added."""
        return self.commit_steps([step])

    def commit_steps(self, steps: Sequence[Step]) -> int:
        """Write several steps in one transaction (a first pass over many documents)."""
        added = 0
        with self._store.transaction() as conn:
            for step in steps:
                added += _write_step(conn, step)
        return added


def _write_step(conn: Connection, step: Step) -> int:
    _write_rounds(conn, step)
    if step.snapshot is not None:
        queries.upsert_snapshots(conn, step.library, [step.snapshot])
    conn.execute(
        "INSERT INTO processed VALUES (?, ?, ?) ON CONFLICT (document_id)"
        " DO UPDATE SET library = excluded.library, fields = excluded.fields",
        (step.document_id, step.library, canonical_json(dict(step.processed))),
    )
    conn.execute("DELETE FROM pending_writes WHERE document_id = ?", (step.document_id,))
    fresh = _insert_notices(conn, step)
    changed = any(
        isinstance(e, StartRound | UpdateRound | EndRound | Release) for e in step.effects
    )
    added = 0
    if fresh or changed:
        for entry in step.effects:
            if isinstance(entry, RecordAudit):
                payload = {"actor": entry.actor, **dict(entry.details)}
                audit.append_entry(conn, entry.at, entry.event, entry.document_id, payload)
                added += 1
    # after the step's own audit entries: the record anchors the entry of its release too
    head = anchors.meta_head(conn)
    anchor = {"audit_head": head.as_json()} if head else {}
    for release in step.effects:
        if isinstance(release, Release):
            conn.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?, NULL, ?)"
                " ON CONFLICT (document_id, round) DO NOTHING",
                (
                    step.document_id,
                    release.round,
                    step.library,
                    encode_datetime(release.released_at),
                    canonical_json({**release_to_json(release), **anchor}),
                ),
            )
    for withdrawal in step.effects:
        if isinstance(withdrawal, Withdraw):
            conn.execute(
                "UPDATE releases SET withdrawn_at = ?"
                " WHERE document_id = ? AND withdrawn_at IS NULL",
                (encode_datetime(withdrawal.at), step.document_id),
            )
    return added


def _write_rounds(conn: Connection, step: Step) -> None:
    ended = [e for e in step.effects if isinstance(e, EndRound)]
    for end in ended:
        conn.execute(
            "INSERT INTO rounds VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (document_id, number) "
            "DO UPDATE SET open = 0, ending = excluded.ending, ended_at = excluded.ended_at, "
            "data = excluded.data",
            (
                end.round.document_id,
                end.round.number,
                step.library,
                end.ending.value,
                encode_datetime(end.at),
                canonical_json(round_to_json(end.round)),
            ),
        )
    closed = {end.round.number for end in ended}
    for e in step.effects:
        if isinstance(e, StartRound | UpdateRound) and e.round.number not in closed:
            conn.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, 1, NULL, NULL, ?) "
                "ON CONFLICT (document_id, number) DO UPDATE SET data = excluded.data",
                (
                    e.round.document_id,
                    e.round.number,
                    step.library,
                    canonical_json(round_to_json(e.round)),
                ),
            )


def _insert_notices(conn: Connection, step: Step) -> int:
    fresh = 0
    for notice in step.effects:
        if not isinstance(notice, Notify):
            continue
        cur = conn.execute(
            "INSERT INTO notices (key, library, document_id, kind, at, data) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (
                notice.key,
                step.library,
                step.document_id,
                notice.kind.value,
                encode_datetime(notice.at),
                canonical_json(notice_to_json(notice)),
            ),
        )
        fresh += cur.rowcount
    return fresh

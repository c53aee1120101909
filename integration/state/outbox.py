"""The notification outbox: every card or mail to send, once, kept until it is delivered.

Life of an entry: ``enqueue`` (pending; a key seen before is ignored, so a replayed or
resynced event adds nothing) → ``begin_attempt`` (sending, committed *before* the request
leaves) → ``mark_sent``, ``mark_retry`` (pending again, at ``next_at``) or ``mark_failed``
(kept and reported, never dropped).

At-least-once window: when the process dies between the request and ``mark_sent``, the entry
stays ``sending``. Nothing on this side can tell whether the receiver got it, so once
``in_flight_timeout`` has passed (longer than any request may take), ``due`` offers it again
with ``in_doubt`` set: a notification is never lost, and it is duplicated only if the crash
fell into that one request. Every payload carries its key (the card's ``id``) so a receiver
that remembers keys drops the second copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from integration.state.codec import load_object
from integration.state.store import StateStore
from integration.state.transactions import decoding
from ports.outbox import OutboxEntry

__all__ = ["Outbox", "OutboxCounts", "OutboxFailure"]

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_BEGIN = (
    "UPDATE outbox SET state = 'sending', attempts = attempts + 1, sending_since = ? WHERE key = ?"
)
_SENT = "UPDATE outbox SET state = 'sent', done_at = ?, sending_since = NULL WHERE key = ?"
_RETRY = (
    "UPDATE outbox SET state = 'pending', next_at = ?, last_error = ?, sending_since = NULL"
    " WHERE key = ?"
)
_FAILED = (
    "UPDATE outbox SET state = 'failed', done_at = ?, last_error = ?, sending_since = NULL"
    " WHERE key = ?"
)


def _stamp(at: datetime) -> str:
    if at.utcoffset() is None:
        raise ValueError("outbox times must be timezone-aware")
    return at.astimezone(UTC).strftime(_STAMP)


def _instant(text: str) -> datetime:
    return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many entries are in each state (for ``freigabe status`` and the metrics)."""

    pending: int
    sending: int
    sent: int
    failed: int


@dataclass(frozen=True, slots=True)
class OutboxFailure:
    """A notification given up on: what, where, after how many tries, and why."""

    key: str
    channel: str
    kind: str
    attempts: int
    failed_at: datetime
    error: str


class Outbox:
    """The outbox table of a state store; each method is one short transaction."""

    def __init__(
        self, store: StateStore, *, in_flight_timeout: timedelta = timedelta(minutes=2)
    ) -> None:
        self._store = store
        self._in_flight_timeout = in_flight_timeout

    def enqueue(
        self, key: str, channel: str, kind: str, payload: Mapping[str, Any], now: datetime
    ) -> bool:
        """Add a notification, due at once; False (and nothing changes) when ``key`` exists."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        with self._store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO outbox (key, channel, kind, payload, state, created_at, next_at)"
                " VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING",
                (key, channel, kind, body, _stamp(now), _stamp(now)),
            )
            return cursor.rowcount == 1

    def due(self, now: datetime, limit: int = 50) -> list[OutboxEntry]:
        """Up to ``limit`` entries to send at ``now``, oldest first.

        Pending ones whose time has come, and ``sending`` ones older than the in-flight
        timeout (their process died mid-request; ``in_doubt`` is set).
        """
        stale = _stamp(now - self._in_flight_timeout)
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT key, channel, kind, payload, attempts, created_at, state FROM outbox"
                " WHERE (state = 'pending' AND next_at <= ?)"
                " OR (state = 'sending' AND sending_since <= ?)"
                " ORDER BY seq LIMIT ?",
                (_stamp(now), stale, limit),
            ).fetchall()
        return [self._entry(*row) for row in rows]

    def _entry(
        self,
        key: str,
        channel: str,
        kind: str,
        payload: str,
        attempts: int,
        created: str,
        state: str,
    ) -> OutboxEntry:
        with decoding(self._store.name, "an outbox entry", f"key {key}"):
            body = load_object(payload)
            return OutboxEntry(
                key, channel, kind, body, attempts, _instant(created), state == "sending"
            )

    def begin_attempt(self, key: str, now: datetime) -> None:
        """Record that a request for ``key`` is about to leave (before it does)."""
        self._update(_BEGIN, (_stamp(now), key))

    def mark_sent(self, key: str, now: datetime) -> None:
        """The receiver accepted ``key``; it is never sent again."""
        self._update(_SENT, (_stamp(now), key))

    def mark_retry(self, key: str, next_at: datetime, error: str) -> None:
        """The attempt failed for now; try ``key`` again at ``next_at``."""
        self._update(_RETRY, (_stamp(next_at), error, key))

    def mark_failed(self, key: str, now: datetime, error: str) -> None:
        """Give up on ``key``: it stays recorded as failed with ``error``."""
        self._update(_FAILED, (_stamp(now), error, key))

    def _update(self, statement: str, values: tuple[str, ...]) -> None:
        with self._store.transaction() as conn:
            if conn.execute(statement, values).rowcount != 1:
                raise KeyError(f"no outbox entry {values[-1]!r}")

    def counts(self) -> OutboxCounts:
        """Entries per state."""
        with self._store.reading() as conn:
            found = dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
        return OutboxCounts(
            *(int(found.get(state, 0)) for state in ("pending", "sending", "sent", "failed"))
        )

    def failures(self, limit: int = 100) -> list[OutboxFailure]:
        """The entries given up on, newest first."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT key, channel, kind, attempts, done_at, last_error FROM outbox"
                " WHERE state = 'failed' ORDER BY done_at DESC, seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        found = []
        for key, channel, kind, attempts, done, error in rows:
            with decoding(self._store.name, "an outbox entry", f"key {key}"):
                found.append(
                    OutboxFailure(key, channel, kind, attempts, _instant(done), error or "")
                )
        return found

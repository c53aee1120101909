"""The notification outbox as the Teams adapter uses it: queue a message, deliver what is due.

The state store's ``Outbox`` implements both Protocols; its module tells the life of an entry
and the at-least-once window that ``OutboxEntry.in_doubt`` marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

__all__ = ["OutboxEntry", "OutboxIntake", "OutboxQueue"]


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A notification to send now.

    Attributes:
        key: its idempotency key.
        channel: where it goes (``teams:<webhook key>``, ``mail:<address>``).
        kind: what it is about (a notice kind, ``reminder``, ``digest``).
        payload: the message as it is sent.
        attempts: requests made for it so far.
        created_at: when it was enqueued.
        in_doubt: an earlier attempt may have reached the receiver: its process died
            between the request and recording the answer.
    """

    key: str
    channel: str
    kind: str
    payload: Mapping[str, object]
    attempts: int
    created_at: datetime
    in_doubt: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))


class OutboxIntake(Protocol):
    """Where notifications are queued."""

    def enqueue(
        self, key: str, channel: str, kind: str, payload: Mapping[str, object], now: datetime
    ) -> bool:
        """Add a notification, due at once; False (and nothing changes) when ``key`` exists."""
        ...


class OutboxQueue(Protocol):
    """What delivery reads and records: each method is one short transaction."""

    def due(self, now: datetime, limit: int) -> Sequence[OutboxEntry]:
        """Up to ``limit`` entries to send at ``now``, oldest first."""
        ...

    def begin_attempt(self, key: str, now: datetime) -> None:
        """Record that a request for ``key`` is about to leave (before it does)."""
        ...

    def mark_sent(self, key: str, now: datetime) -> None:
        """The receiver accepted ``key``; it is never sent again."""
        ...

    def mark_retry(self, key: str, next_at: datetime, error: str) -> None:
        """The attempt failed for now; try ``key`` again at ``next_at``."""
        ...

    def mark_failed(self, key: str, now: datetime, error: str) -> None:
        """Give up on ``key``: it stays recorded as failed with ``error``."""
        ...

"""Sending what the outbox holds: the one retry layer of notifications.

Each entry is recorded as being sent before its request leaves, then marked by the answer:
sent; to retry later (exponential backoff with jitter, never earlier than the receiver's
``Retry-After`` up to the backoff's cap); or, refused for good or out of attempts, failed
(recorded and reported, never dropped). A channel that pushes back is left alone for the
rest of the run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from integration.errors import DeliveryFailed, DeliveryRetryable
from integration.teams.notifier import Notifier
from ports.outbox import OutboxEntry, OutboxQueue

__all__ = ["Backoff", "DeliveryReport", "deliver_due"]

log = structlog.get_logger("freigabe.teams")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Waits between attempts: ``base * factor**(attempt - 1)``, capped, spread by ``jitter``.

    Attributes:
        base: seconds before the second attempt.
        factor: growth per attempt.
        cap: the longest wait in seconds.
        jitter: the wait varies by up to this fraction either way, so that many entries
            failed at once do not come back at once.
    """

    base: float = 30.0
    factor: float = 2.0
    cap: float = 3600.0
    jitter: float = 0.25

    def __post_init__(self) -> None:
        if self.base <= 0 or self.factor < 1 or self.cap < self.base:
            raise ValueError("backoff needs base > 0, factor >= 1 and cap >= base")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter is a fraction in [0, 1)")

    def delay(self, attempt: int, retry_after: float | None, rand: Callable[[], float]) -> float:
        """Seconds to wait after failed ``attempt`` (1-based); ``rand()`` is in [0, 1).

        A ``retry_after`` beyond ``cap`` counts as ``cap``: the next attempt must stay a time
        the outbox can store, and a receiver asking for days is tried again within the cap.
        """
        raw = min(self.cap, self.base * self.factor ** (attempt - 1))
        wait = raw * (1 - self.jitter + 2 * self.jitter * rand())
        return max(wait, min(retry_after, self.cap)) if retry_after is not None else wait


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one run did: delivered, rescheduled, given up, and left for a pushed-back channel."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0


async def deliver_due(
    outbox: OutboxQueue,
    notifier: Notifier,
    now: datetime,
    *,
    max_attempts: int,
    backoff: Backoff,
    limit: int = 50,
    rand: Callable[[], float] = random.random,
) -> DeliveryReport:
    """Send up to ``limit`` due entries, oldest first, and record each outcome."""
    counts = {"sent": 0, "retried": 0, "failed": 0, "deferred": 0}
    pushed_back: set[str] = set()
    for entry in outbox.due(now, limit):
        if entry.channel in pushed_back:
            counts["deferred"] += 1
            continue
        outcome = await _attempt(outbox, notifier, entry, now, max_attempts, backoff, rand)
        if outcome == "retried":
            pushed_back.add(entry.channel)
        counts[outcome] += 1
    return DeliveryReport(**counts)


async def _attempt(
    outbox: OutboxQueue,
    notifier: Notifier,
    entry: OutboxEntry,
    now: datetime,
    max_attempts: int,
    backoff: Backoff,
    rand: Callable[[], float],
) -> str:
    attempt = entry.attempts + 1
    fields = {"key": entry.key, "channel": entry.channel, "kind": entry.kind, "attempt": attempt}
    if entry.in_doubt:
        # the last process died mid-request: the receiver may have this one already
        log.warning("outbox.resending_in_doubt", **fields)
    outbox.begin_attempt(entry.key, now)
    try:
        await notifier.send(entry.channel, entry.payload)
    except DeliveryRetryable as err:
        if attempt >= max_attempts:
            outbox.mark_failed(entry.key, now, f"{err} (after {attempt} attempts)")
            log.error("outbox.failed", error=str(err), **fields)
            return "failed"
        wait = backoff.delay(attempt, err.retry_after, rand)
        outbox.mark_retry(entry.key, now + timedelta(seconds=wait), str(err))
        log.warning("outbox.retry_scheduled", error=str(err), wait=round(wait, 1), **fields)
        return "retried"
    except DeliveryFailed as err:
        outbox.mark_failed(entry.key, now, str(err))
        log.error("outbox.failed", error=str(err), **fields)
        return "failed"
    outbox.mark_sent(entry.key, now)
    log.info("outbox.delivered", **fields)
    return "sent"

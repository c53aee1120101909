"""The sync job: one whole cycle (watch → enforce → publish → notify), then the gauges."""

from __future__ import annotations

from integration.state.problems import ProblemStore
from jobs.runtime import Runtime
from jobs.worker.metrics import Metrics

__all__ = ["SYNC_JOB", "sync_pass"]

SYNC_JOB = "sync"
"""The job whose last success ``/readyz`` watches."""


async def sync_pass(rt: Runtime, metrics: Metrics) -> None:
    """One cycle as ``freigabe once`` runs it; each stage checkpoints its own progress."""
    full = await rt.cycle()
    open_rounds = sum(1 for _ in rt.ledger.open_rounds())
    metrics.sync_done(events=full.sync.event_count, open_rounds=open_rounds)
    metrics.stuck({s.value: n for s, n in ProblemStore(rt.store).counts().items()})
    waiting = rt.notify.outbox.counts()
    metrics.outbox(depth=waiting.pending + waiting.sending, failed=full.notify.delivery.failed)

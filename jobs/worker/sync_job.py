"""The sync job: one cycle over every library, then the release process on what it saw."""

from __future__ import annotations

from integration.state.rounds import RoundStore
from jobs.runtime import Runtime
from jobs.worker.metrics import Metrics

__all__ = ["SYNC_JOB", "sync_pass"]

SYNC_JOB = "sync"
"""The job whose last success ``/readyz`` watches."""


async def sync_pass(rt: Runtime, metrics: Metrics) -> None:
    """Sync, then enforce; each checkpoints its own progress in the state store."""
    report = await rt.watcher.cycle()
    await rt.enforcer.run()
    open_rounds = sum(1 for _ in RoundStore(rt.store).open_rounds())
    metrics.sync_done(events=len(report.events), open_rounds=open_rounds)

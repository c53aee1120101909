"""The jobs ``freigabe run`` schedules: one :class:`WorkerJob` line each.

A further job is a coroutine function ``async def x_pass(rt: Runtime, metrics: Metrics) ->
None`` (fetch → decide → apply → checkpoint, raising ``FreigabeError`` on failure) and one
more entry below, e.g. with ``CronTrigger(hour=8, timezone=tz)`` for a daily digest.
"""

from __future__ import annotations

from functools import partial

from apscheduler.triggers.interval import IntervalTrigger

from jobs.runtime import Runtime
from jobs.worker.jobs import WorkerJob
from jobs.worker.metrics import Metrics
from jobs.worker.sync_job import SYNC_JOB, sync_pass

__all__ = ["worker_jobs"]


def worker_jobs(rt: Runtime, metrics: Metrics) -> tuple[WorkerJob, ...]:
    """Every job of the worker, built for one runtime."""
    poll = rt.settings.poll_interval_seconds
    return (
        WorkerJob(
            SYNC_JOB, IntervalTrigger(seconds=poll), partial(sync_pass, rt, metrics), at_start=True
        ),
    )

"""The APScheduler 3 ``AsyncIOScheduler`` that runs the worker's jobs, and how it stops."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from jobs.worker.jobs import JobRunner, WorkerJob

__all__ = ["start_scheduler", "stop_scheduler"]


def start_scheduler(
    jobs: Iterable[WorkerJob], runner: JobRunner, *, timezone: tzinfo
) -> AsyncIOScheduler:
    """Schedule ``jobs`` on the running loop; triggers without a zone of their own use ``timezone``.

    A job never overlaps itself, and runs it missed while busy are folded into one.
    """
    scheduler = AsyncIOScheduler(timezone=timezone)
    for job in jobs:
        first: dict[str, Any] = {"next_run_time": datetime.now(timezone)} if job.at_start else {}
        scheduler.add_job(
            runner.runnable(job),
            job.trigger,
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            **first,
        )
    scheduler.start()
    return scheduler


async def stop_scheduler(
    scheduler: AsyncIOScheduler, runner: JobRunner, *, grace_seconds: float
) -> bool:
    """Start nothing new, let the runs in flight finish (cancelled after ``grace_seconds``).

    Returns whether every run finished by itself.
    """
    scheduler.pause()
    # a run the scheduler submitted a moment ago starts on the loop's next turn: let it register
    await asyncio.sleep(0)
    finished = await runner.drain(grace_seconds)
    scheduler.shutdown(wait=False)
    await asyncio.sleep(0)  # the asyncio scheduler shuts down on the loop's next turn
    return finished

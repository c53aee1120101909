"""The worker's jobs and what runs them: outcome, state-change logs, a bounded drain.

A job is one pass of fetch → decide → apply → checkpoint that raises a ``FreigabeError`` when
it cannot finish. The runner remembers each job's last success and last error and logs only
when a job starts failing or recovers (as home-assistant's DataUpdateCoordinator does), so a
Graph outage is one warning, not one per interval.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from integration.errors import FreigabeError
from jobs.worker.failures import failure_kind
from jobs.worker.metrics import Metrics
from ports.clock import Clock

__all__ = ["JobRunner", "JobState", "WorkerJob"]

log = structlog.get_logger("freigabe.worker")


@dataclass(frozen=True, slots=True)
class WorkerJob:
    """A job the worker schedules.

    Attributes:
        name: stable name: the scheduler's job id, the ``job`` of logs and metrics.
        trigger: when it runs, an APScheduler 3 trigger (``IntervalTrigger``, ``CronTrigger``).
        run: one pass; raises ``FreigabeError`` when it fails, is safe to cancel at any await.
        at_start: also run once as soon as the worker starts.
    """

    name: str
    trigger: Any  # apscheduler ships no type information
    run: Callable[[], Awaitable[None]]
    at_start: bool = False


@dataclass(slots=True)
class JobState:
    """What the runner knows about one job; updated after every run.

    Attributes:
        last_success: when a run last ended without error (None: never).
        last_error: the message of the last failure, cleared by a success; for the log only,
            it may name hosts, paths or worse.
        last_failure: the kind of the last failure (:data:`jobs.worker.failures.FAILURES`),
            cleared by a success; safe to show.
        failures: failed runs since the last success.
    """

    last_success: datetime | None = None
    last_error: str | None = None
    last_failure: str | None = None
    failures: int = 0


class JobRunner:
    """Runs jobs for the scheduler and knows which runs are in flight."""

    def __init__(self, metrics: Metrics, clock: Clock) -> None:
        self._metrics = metrics
        self._clock = clock
        self._states: dict[str, JobState] = {}
        self._running: set[asyncio.Task[Any]] = set()
        self._cut_off: set[asyncio.Task[Any]] = set()

    def state(self, name: str) -> JobState:
        """The state of job ``name`` (a fresh one before its first run)."""
        return self._states.setdefault(name, JobState())

    def runnable(self, job: WorkerJob) -> Callable[[], Awaitable[None]]:
        """The coroutine function the scheduler calls for ``job``."""
        return functools.partial(self.run, job)

    async def run(self, job: WorkerJob) -> None:
        """Run ``job`` once and record the outcome; raises only when cancelled from outside."""
        task = asyncio.current_task()
        assert task is not None  # called from a coroutine
        self._running.add(task)
        try:
            with structlog.contextvars.bound_contextvars(job=job.name):
                await job.run()
        except asyncio.CancelledError:
            if task not in self._cut_off:
                raise
            # cut off by drain(): expected at shutdown, and the scheduler would log a traceback
            log.warning("worker.job_cancelled", job=job.name)
        except FreigabeError as err:
            self._failed(job.name, str(err), err, bug=False)
        except Exception as err:
            # a bug, not an outage: keep the traceback, keep the worker running
            self._failed(job.name, f"{type(err).__name__}: {err}", err, bug=True)
        else:
            self._succeeded(job.name)
        finally:
            self._running.discard(task)

    def _succeeded(self, name: str) -> None:
        state = self.state(name)
        now = self._clock()
        if state.failures:
            log.info("worker.job_recovered", job=name, failed_runs=state.failures)
        state.last_success, state.last_error, state.last_failure = now, None, None
        state.failures = 0
        self._metrics.job_finished(name, ok=True, at=now)

    def _failed(self, name: str, message: str, err: Exception, *, bug: bool) -> None:
        state = self.state(name)
        kind = failure_kind(err)
        if not state.failures:
            trace = err if bug else None
            log.warning("worker.job_failing", job=name, failure=kind, error=message, exc_info=trace)
        state.last_error = message
        state.last_failure = kind
        state.failures += 1
        self._metrics.job_finished(name, ok=False, at=self._clock())

    async def drain(self, grace_seconds: float) -> bool:
        """Wait for the runs in flight; cancel what still runs after ``grace_seconds``.

        Returns whether every run finished by itself.
        """
        running = set(self._running)
        if not running:
            return True
        _, late = await asyncio.wait(running, timeout=grace_seconds)
        for task in late:
            self._cut_off.add(task)
            task.cancel()
        if late:
            log.warning("worker.grace_exceeded", cancelled=len(late), grace_seconds=grace_seconds)
            await asyncio.wait(late)
        return not late

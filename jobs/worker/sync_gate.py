"""One sync at a time, whether the schedule starts it or a change notification asks for it.

The scheduler's sync job runs through :meth:`SyncGate.run`. A change notification calls
:meth:`SyncGate.request`: a sync starts at once, or right after the one that is running,
since that one may have read its delta before the change. Requests that arrive before that
extra run has started fold into it, so a burst of notifications costs one sync. Jobs that
resolve libraries or write the state store beside the sync (the subscription renewal) hold
:meth:`SyncGate.exclusive` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from jobs.worker.jobs import JobRunner, WorkerJob

__all__ = ["SyncGate"]


class SyncGate:
    """Serialises the sync runs and starts one on request."""

    def __init__(
        self,
        runner: JobRunner,
        name: str,
        sync: Callable[[], Awaitable[None]],
        *,
        stopping: Callable[[], bool],
    ) -> None:
        """``sync`` is one pass; runs on request are recorded under job ``name`` by ``runner``.

        No run is requested once ``stopping()`` is true: the worker is draining.
        """
        self._runner = runner
        self._sync = sync
        self._stopping = stopping
        self._lock = asyncio.Lock()
        self._queued = False
        self._tasks: set[asyncio.Task[None]] = set()
        # run by the gate itself, never by the scheduler: it has no trigger
        self._requested = WorkerJob(name, None, self._run_requested)

    async def run(self) -> None:
        """One sync, once no other sync runs (the scheduled job's pass)."""
        async with self._lock:
            await self._sync()

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Hold off every sync while the block runs."""
        async with self._lock:
            yield

    def request(self) -> bool:
        """Ask for a sync as soon as possible; False when it was refused or is already asked.

        Returns at once; the sync runs in a task of its own.
        """
        if self._queued or self._stopping():
            return False
        self._queued = True
        task = asyncio.get_running_loop().create_task(self._runner.run(self._requested))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def _run_requested(self) -> None:
        async with self._lock:
            # from here on, a new request may have come after this run's delta read
            self._queued = False
            await self._sync()

"""Which replica runs the jobs: the leader; the others stand by and keep serving the port.

Any number of ``freigabe run`` may share one PostgreSQL database; the state store's leader
lock picks one (``integration.state.postgres``). The leader runs the scheduler and confirms
its lock every ``interval``; when that fails (its connection was lost, and with it the lock)
it stops its jobs and stands by. A standby tries the lock every ``interval``, and at once
when a leader resigns, so a leader that dies is replaced within ``interval`` of the server
seeing its connection close, and one that stops (SIGTERM) at once. A change notification a
standby receives is passed on to the leader. With a state file the one process leads from
the start (the file's lock is the election).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager

import structlog

from integration.errors import StateError
from integration.state import StateStore
from integration.state.postgres_notices import DatabaseNotices
from jobs.worker.metrics import Metrics

__all__ = ["ROLES", "Leadership"]

log = structlog.get_logger("freigabe.worker")

ROLES = ("leader", "standby")


async def _first(events: Sequence[asyncio.Event], seconds: float) -> None:
    """Return when one of ``events`` is set, or after ``seconds``."""
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


class Leadership:
    """This replica's role, and the loop that changes it."""

    def __init__(self, store: StateStore, metrics: Metrics, *, interval: float) -> None:
        self._store = store
        self._metrics = metrics
        self._interval = interval
        self._notices: DatabaseNotices | None = None
        self._failing = False
        self.role = "standby"

    @property
    def leads(self) -> bool:
        """Whether this replica runs the jobs now."""
        return self.role == "leader"

    def wake_leader(self) -> bool:
        """Pass a change notification on to the leader; False when the database is unreachable."""
        try:
            self._store.wake_leader()
        except StateError as err:
            log.warning("worker.wake_failed", error=str(err))
            return False
        return True

    async def serve(
        self,
        stop: asyncio.Event,
        lead: Callable[[], AbstractAsyncContextManager[None]],
        on_wake: Callable[[], object],
    ) -> bool:
        """Until ``stop`` is set: lead inside ``lead()`` while holding the lock, else stand by.

        ``on_wake`` is called on the leader for each change a standby passed on. At the end
        the lock is released and the standbys told, after ``lead()`` has let its runs finish.
        Returns whether this replica was leading when ``stop`` came.
        """
        notices = self._store.notices()
        async with notices if notices is not None else contextlib.nullcontext():
            self._notices = notices
            try:
                while not stop.is_set():
                    if self._try_lead():
                        if await self._lead(stop, lead, on_wake):
                            return True
                        continue
                    await self._stand_by(stop)
                return False
            finally:
                self._store.resign()

    def _try_lead(self) -> bool:
        try:
            won = self._store.try_lead()
        except StateError as err:
            if not self._failing:
                log.warning("worker.election_failing", error=str(err))
            self._failing = True
            return False
        if self._failing:
            log.info("worker.election_recovered")
        self._failing = False
        return won

    async def _lead(
        self,
        stop: asyncio.Event,
        lead: Callable[[], AbstractAsyncContextManager[None]],
        on_wake: Callable[[], object],
    ) -> bool:
        """Lead until stopped (True) or the lock is lost (False)."""
        self.role = "leader"
        self._metrics.leading(True)
        log.info("worker.leading")
        try:
            async with lead():
                kept = await self._hold(stop, on_wake)
        finally:
            self.role = "standby"
            self._metrics.leading(False)
        if not kept:
            log.warning("worker.leadership_lost")
        return kept

    async def _hold(self, stop: asyncio.Event, on_wake: Callable[[], object]) -> bool:
        wake = self._notices.wake if self._notices is not None else None
        while True:
            await _first([stop] if wake is None else [stop, wake], self._interval)
            if stop.is_set():
                return True
            if wake is not None and wake.is_set():
                wake.clear()
                on_wake()
            if not self._store.leading():
                return False

    async def _stand_by(self, stop: asyncio.Event) -> None:
        released = self._notices.released if self._notices is not None else None
        await _first([stop] if released is None else [stop, released], self._interval)
        if released is not None:
            released.clear()

"""What the replicas tell each other through PostgreSQL: a leader resigned, a change came in.

``LISTEN`` needs a connection that waits, so it has one of its own, asynchronous, beside the
store's (https://www.postgresql.org/docs/current/sql-listen.html; psycopg's
``AsyncConnection.notifies``). A notice only hastens what the replicas' periodic checks
would do anyway, so one lost while the connection is down costs time, not work; after a
reconnect both events are set, as something may have been missed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from typing import Any, Self

import psycopg
import structlog

from integration.state.postgres import (
    LEADER_CHANNEL,
    WAKE_CHANNEL,
    DatabaseLogin,
    masked_url,
)

__all__ = ["DatabaseNotices"]

log = structlog.get_logger("freigabe.state")

_CONNECT_TIMEOUT_SECONDS = 10
_PAUSE_SECONDS = 5.0


class DatabaseNotices:
    """Listens on both channels while entered; ``released`` and ``wake`` are set on a notice.

    The waiter clears the event it consumed.
    """

    def __init__(self, login: DatabaseLogin) -> None:
        self._login = login
        self.released = asyncio.Event()
        self.wake = asyncio.Event()
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        self._task = asyncio.get_running_loop().create_task(self._listen())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        extra: dict[str, Any] = dict(self._login.options)
        if self._login.password is not None:
            extra["password"] = self._login.password
        return await psycopg.AsyncConnection.connect(
            self._login.url,
            autocommit=True,
            connect_timeout=_CONNECT_TIMEOUT_SECONDS,
            application_name="freigabe-notices",
            **extra,
        )

    async def _listen(self) -> None:
        events = {LEADER_CHANNEL: self.released, WAKE_CHANNEL: self.wake}
        lost = False
        while True:
            try:
                async with await self._connect() as conn:
                    await conn.execute(f"LISTEN {LEADER_CHANNEL}; LISTEN {WAKE_CHANNEL}")
                    self.listening.set()
                    if lost:
                        log.info("state.notices_back", database=masked_url(self._login.url))
                        for event in events.values():
                            event.set()
                        lost = False
                    async for notice in conn.notifies():
                        events[notice.channel].set()
            except psycopg.Error as err:
                self.listening.clear()
                if not lost:
                    log.warning(
                        "state.notices_lost",
                        database=masked_url(self._login.url),
                        error=str(err),
                    )
                lost = True
            await asyncio.sleep(_PAUSE_SECONDS)

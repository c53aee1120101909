"""Riding out throttling: 429/503/504 are sent again after their Retry-After, within a budget.

SharePoint throttles in storms: many consecutive 429 and 503 answers, each with a Retry-After
(Microsoft Learn, "Avoid getting throttled or blocked in SharePoint Online"). The SDK's retry
middleware gives up after at most 10 retries and skips any Retry-After of 180 s or more, so
a storm used to fail the whole cycle although waiting would have worked. This module is the
one retry layer for Graph's HTTP answers (the SDK's own is switched off in ``client.py``):

- it sits on the wire, below the SDK and above the observed transport, so every throttled
  round trip is still counted in the metrics;
- it waits exactly what Retry-After asks (seconds or an HTTP date), or an exponential backoff
  with jitter when Graph names no wait;
- it gives up, handing the last answer to the SDK (which raises ``Throttled``), only when the
  wait would overdraw the cycle's time budget or one request was retried ``max_retries``
  times. A cycle that gives up loses nothing: its checkpoints hold and the next cycle
  continues from them.

Throttled requests inside a ``$batch`` answer 200 outside; ``batch.py`` waits for them with
the same budget. Requests made inside ``single_try()`` are sent once whatever the answer:
their retries belong to another layer (a mail's to the outbox, which waits out the
Retry-After ``Throttled`` carries), and two layers would multiply the attempts.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

import httpx
import structlog

from integration.retry_after import parse_retry_after

__all__ = [
    "RETRYABLE",
    "Sleep",
    "ThrottleBudget",
    "ThrottledTransport",
    "retry_after_seconds",
    "single_try",
]

RETRYABLE = frozenset({429, 503, 504})
_BACKOFF_FIRST = 1.0
_BACKOFF_LONGEST = 60.0

Sleep = Callable[[float], Awaitable[None]]

log = structlog.get_logger("freigabe.graph")

# A context variable, not a request option: kiota strips its options before the wire.
_RESEND: ContextVar[bool] = ContextVar("freigabe_graph_resend", default=True)


@contextmanager
def single_try() -> Iterator[None]:
    """Send the Graph requests made inside once, whatever Graph answers (module docstring)."""
    token = _RESEND.set(False)
    try:
        yield
    finally:
        _RESEND.reset(token)


def retry_after_seconds(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds; None when absent or unreadable.

    Both forms of RFC 9110 are read: delay-seconds and an HTTP date (a date in the past means
    no wait). A value that is no finite number is unreadable.
    """
    raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    return parse_retry_after(raw, now or datetime.now(UTC))


class ThrottleBudget:
    """How long the current cycle may still wait for Graph, shared by every request in it.

    Attributes:
        seconds: the budget of one cycle (``graph.throttle_budget_seconds``).
        max_retries: the most retries of one request, however small its waits.
        waited: seconds waited in the current cycle so far.
    """

    def __init__(
        self,
        seconds: float,
        max_retries: int,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_retries = max_retries
        self.waited = 0.0
        self._sleep = sleep
        self._clock = clock

    def start_cycle(self) -> None:
        """A new cycle gets the whole budget again."""
        self.waited = 0.0

    def backoff(self, attempt: int) -> float:
        """The wait before retry ``attempt`` (1-based) when Graph named none."""
        base: float = min(_BACKOFF_LONGEST, _BACKOFF_FIRST * 2.0 ** (attempt - 1))
        return base + random.uniform(0, base / 2)

    def affords(self, delay: float, attempt: int) -> bool:
        """Whether retry ``attempt`` after ``delay`` seconds fits the budget."""
        return attempt <= self.max_retries and self.waited + delay <= self.seconds

    async def wait(self, delay: float) -> None:
        """Wait ``delay`` seconds and book them against the budget."""
        self.waited += delay
        await self._sleep(delay)


def _rewindable(request: httpx.Request) -> bool:
    # The SDK and our own calls send bytes; a streamed body could not be sent twice.
    return isinstance(request.stream, httpx.ByteStream)


class ThrottledTransport(httpx.AsyncBaseTransport):
    """Sends a request again while Graph answers 429/503/504 and the budget allows."""

    def __init__(self, wire: httpx.AsyncBaseTransport, budget: ThrottleBudget) -> None:
        self._wire = wire
        self._budget = budget

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            response = await self._wire.handle_async_request(request)
            if (
                response.status_code not in RETRYABLE
                or not _rewindable(request)
                or not _RESEND.get()
            ):
                return response
            attempt += 1
            asked = retry_after_seconds(response.headers)
            delay = asked if asked is not None else self._budget.backoff(attempt)
            if not self._budget.affords(delay, attempt):
                log.warning(
                    "graph.throttle_gave_up",
                    method=request.method,
                    path=request.url.path,
                    status=response.status_code,
                    retry_after=asked,
                    attempts=attempt,
                    waited=round(self._budget.waited, 1),
                )
                return response
            await response.aread()
            await response.aclose()
            log.info(
                "graph.throttled",
                method=request.method,
                path=request.url.path,
                status=response.status_code,
                retry_after=asked,
                attempt=attempt,
                wait=round(delay, 2),
            )
            await self._budget.wait(delay)

    async def aclose(self) -> None:
        await self._wire.aclose()

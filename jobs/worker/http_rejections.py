"""What the worker's port refuses or cuts off: a fixed vocabulary, counted, logged sparingly.

Each refusal is counted in ``freigabe_http_rejected_total{reason}`` and logged as one JSON
line ``worker.http_rejected``. The port may face the internet, where a flood of bad requests
is cheap to send: after the first line of a reason, further ones within ``window`` seconds are
only counted, and the next line says how many it stands for (``suppressed``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog

__all__ = ["REASONS", "Rejections"]

log = structlog.get_logger("freigabe.worker")

REASONS = (
    "idle_timeout",  # a new connection sent no request within worker.idle_timeout_seconds
    "header_timeout",  # a request head unfinished worker.header_timeout_seconds after its start
    "body_timeout",  # a request body unfinished worker.body_timeout_seconds after its head
    "send_timeout",  # the client took no answer within worker.body_timeout_seconds
    "header_too_large",  # a head over worker.max_header_bytes (431)
    "body_too_large",  # a body over worker.max_body_bytes (413)
    "framing",  # Content-Length and Transfer-Encoding together: ambiguous, a smuggling vector
    "malformed",  # not HTTP/1.1 as h11 reads it (400), or a chunk encoding it cannot parse
    "hangup",  # the client closed halfway through its request
    "connection_limit",  # closed to stay within worker.max_connections
    "accept_failed",  # the kernel refused a new descriptor (EMFILE, ENFILE, ENOBUFS, ENOMEM)
)
_LOUD = frozenset({"accept_failed"})  # the process itself is short of resources


class Rejections:
    """Counts and logs refusals (``reason`` from :data:`REASONS`)."""

    def __init__(
        self,
        count: Callable[[str], None],
        *,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``count`` adds one to a reason's metric; a reason's lines are ``window`` s apart."""
        self._count = count
        self._window = window
        self._clock = clock
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def __call__(self, reason: str, *, status: int | None = None, peer: str | None = None) -> None:
        """Count one refusal; log it unless a line of the same reason is recent."""
        assert reason in REASONS, reason
        self._count(reason)
        now = self._clock()
        last = self._last.get(reason)
        if last is not None and now - last < self._window:
            self._suppressed[reason] = self._suppressed.get(reason, 0) + 1
            return
        self._last[reason] = now
        emit = log.warning if reason in _LOUD else log.info
        emit(
            "worker.http_rejected",
            reason=reason,
            status=status,
            peer=peer,
            suppressed=self._suppressed.pop(reason, 0),
        )

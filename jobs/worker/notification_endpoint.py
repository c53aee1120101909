"""``POST /graph/notifications``: where Graph announces changes of the watched libraries.

Graph first checks the URL with a validation request (``?validationToken=...``), which is
answered 200 ``text/plain`` with the token, nothing else, and ``X-Content-Type-Options:
nosniff``: anyone can have any text echoed, and no browser may take it for HTML. A
notification proper must be JSON (415 otherwise), at most ``max_body_bytes`` long (413,
refused before it is read in full), well-formed (400), and carry the client state in every
entry (403 otherwise, compared in constant time). It holds no document data, so an accepted
one is answered 202 at once and only asks for a sync; the sync reads what changed from the
delta as always.

The port faces the internet, so a refused request is counted by reason
(``freigabe_notifications_rejected_total``) and logged at debug level only: a flood of
forgeries must not flood the log too.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from jobs.worker.metrics import reason_counter
from ports.subscriptions import NOTIFICATION_PATH

__all__ = ["REJECTION_REASONS", "NotificationCounters", "notification_route"]

log = structlog.get_logger("freigabe.worker")

REJECTION_REASONS = ("content_type", "too_large", "malformed", "client_state")
_JSON = "application/json"
_ECHO_HEADERS = {"X-Content-Type-Options": "nosniff"}


class NotificationCounters:
    """The metrics of the notification endpoint, in the worker's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._accepted = Counter(
            "freigabe_notifications_accepted",
            "Change notification requests accepted (each asks for a sync).",
            registry=registry,
        )
        self._rejected = reason_counter(
            "freigabe_notifications_rejected",
            "Requests to the notification endpoint refused, by reason.",
            REJECTION_REASONS,
            registry,
        )

    def accepted(self) -> None:
        """Count one accepted notification request."""
        self._accepted.inc()

    def rejected(self, reason: str) -> None:
        """Count one refused request; ``reason`` is one of :data:`REJECTION_REASONS`."""
        self._rejected.labels(reason).inc()


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def _body(request: Request, limit: int) -> bytes:
    """The body, read only while it stays within ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _Refused(413, "too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _Refused(413, "too_large")
    return bytes(body)


def _client_states(body: bytes) -> list[Any]:
    """The ``clientState`` of each entry of ``{"value": [...]}``."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _Refused(400, "malformed") from None
    entries = data.get("value") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise _Refused(400, "malformed")
    if not all(isinstance(entry, dict) for entry in entries):
        raise _Refused(400, "malformed")
    return [entry.get("clientState") for entry in entries]


def _is_ours(state: Any, expected: bytes) -> bool:
    # bytes, because compare_digest refuses str with non-ASCII characters
    return isinstance(state, str) and hmac.compare_digest(state.encode(), expected)


def notification_route(
    *,
    client_state: str,
    max_body_bytes: int,
    on_change: Callable[[], object],
    counters: NotificationCounters,
) -> Route:
    """The route of the endpoint; ``on_change`` is called for each accepted request.

    ``on_change`` must return at once (it starts the sync, it does not run it).
    """
    expected = client_state.encode()

    async def receive(request: Request) -> Response:
        token = request.query_params.get("validationToken")
        if token is not None:
            # the token is whatever the caller put in the URL: never let it be read as markup
            return PlainTextResponse(token, headers=_ECHO_HEADERS)
        try:
            kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
            if kind != _JSON:
                raise _Refused(415, "content_type")
            states = _client_states(await _body(request, max_body_bytes))
            if not all(_is_ours(state, expected) for state in states):
                raise _Refused(403, "client_state")
        except _Refused as refused:
            counters.rejected(refused.reason)
            log.debug("worker.notification_refused", reason=refused.reason)
            return Response(status_code=refused.status)
        counters.accepted()
        on_change()
        log.debug("worker.notification_accepted", entries=len(states))
        return Response(status_code=202)

    return Route(NOTIFICATION_PATH, receive, methods=["POST"])

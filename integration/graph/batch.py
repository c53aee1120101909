"""JSON batching: up to 20 Graph requests in one round trip.

The envelope is built here rather than with msgraph-core's batch helpers, which drop JSON
bodies, ignore request ids and do not retry throttled inner requests (GRAPH_NOTES.md). Graph
answers a batch with 200 even when inner requests fail; each inner 429/503/504 carries its
own Retry-After and is sent again in a later batch after the longest of them, drawing on the
cycle's throttle budget like every other request (``throttle.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from integration.errors import GraphError, ResyncRequired, Throttled
from integration.graph.client import GraphGateway
from integration.graph.throttle import RETRYABLE, retry_after_seconds
from integration.graph.translate import error_for_status

__all__ = ["MAX_BATCH", "BatchRequest", "BatchResponse", "send_batches"]

MAX_BATCH = 20


@dataclass(frozen=True, slots=True)
class BatchRequest:
    """One inner request; ``url`` is relative to the version root, e.g. ``/sites/x/lists/y``."""

    id: str
    url: str
    method: str = "GET"
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def envelope(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "method": self.method, "url": self.url}
        if self.body is not None:
            out["body"] = self.body
            out["headers"] = {"Content-Type": "application/json", **self.headers}
        elif self.headers:
            out["headers"] = dict(self.headers)
        return out


@dataclass(frozen=True, slots=True)
class BatchResponse:
    """One inner answer."""

    id: str
    status: int
    body: Any
    headers: Mapping[str, str]

    def error(self, what: str) -> GraphError | None:
        """The error a direct request for ``what`` would have raised; None for a success.

        A 410 keeps the fresh delta URL of its ``Location`` header, as outside a batch.
        """
        if self.status < 400:
            return None
        error = self.body.get("error") if isinstance(self.body, Mapping) else None
        code = error.get("code") if isinstance(error, Mapping) else None
        err = error_for_status(self.status, what, code if isinstance(code, str) else None)
        if isinstance(err, ResyncRequired):
            err.location = next(
                (v for k, v in self.headers.items() if k.lower() == "location"), None
            )
        return err


async def _one_batch(gw: GraphGateway, requests: Sequence[BatchRequest]) -> list[BatchResponse]:
    answer = await gw.post_json(
        "/$batch",
        {"requests": [r.envelope() for r in requests]},
        what=f"$batch of {len(requests)}",
    )
    out = []
    for raw in (answer or {}).get("responses", []):
        headers = {str(k): str(v) for k, v in (raw.get("headers") or {}).items()}
        out.append(BatchResponse(str(raw["id"]), int(raw["status"]), raw.get("body"), headers))
    return out


async def send_batches(
    gw: GraphGateway, requests: Sequence[BatchRequest]
) -> dict[str, BatchResponse]:
    """Send ``requests`` in batches of 20; return the final answer per request id.

    Throttled inner requests are sent again after the longest Retry-After among them (a
    backoff when none names one) while the throttle budget affords it; past it, a request
    still throttled raises :class:`Throttled`. Other failures are returned as they are, for
    the caller to judge per item.
    """
    pending = list(requests)
    final: dict[str, BatchResponse] = {}
    attempt = 0
    while True:
        throttled: list[BatchRequest] = []
        asked: list[float | None] = []
        by_id = {r.id: r for r in pending}
        for start in range(0, len(pending), MAX_BATCH):
            for resp in await _one_batch(gw, pending[start : start + MAX_BATCH]):
                if resp.status in RETRYABLE and resp.id in by_id:
                    throttled.append(by_id[resp.id])
                    asked.append(retry_after_seconds(resp.headers))
                else:
                    final[resp.id] = resp
        if not throttled:
            return final
        attempt += 1
        named = [a for a in asked if a is not None]
        delay = max(named) if named else gw.throttle.backoff(attempt)
        if not gw.throttle.affords(delay, attempt):
            break
        await gw.throttle.wait(delay)
        pending = throttled
    err = error_for_status(429, f"{len(throttled)} batched requests still throttled")
    assert isinstance(err, Throttled)
    raise err

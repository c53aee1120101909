"""The notification endpoint and the sync gate in-process: every refusal, folding of requests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from jobs.worker.jobs import JobRunner
from jobs.worker.metrics import Metrics
from jobs.worker.notification_endpoint import NotificationCounters, notification_route
from jobs.worker.sync_gate import SyncGate

STATE = "Zustand-ä-42"  # non-ASCII on purpose: compare_digest refuses such str
LIMIT = 4096


def rejected(metrics: Metrics, reason: str) -> float | None:
    """The rejection counter for ``reason``."""
    return metrics.registry.get_sample_value(
        "freigabe_notifications_rejected_total", {"reason": reason}
    )


class Endpoint:
    """The route in a Starlette app behind an httpx client, counting ``on_change`` calls."""

    def __init__(self) -> None:
        self.metrics = Metrics()
        self.changes = 0
        route = notification_route(
            client_state=STATE,
            max_body_bytes=LIMIT,
            on_change=self._changed,
            counters=NotificationCounters(self.metrics.registry),
        )
        transport = httpx.ASGITransport(app=Starlette(routes=[route]))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://worker")

    def _changed(self) -> None:
        self.changes += 1


@pytest.fixture
async def endpoint() -> AsyncIterator[Endpoint]:
    """A fresh endpoint and its client."""
    made = Endpoint()
    async with made.client:
        yield made


def notification(*states: object) -> bytes:
    """A notification body with one entry per client state."""
    entries = [{"subscriptionId": "s1", "clientState": s, "changeType": "updated"} for s in states]
    return json.dumps({"value": entries}).encode()


async def test_the_validation_handshake_echoes_the_decoded_token(endpoint: Endpoint) -> None:
    """``?validationToken=`` (URL-encoded) is answered 200 text/plain with the token only."""
    token = "Validation: Testing client application reachability Request-Id: 9f"
    answer = await endpoint.client.post(
        "/graph/notifications", params={"validationToken": token}, content=b"x"
    )
    assert (answer.status_code, answer.text) == (200, token)
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert endpoint.changes == 0


async def test_the_echo_of_markup_is_never_taken_for_markup(endpoint: Endpoint) -> None:
    """A token that looks like HTML comes back as it is, text/plain and nosniff."""
    token = "<html><script>alert(1)</script></html>"
    answer = await endpoint.client.post("/graph/notifications", params={"validationToken": token})
    assert (answer.status_code, answer.text) == (200, token)
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.headers["x-content-type-options"] == "nosniff"


async def test_a_valid_notification_asks_for_one_sync(endpoint: Endpoint) -> None:
    """Every entry with our client state: 202, one sync asked for, one acceptance counted."""
    answer = await endpoint.client.post(
        "/graph/notifications",
        content=notification(STATE, STATE),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert answer.status_code == 202
    assert endpoint.changes == 1
    assert endpoint.metrics.registry.get_sample_value("freigabe_notifications_accepted_total") == 1


async def _chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 512):
        yield b" " * 512


@pytest.mark.parametrize(
    ("body", "kind", "status", "reason"),
    [
        (notification("geraten"), "application/json", 403, "client_state"),
        (notification(STATE, "geraten"), "application/json", 403, "client_state"),
        (notification(STATE[:-1]), "application/json", 403, "client_state"),
        (notification(None), "application/json", 403, "client_state"),
        (notification(STATE), "text/plain", 415, "content_type"),
        (notification(STATE), "", 415, "content_type"),
        (b" " * (LIMIT + 1), "application/json", 413, "too_large"),
        (_chunks(LIMIT + 512), "application/json", 413, "too_large"),
        (b"{nicht json", "application/json", 400, "malformed"),
        (b"\xff\xfe\x00", "application/json", 400, "malformed"),
        (b"[" * 1500 + b"]" * 1500, "application/json", 400, "malformed"),
        (b'{"value": []}', "application/json", 400, "malformed"),
        (b'{"value": ["x"]}', "application/json", 400, "malformed"),
        (b'["value"]', "application/json", 400, "malformed"),
    ],
)
async def test_refused_requests_are_counted_and_ask_for_nothing(
    endpoint: Endpoint, body: object, kind: str, status: int, reason: str
) -> None:
    """Forged, foreign, oversize (declared or streamed) and malformed bodies: 4xx, counted."""
    headers = {"Content-Type": kind} if kind else {}
    answer = await endpoint.client.post("/graph/notifications", content=body, headers=headers)  # type: ignore[arg-type]
    assert answer.status_code == status
    assert rejected(endpoint.metrics, reason) == 1
    assert endpoint.changes == 0


class SlowSync:
    """A sync that records its runs and holds each one until released."""

    def __init__(self) -> None:
        self.started = 0
        self.release = asyncio.Event()

    async def __call__(self) -> None:
        self.started += 1
        await self.release.wait()


def gate_for(sync: SlowSync, stopping: bool = False) -> tuple[SyncGate, JobRunner]:
    """A gate running ``sync`` through a fresh runner."""
    runner = JobRunner(Metrics(), lambda: datetime.now(UTC))
    return SyncGate(runner, "sync", sync, stopping=lambda: stopping), runner


async def test_requests_during_a_sync_fold_into_one_more_run() -> None:
    """Three requests while a scheduled sync runs: exactly one more sync, after it, not beside."""
    sync = SlowSync()
    gate, runner = gate_for(sync)
    scheduled = asyncio.create_task(gate.run())
    await asyncio.sleep(0)
    assert [gate.request(), gate.request(), gate.request()] == [True, False, False]
    await asyncio.sleep(0.05)
    assert sync.started == 1
    sync.release.set()
    await scheduled
    assert await runner.drain(5)
    assert sync.started == 2
    assert runner.state("sync").last_success is not None


async def test_no_sync_is_requested_while_stopping() -> None:
    """A draining worker starts nothing for a notification."""
    sync = SlowSync()
    gate, runner = gate_for(sync, stopping=True)
    assert gate.request() is False
    assert await runner.drain(1)
    assert sync.started == 0

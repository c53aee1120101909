"""The Workflows webhook notifier: statuses to typed errors, the URL never in an error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr

from integration.errors import DeliveryFailed, DeliveryRetryable, NotificationError
from integration.teams.webhook import (
    MAX_RETRY_AFTER,
    WorkflowsWebhookNotifier,
    retry_after_seconds,
)
from tests.adapter.teams.conftest import SIG

URL = f"https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig={SIG}"
CARD = {"type": "message", "attachments": []}


def _notifier(handler: Callable[[httpx.Request], httpx.Response]) -> WorkflowsWebhookNotifier:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return WorkflowsWebhookNotifier({"general": SecretStr(URL)}, http=http)


@pytest.mark.parametrize("status", [200, 202, 204])
async def test_accepted_statuses_deliver(status: int) -> None:
    """Workflows answers 202, connectors answered 200: both mean delivered."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status)

    await _notifier(answer).send("general", CARD)
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", URL)
    assert request.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("response", "error", "retry_after"),
    [
        (httpx.Response(429, headers={"Retry-After": "17"}), DeliveryRetryable, 17.0),
        (httpx.Response(503), DeliveryRetryable, None),
        (httpx.Response(500, text=f"failed at {URL}"), DeliveryRetryable, None),
        (httpx.Response(408), DeliveryRetryable, None),
        (
            httpx.Response(200, text="Microsoft Teams endpoint returned HTTP error 429"),
            DeliveryRetryable,
            None,
        ),
        (httpx.Response(400, text="bad card"), DeliveryFailed, None),
        (httpx.Response(401), DeliveryFailed, None),
        (httpx.Response(404), DeliveryFailed, None),
        (httpx.Response(302, headers={"Location": URL}), DeliveryFailed, None),
    ],
)
async def test_answers_map_to_typed_errors(
    response: httpx.Response, error: type[NotificationError], retry_after: float | None
) -> None:
    """429/5xx/408 may be retried (with Retry-After), other refusals are permanent."""
    with pytest.raises(error) as caught:
        await _notifier(lambda _r: response).send("general", CARD)
    assert type(caught.value) is error
    assert "general" in str(caught.value)
    assert SIG not in str(caught.value)
    if isinstance(caught.value, DeliveryRetryable):
        assert caught.value.retry_after == retry_after


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError(f"cannot reach {URL}"),
        httpx.ReadTimeout(f"timed out on {URL}"),
        httpx.RemoteProtocolError(f"peer closed {URL}"),
    ],
)
async def test_transport_failures_are_retryable_and_hide_the_url(failure: Exception) -> None:
    """No connection or no answer can be retried; the error chain does not carry the URL."""

    def fail(_request: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(DeliveryRetryable) as caught:
        await _notifier(fail).send("general", CARD)
    assert SIG not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


async def test_unknown_channel_is_a_permanent_failure() -> None:
    """A channel without a configured webhook cannot be delivered to, ever."""
    with pytest.raises(DeliveryFailed, match="'board'"):
        await _notifier(lambda _r: httpx.Response(202)).send("board", CARD)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("Mon, 26 Oct 2026 08:01:00 GMT", 60.0),
        ("Mon, 26 Oct 2026 07:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_dates(header: str | None, expected: float | None) -> None:
    """Retry-After is delta-seconds or an HTTP date; anything else is ignored."""
    now = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("99999999999999", MAX_RETRY_AFTER),
        ("9" * 400, MAX_RETRY_AFTER),
        ("3601", MAX_RETRY_AFTER),
        ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER),
        ("Mon, 26 Oct 2026 10:00:00 GMT", MAX_RETRY_AFTER),
        ("²", None),
        ("١٢٠", None),
        ("-5", None),
        ("1.5", None),
        ("1e9", None),
        ("nan", None),
        ("Mon, 99 Oct 2026 10:00:00 GMT", None),
        ("", None),
    ],
)
def test_retry_after_is_capped_and_garbage_is_absent(header: str, expected: float | None) -> None:
    """A wait beyond the cap (or a far date) counts as the cap; a malformed value as absent."""
    now = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == expected


async def test_a_huge_retry_after_reaches_the_outbox_capped() -> None:
    """The error a 429 raises carries the capped wait, never the receiver's absurd one."""
    answer = httpx.Response(429, headers={"Retry-After": "99999999999999"})
    with pytest.raises(DeliveryRetryable) as caught:
        await _notifier(lambda _r: answer).send("general", CARD)
    assert caught.value.retry_after == MAX_RETRY_AFTER

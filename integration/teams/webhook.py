"""Posting cards to Teams Workflows webhooks ("when a Teams webhook request is received").

The webhook URL is a bearer credential: whoever has it can post to the channel. It appears
in no log line and no exception text; errors name the channel key only. The Workflows
trigger answers 202 Accepted (connectors answered 200, sometimes with an error in the body).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import httpx
from pydantic import SecretStr

from integration.errors import DeliveryFailed, DeliveryRetryable
from integration.retry_after import parse_retry_after

__all__ = ["MAX_RETRY_AFTER", "WorkflowsWebhookNotifier", "retry_after_seconds"]

MAX_RETRY_AFTER = 3600.0
"""The longest wait a ``Retry-After`` is taken for: a receiver asking for longer (or for a
date years ahead) gets the card again within the hour, not never (nor an overflow)."""

# Retired Office 365 connectors answered 200 with this text instead of a 429 status.
_THROTTLED_IN_BODY = "HTTP error 429"
_RETRYABLE = frozenset({408, 425, 429})


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait, at most ``MAX_RETRY_AFTER``; None when
    absent or malformed."""
    wait = parse_retry_after(value, now)
    return None if wait is None else min(wait, MAX_RETRY_AFTER)


class WorkflowsWebhookNotifier:
    """A ``Notifier`` for channel keys configured with a Workflows webhook URL each.

    ``http`` is the client to post with (its transport is where tests plug in); it is closed
    by ``aclose`` only when the notifier created it.
    """

    def __init__(
        self,
        webhooks: Mapping[str, SecretStr],
        *,
        timeout: float = 10.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._webhooks = dict(webhooks)
        self._owned = http is None
        self._http = http or httpx.AsyncClient()
        self._timeout = httpx.Timeout(timeout)

    async def aclose(self) -> None:
        if self._owned:
            await self._http.aclose()

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        url = self._webhooks.get(channel)
        if url is None:
            raise DeliveryFailed(f"no webhook configured for channel {channel!r}")
        try:
            response = await self._http.post(
                url.get_secret_value(),
                json=dict(payload),
                timeout=self._timeout,
                follow_redirects=False,
            )
        # "from None": the chained httpx error carries the request, and with it the URL.
        except httpx.TimeoutException:
            raise DeliveryRetryable(f"webhook {channel!r}: no answer in time") from None
        except httpx.TransportError as err:
            raise DeliveryRetryable(
                f"webhook {channel!r}: connection failed ({type(err).__name__})"
            ) from None
        _check(channel, response)


def _check(channel: str, response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        if _THROTTLED_IN_BODY in response.text:
            raise DeliveryRetryable(f"webhook {channel!r}: throttled (429 in the body)", status=429)
        return
    if status in _RETRYABLE or status >= 500:
        wait = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
        raise DeliveryRetryable(
            f"webhook {channel!r}: answered {status}", status=status, retry_after=wait
        )
    raise DeliveryFailed(f"webhook {channel!r}: refused with {status}", status=status)

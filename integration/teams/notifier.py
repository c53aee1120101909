"""The notifier port: deliver one payload to one channel, or say why not.

Channels are named ``scheme:name``: ``teams:general`` is the Workflows webhook configured
under ``general``, ``mail:anna@example.org`` a mailbox. ``ChannelRouter`` hands each to the
notifier of its scheme, so further kinds of channel are one more entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from integration.errors import DeliveryFailed

__all__ = ["ChannelRouter", "Notifier", "channel"]


class Notifier(Protocol):
    """Delivers payloads; one call, one message."""

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        """Deliver ``payload`` to ``channel`` once.

        Returns when the receiver accepted it. Raises ``DeliveryRetryable`` (throttled,
        server error, timeout, no connection; with the receiver's ``retry_after`` if any) or
        ``DeliveryFailed`` (refused for good, or no such channel). Never retries itself: the
        outbox is the one retry layer.
        """
        ...


def channel(scheme: str, name: str) -> str:
    """The channel string for ``name`` under ``scheme``: ``channel("teams", "x") == "teams:x"``."""
    return f"{scheme}:{name}"


class ChannelRouter:
    """A notifier that passes ``scheme:name`` on to ``routes[scheme]`` as channel ``name``."""

    def __init__(self, routes: Mapping[str, Notifier]) -> None:
        self._routes = dict(routes)

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        scheme, sep, name = channel.partition(":")
        route = self._routes.get(scheme) if sep else None
        if route is None:
            raise DeliveryFailed(f"no notifier for channel {channel!r}")
        await route.send(name, payload)

"""The channel router hands each ``scheme:name`` to the notifier of its scheme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from integration.errors import DeliveryFailed
from integration.teams.notifier import ChannelRouter, channel


class Recording:
    """A notifier that remembers what it was given."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        self.sent.append((channel, dict(payload)))


async def test_router_passes_the_name_to_the_scheme_notifier() -> None:
    """``teams:general`` goes to the teams notifier as ``general``; mail likewise."""
    teams, mail = Recording(), Recording()
    router = ChannelRouter({"teams": teams, "mail": mail})
    await router.send(channel("teams", "general"), {"a": 1})
    await router.send(channel("mail", "anna@dwv.example"), {"b": 2})
    assert teams.sent == [("general", {"a": 1})]
    assert mail.sent == [("anna@dwv.example", {"b": 2})]


@pytest.mark.parametrize("target", ["sms:+49", "general", ""])
async def test_router_refuses_unknown_schemes_for_good(target: str) -> None:
    """A channel no notifier serves is a permanent failure, not a retry."""
    with pytest.raises(DeliveryFailed):
        await ChannelRouter({"teams": Recording()}).send(target, {})

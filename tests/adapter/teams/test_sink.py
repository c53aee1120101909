"""The simulator's webhook sink: stores cards per webhook, each card id once, obeys faults."""

from __future__ import annotations

import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorServer
from tests.adapter.teams.conftest import add_fault, sink


def _message(card_id: str | None) -> dict[str, object]:
    card: dict[str, object] = {"type": "AdaptiveCard", "version": "1.5", "body": []}
    if card_id is not None:
        card["id"] = card_id
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


async def test_sink_stores_each_card_id_once_per_webhook(server: SimulatorServer) -> None:
    """A repeated card id is acknowledged but not stored twice; webhooks are separate."""
    async with httpx.AsyncClient(base_url=server.root_url) as http:
        for name, card_id in [("a", "k1"), ("a", "k1"), ("a", "k2"), ("b", "k1"), ("a", None)]:
            answer = await http.post(f"/_sim/webhooks/{name}?sig=x", json=_message(card_id))
            assert answer.status_code == 202
    first = await sink(server, "a")
    assert [m["attachments"][0]["content"].get("id") for m in first["value"]] == ["k1", "k2", None]
    assert (first["received"], first["duplicates"]) == (4, 1)
    assert len((await sink(server, "b"))["value"]) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"type": "message"},
        {"type": "card", "attachments": []},
        [1, 2],
        {"type": "message", "attachments": [{"contentType": "text/html"}]},
    ],
)
async def test_sink_refuses_what_is_no_card_message(server: SimulatorServer, body: object) -> None:
    """Anything but a message with an Adaptive Card attachment is a 400."""
    async with httpx.AsyncClient(base_url=server.root_url) as http:
        answer = await http.post("/_sim/webhooks/a", json=body)
    assert answer.status_code == 400


async def test_faults_apply_to_webhooks(server: SimulatorServer) -> None:
    """An injected 429 with Retry-After answers the next webhook request, then it works."""
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/*", status=429, retry_after=7)
    async with httpx.AsyncClient(base_url=server.root_url) as http:
        throttled = await http.post("/_sim/webhooks/a", json=_message("k"))
        accepted = await http.post("/_sim/webhooks/a", json=_message("k"))
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "7")
    assert accepted.status_code == 202
    assert (await sink(server, "a"))["received"] == 1

"""Votes reach the channel as ``teams.vote_cards`` says, and cards link the edit form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory

LIB = "Bibliothek 0"
DOC = "Dokument 00.docx"
THREE = [(support.UPNS["DWV"], "DWV"), (support.GUEST, "BLP"), (support.UPNS["SPV"], "SPV")]


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def tenant(clock: support.Clock) -> Tenant:
    return load_scenario(support.scenario(documents=1), clock=clock)


def _card(message: Mapping[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = message["attachments"][0]["content"]
    return content


@pytest.mark.parametrize(("mode", "vote_cards"), [("per_cycle", 1), ("each", 3), ("off", 0)])
async def test_three_votes_of_one_cycle(
    runtime: RuntimeFactory,
    server: SimulatorServer,
    tenant: Tenant,
    clock: support.Clock,
    mode: str,
    vote_cards: int,
) -> None:
    """Three votes seen in one cycle post one card (``per_cycle``), three (``each``) or none
    (``off``); the round's opening has its own card, and both ask with a link to the item's
    edit form in the library."""
    hook = f"{server.root_url}/_sim/webhooks/kanal"
    extra = {"teams": {"webhooks": {"default": hook}, "vote_cards": mode}}
    doc = tenant.find(LIB, DOC)
    async with runtime(clock=clock, extra=extra) as rt:
        await rt.cycle()
        tenant.set_fields(
            doc, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.UPNS["DWV"]
        )
        clock.advance(minutes=1)
        await rt.cycle()
        for voter, org in THREE:
            tenant.set_fields(doc, {f"Votum_{org}": "Zustimmung"}, by=voter)
            clock.advance(minutes=1)
        await rt.cycle()
        await rt.cycle()  # the service's own writes come back
    cards = [_card(m) for m in server.app.webhooks.messages("kanal")]
    ids = [c["id"] for c in cards]
    assert len([i for i in ids if "/vote_cast/" in i]) == vote_cards, ids
    assert len(cards) == 1 + vote_cards, ids
    form = f"{tenant.library(LIB).web_url}/Forms/EditForm.aspx?ID={tenant.item(doc).list_item_id}"
    for card in cards:
        assert card["actions"][0] == {"type": "Action.OpenUrl", "title": "Abstimmen", "url": form}
        assert DOC in card["body"][0]["items"][0]["text"]
    if mode == "per_cycle":
        assert cards[1]["body"][1]["text"].startswith("3 neue Voten: DWV")
        assert cards[1]["body"][1]["text"].endswith("noch offen: KIV (Verband KIV).")

"""Card building blocks serialise to the Adaptive Card JSON Teams expects."""

from __future__ import annotations

from integration.teams.elements import (
    AdaptiveCard,
    Column,
    ColumnSet,
    Container,
    Fact,
    FactSet,
    OpenUrl,
    TextBlock,
    payload_size,
    webhook_message,
)


def test_elements_serialise_with_only_non_default_properties() -> None:
    """Defaults are left out, set properties appear under their schema names."""
    card = AdaptiveCard(
        (
            TextBlock("Titel", size="large", weight="bolder", color="good", subtle=True),
            ColumnSet((Column((TextBlock("links"),), width="auto"),), separator=True),
            Container((TextBlock("x"),), style="accent", select=OpenUrl("Öffnen", "https://a")),
        ),
        id="key-1",
    ).to_json()
    assert card["id"] == "key-1"
    assert card["body"][0] == {
        "type": "TextBlock",
        "text": "Titel",
        "wrap": True,
        "size": "large",
        "weight": "bolder",
        "color": "good",
        "isSubtle": True,
    }
    assert card["body"][1]["columns"][0] == {
        "type": "Column",
        "width": "auto",
        "items": [{"type": "TextBlock", "text": "links", "wrap": True}],
    }
    assert card["body"][2]["selectAction"] == {
        "type": "Action.OpenUrl",
        "title": "Öffnen",
        "url": "https://a",
    }


def test_empty_fact_sets_are_dropped() -> None:
    """A fact set without facts does not appear (the renderer would warn about it)."""
    card = AdaptiveCard((FactSet(()), FactSet((Fact("a", "b"),)))).to_json()
    assert [e["type"] for e in card["body"]] == ["FactSet"]
    assert card["body"][0]["facts"] == [{"title": "a", "value": "b"}]


def test_payload_size_counts_utf8_bytes() -> None:
    """Umlauts count two bytes each, as on the wire."""
    small = webhook_message(AdaptiveCard((TextBlock("a"),)))
    wide = webhook_message(AdaptiveCard((TextBlock("ä"),)))
    assert payload_size(wide) == payload_size(small) + 1

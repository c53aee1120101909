"""Adaptive Card building blocks as typed values, serialised to the JSON Teams accepts.

Only what Teams renders from a Workflows webhook: schema version 1.5 (Teams supports no
higher), no ``Action.Submit`` (a webhook card has no bot to receive it), so the one action is
``Action.OpenUrl``. Cards are built from these values, never from JSON text templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "CARD_VERSION",
    "MAX_PAYLOAD_BYTES",
    "AdaptiveCard",
    "Color",
    "Column",
    "ColumnSet",
    "Container",
    "Element",
    "Fact",
    "FactSet",
    "OpenUrl",
    "Style",
    "TextBlock",
    "payload_size",
    "webhook_message",
]

CARD_VERSION = "1.5"
# Teams refuses webhook messages above 28 KB; stay a little below either reading of "KB".
MAX_PAYLOAD_BYTES = 28_000

Color = Literal["default", "accent", "good", "warning", "attention"]
Style = Literal["default", "emphasis", "accent", "good", "warning", "attention"]
_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
_CARD_TYPE = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph of text; wraps by default, as every sentence on a card should."""

    text: str
    size: Literal["default", "small", "medium", "large"] = "default"
    weight: Literal["default", "bolder"] = "default"
    color: Color = "default"
    subtle: bool = False
    separator: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "TextBlock", "text": self.text, "wrap": True}
        if self.size != "default":
            out["size"] = self.size
        if self.weight != "default":
            out["weight"] = self.weight
        if self.color != "default":
            out["color"] = self.color
        if self.subtle:
            out["isSubtle"] = True
        if self.separator:
            out["separator"] = True
        return out


@dataclass(frozen=True, slots=True)
class Fact:
    """One ``title: value`` row of a fact set."""

    title: str
    value: str


@dataclass(frozen=True, slots=True)
class FactSet:
    """Rows of facts; an empty set is left out of the card by its container."""

    facts: tuple[Fact, ...]
    separator: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "FactSet",
            "facts": [{"title": f.title, "value": f.value} for f in self.facts],
        }
        if self.separator:
            out["separator"] = True
        return out


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a column set; ``width`` is ``auto``, ``stretch`` or a weight."""

    items: tuple[Element, ...]
    width: str = "stretch"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "Column",
            "width": self.width,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(frozen=True, slots=True)
class ColumnSet:
    """Columns side by side."""

    columns: tuple[Column, ...]
    separator: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "ColumnSet",
            "columns": [column.to_json() for column in self.columns],
        }
        if self.separator:
            out["separator"] = True
        return out


@dataclass(frozen=True, slots=True)
class Container:
    """A group of elements, optionally on a coloured background; ``select`` makes it a link."""

    items: tuple[Element, ...]
    style: Style = "default"
    bleed: bool = False
    separator: bool = False
    select: OpenUrl | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "Container", "items": [i.to_json() for i in self.items]}
        if self.style != "default":
            out["style"] = self.style
        if self.bleed:
            out["bleed"] = True
        if self.separator:
            out["separator"] = True
        if self.select is not None:
            out["selectAction"] = self.select.to_json()
        return out


Element = TextBlock | FactSet | ColumnSet | Container


@dataclass(frozen=True, slots=True)
class OpenUrl:
    """A button that opens ``url`` (the only action a webhook card can carry)."""

    title: str
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"type": "Action.OpenUrl", "title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class AdaptiveCard:
    """A whole card.

    Attributes:
        body: the elements top to bottom; empty fact sets are dropped.
        actions: the buttons below the body.
        id: the notification's idempotency key; a receiver that remembers ids can drop a
            card it has already shown (the project's simulator sink does).
        fallback_text: what a client that cannot render the card shows instead.
    """

    body: tuple[Element, ...]
    actions: tuple[OpenUrl, ...] = ()
    id: str | None = None
    fallback_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "$schema": _SCHEMA,
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
        }
        if self.id is not None:
            out["id"] = self.id
        out["body"] = [e.to_json() for e in self.body if not _empty(e)]
        if self.actions:
            out["actions"] = [a.to_json() for a in self.actions]
        if self.fallback_text:
            out["fallbackText"] = self.fallback_text
        # Teams draws cards narrow unless told to use the width of the conversation.
        out["msteams"] = {"width": "Full"}
        return out


def _empty(element: Element) -> bool:
    return isinstance(element, FactSet) and not element.facts


def webhook_message(card: AdaptiveCard) -> dict[str, Any]:
    """The body to POST to a Teams Workflows webhook: one message with ``card`` attached."""
    return {
        "type": "message",
        "attachments": [{"contentType": _CARD_TYPE, "contentUrl": None, "content": card.to_json()}],
    }


def payload_size(payload: Mapping[str, Any]) -> int:
    """The size in bytes of ``payload`` as it goes over the wire (UTF-8 JSON)."""
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())

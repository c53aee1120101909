"""A stand-in for Teams Workflows webhooks: stores the cards posted to it, each card once.

    POST /_sim/webhooks/{name}   a webhook message (``{"type": "message", "attachments":
                                 [{"contentType": adaptive card, "content": card}]}``);
                                 answers 202 like the Workflows trigger. A card whose ``id``
                                 was received before is acknowledged but not stored again.
    GET  /_sim/webhooks/{name}   ``{"value": [messages in arrival order], "received": n,
                                 "duplicates": n}``

Fault rules match the literal path, so one webhook can fail while another works (endpoint
``/_sim/webhooks/general``) or all of them (``/_sim/webhooks/*``); the app applies them
before the sink sees the request.
Any name is a webhook; the names stand for the configured channels.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from freigabe_devtools.graphsim.messages import GraphProblem, SimRequest, SimResponse, json_response

__all__ = ["WEBHOOK_PREFIX", "WebhookSink", "endpoint_key"]

WEBHOOK_PREFIX = "/_sim/webhooks/"
_CARD_TYPE = "application/vnd.microsoft.card.adaptive"


def endpoint_key(request: SimRequest) -> str:
    """The endpoint key fault rules match a webhook request by: its method and path."""
    return f"{request.method} {request.path.rstrip('/')}"


def _card_id(message: Any) -> str | None:
    """The card's ``id``; GraphProblem 400 when ``message`` is no webhook message."""
    if not isinstance(message, dict) or message.get("type") != "message":
        raise GraphProblem(400, "BadRequest", "Expected a message with attachments.")
    attachments = message.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        raise GraphProblem(400, "BadRequest", "Expected a message with attachments.")
    first = attachments[0]
    if not isinstance(first, dict) or first.get("contentType") != _CARD_TYPE:
        raise GraphProblem(400, "BadRequest", "Expected an Adaptive Card attachment.")
    content = first.get("content")
    card_id = content.get("id") if isinstance(content, dict) else None
    return card_id if isinstance(card_id, str) else None


class WebhookSink:
    """The messages received per webhook name; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: dict[str, list[Mapping[str, Any]]] = {}
        self._ids: dict[str, set[str]] = {}
        self._received: dict[str, int] = {}

    def receive(self, name: str, message: Mapping[str, Any]) -> bool:
        """Store ``message`` unless its card id was stored before; True when stored."""
        card_id = _card_id(message)
        with self._lock:
            self._received[name] = self._received.get(name, 0) + 1
            seen = self._ids.setdefault(name, set())
            if card_id is not None and card_id in seen:
                return False
            if card_id is not None:
                seen.add(card_id)
            self._messages.setdefault(name, []).append(message)
            return True

    def messages(self, name: str) -> list[Mapping[str, Any]]:
        """What ``name`` stored, in arrival order."""
        with self._lock:
            return list(self._messages.get(name, ()))

    def summary(self, name: str) -> dict[str, Any]:
        """The GET answer for ``name``."""
        with self._lock:
            stored = list(self._messages.get(name, ()))
            received = self._received.get(name, 0)
        return {"value": stored, "received": received, "duplicates": received - len(stored)}

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer a request under ``/_sim/webhooks/``."""
        name = unquote(request.path[len(WEBHOOK_PREFIX) :].strip("/"))
        if not name or "/" in name:
            raise GraphProblem(404, "itemNotFound", "Webhook paths are /_sim/webhooks/{name}.")
        if request.method == "POST":
            self.receive(name, request.json())
            return SimResponse(status=202)
        if request.method == "GET":
            return json_response(self.summary(name))
        raise GraphProblem(405, "BadRequest", "Webhooks take POST (and GET to list).")

"""A change-notification subscription as Graph confirmed it, as the state store keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["SubscriptionRecord"]


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    """A subscription as Graph confirmed it.

    Attributes:
        id: Graph's subscription id.
        resource: what it watches, e.g. ``drives/b!x/root``.
        notification_url: where Graph posts the notifications.
        expires_at: when Graph deletes it unless renewed.
        client_state_tag: a digest of the client state it was made with (not the secret).
    """

    id: str
    resource: str
    notification_url: str
    expires_at: datetime
    client_state_tag: str

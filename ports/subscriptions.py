"""Change-notification subscriptions: how the worker asks for them, and one as Graph confirmed it
(as the state store keeps it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["NOTIFICATION_PATH", "SubscriptionPolicy", "SubscriptionRecord"]

NOTIFICATION_PATH = "/graph/notifications"
"""Where below the worker's public URL Graph posts notifications."""


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


@dataclass(frozen=True, slots=True)
class SubscriptionPolicy:
    """How the worker's subscriptions are made.

    Attributes:
        notification_url: the worker's public notification endpoint.
        client_state: the secret Graph echoes in each notification.
        lifetime: the expiry asked for, counted from creation or renewal.
        renew_before: renew once the expiry is this close.
    """

    notification_url: str
    client_state: str
    lifetime: timedelta
    renew_before: timedelta

"""The Graph subscription kept for each library, in the store's meta under
``subscription:<library>``: a restarted worker renews it instead of subscribing twice."""

from __future__ import annotations

import json
from datetime import datetime

from integration.state.store import StateStore
from ports.subscriptions import SubscriptionRecord

__all__ = ["load_subscription", "save_subscription"]

_META_PREFIX = "subscription:"


def load_subscription(store: StateStore, library: str) -> SubscriptionRecord | None:
    """The subscription kept for ``library``, if any."""
    raw = store.get_meta(_META_PREFIX + library)
    if raw is None:
        return None
    data = json.loads(raw)
    return SubscriptionRecord(
        data["id"],
        data["resource"],
        data["notification_url"],
        datetime.fromisoformat(data["expires_at"]),
        data["client_state_tag"],
    )


def save_subscription(store: StateStore, library: str, record: SubscriptionRecord) -> None:
    """Keep ``record`` as the subscription of ``library``."""
    data = {
        "id": record.id,
        "resource": record.resource,
        "notification_url": record.notification_url,
        "expires_at": record.expires_at.isoformat(),
        "client_state_tag": record.client_state_tag,
    }
    store.set_meta(_META_PREFIX + library, json.dumps(data, sort_keys=True))

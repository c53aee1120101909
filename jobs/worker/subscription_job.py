"""The subscription job: one live Graph change-notification subscription per watched library.

It runs at start and hourly while notifications are enabled: subscriptions are created,
renewed before they expire, and created anew when Graph lost one. Graph validates a new
subscription by calling the worker's notification endpoint, so the job runs only once the
worker's port is open.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from config import Settings
from integration.errors import GraphError
from integration.state import StateStore
from integration.state.subscriptions import load_subscription, save_subscription
from jobs.logs import register_secret
from jobs.runtime import Runtime
from jobs.worker.sync_gate import SyncGate
from ports.libraries import ResolvedLibrary
from ports.sharepoint import SharePoint
from ports.subscriptions import NOTIFICATION_PATH, SubscriptionPolicy, SubscriptionRecord

__all__ = [
    "CLIENT_STATE_META",
    "SUBSCRIPTION_JOB",
    "keep_subscription",
    "subscription_pass",
    "subscription_policy",
]

SUBSCRIPTION_JOB = "subscriptions"
CLIENT_STATE_META = "notifications:client_state"


def _client_state(settings: Settings, store: StateStore) -> str:
    """The configured client state, else the one generated at first use and kept since."""
    configured = settings.notifications.client_state
    if configured is not None:
        return configured.get_secret_value()
    kept = store.get_meta(CLIENT_STATE_META)
    if kept is None:
        # replicas starting together must agree: whichever stores first decides
        kept = store.keep_meta(CLIENT_STATE_META, secrets.token_urlsafe(32))
    return kept


def subscription_policy(settings: Settings, store: StateStore) -> SubscriptionPolicy | None:
    """How to subscribe, or None when notifications are not enabled.

    The client state it holds is registered with the log redactor.
    """
    section = settings.notifications
    if not section.enabled:
        return None
    assert section.public_url is not None  # the settings require it once enabled
    client_state = _client_state(settings, store)
    register_secret(client_state)
    return SubscriptionPolicy(
        notification_url=section.public_url + NOTIFICATION_PATH,
        client_state=client_state,
        lifetime=timedelta(minutes=section.expiration_minutes),
        renew_before=timedelta(minutes=section.renew_before_minutes),
    )


async def keep_subscription(
    sharepoint: SharePoint,
    store: StateStore,
    library: ResolvedLibrary,
    policy: SubscriptionPolicy,
    *,
    now: datetime,
) -> SubscriptionRecord:
    """Make sure ``library`` has a live subscription; the one Graph confirmed is kept in
    ``store`` (meta ``subscription:<library>``) and handed to the port next time."""
    held = load_subscription(store, library.key)
    record = await sharepoint.ensure_subscription(library, policy, held=held, now=now)
    if record != held:
        save_subscription(store, library.key, record)
    return record


async def subscription_pass(rt: Runtime, gate: SyncGate, policy: SubscriptionPolicy) -> None:
    """Make sure every library has a live subscription; raises after trying every library.

    It holds off the sync meanwhile: both resolve libraries and write the state store.
    """
    failed: list[str] = []
    async with gate.exclusive():
        for spec in rt.settings.libraries:
            try:
                library = await rt.watcher.resolved(spec)
                await keep_subscription(rt.sharepoint, rt.store, library, policy, now=rt.clock())
            except GraphError as err:
                failed.append(f"{spec.key}: {err}")
    if failed:
        raise GraphError("subscriptions not kept alive: " + "; ".join(failed))

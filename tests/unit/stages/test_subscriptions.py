"""The subscription job on the fake SharePoint: what Graph confirmed is kept in the state store
and handed back next time, so a restarted worker renews instead of subscribing twice."""

from __future__ import annotations

from datetime import timedelta

from integration.state import StateStore
from integration.state.subscriptions import load_subscription
from jobs.worker.subscription_job import keep_subscription
from ports.subscriptions import SubscriptionPolicy
from tests import support
from tests.fake_sharepoint import FakeSharePoint

POLICY = SubscriptionPolicy(
    notification_url="https://freigabe.example/graph/notifications",
    client_state="geheim",
    lifetime=timedelta(hours=48),
    renew_before=timedelta(hours=12),
)


async def test_the_confirmed_subscription_is_kept_and_handed_back(
    sharepoint: FakeSharePoint, store: StateStore, clock: support.Clock
) -> None:
    """First pass subscribes and stores it; a pass within its lifetime hands the stored one
    to the port (which keeps it); one close to expiry replaces the stored record."""
    library = sharepoint.library
    first = await keep_subscription(sharepoint, store, library, POLICY, now=clock())
    assert load_subscription(store, library.key) == first
    clock.advance(hours=1)
    again = await keep_subscription(sharepoint, store, library, POLICY, now=clock())
    assert again == first
    clock.advance(hours=40)
    renewed = await keep_subscription(sharepoint, store, library, POLICY, now=clock())
    assert renewed.id != first.id
    assert load_subscription(store, library.key) == renewed
    held = [call.args[1] for call in sharepoint.calls if call.method == "ensure_subscription"]
    assert held == [None, first, first]

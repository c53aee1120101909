"""Subscriptions kept alive against the simulator, with the worker's endpoint answering Graph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from config import Settings, load_settings
from config.sections import WorkerSettings
from freigabe_devtools.graphsim import SimulatorServer, load_scenario
from integration.errors import ConfigError
from integration.state import StateStore
from integration.state.subscriptions import load_subscription
from jobs.bootstrap import bootstrap
from jobs.runtime import Runtime
from jobs.worker.metrics import Metrics
from jobs.worker.notification_endpoint import NotificationCounters, notification_route
from jobs.worker.server import serving
from jobs.worker.subscription_job import (
    CLIENT_STATE_META,
    keep_subscription,
    subscription_policy,
)
from ports.subscriptions import SubscriptionPolicy
from tests import support
from tests.e2e.worker.conftest import free_port

POST, PATCH, DELETE = (
    "POST /subscriptions",
    "PATCH /subscriptions/{id}",
    "DELETE /subscriptions/{id}",
)


class Clock:
    """Shared by the tenant and the worker; moves when told to."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def settings_for(
    tmp_path: Path, base_url: str, environ: dict[str, str], **section: Any
) -> Settings:
    """The test configuration with a ``notifications`` section."""
    data = support.config(base_url, tmp_path / "state.sqlite")
    data["notifications"] = section
    return load_settings(support.write_config(tmp_path / "freigabe.yaml", data), environ)


class World:
    """Simulator, runtime and the worker's notification endpoint, all on this loop."""

    def __init__(
        self, server: SimulatorServer, rt: Runtime, clock: Clock, policy: SubscriptionPolicy
    ):
        self.server = server
        self.rt = rt
        self.clock = clock
        self.policy = policy

    async def ensure(self, policy: SubscriptionPolicy | None = None) -> str:
        """Run ``keep_subscription`` for lib0 now; the subscription id."""
        library = await self.rt.watcher.resolved(self.rt.settings.libraries[0])
        chosen = policy or self.policy
        record = await keep_subscription(
            self.rt.sharepoint, self.rt.store, library, chosen, now=self.clock()
        )
        return record.id

    def calls(self) -> dict[str, int]:
        """Subscription requests the simulator answered, by endpoint."""
        ops = self.server.tenant.stats.operations
        return {key: ops[key] for key in (POST, PATCH, DELETE) if ops[key]}


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """A running simulator and worker endpoint, and a policy of 3-day subscriptions."""
    clock = Clock()
    tenant = load_scenario(support.scenario(documents=1), clock=clock)
    port = free_port()
    policy = SubscriptionPolicy(
        notification_url=f"http://127.0.0.1:{port}/graph/notifications",
        client_state="zustand-1",
        lifetime=timedelta(days=3),
        renew_before=timedelta(hours=12),
    )
    route = notification_route(
        client_state=policy.client_state,
        max_body_bytes=10_000,
        on_change=lambda: None,
        counters=NotificationCounters(Metrics().registry),
    )
    async with SimulatorServer(tenant) as server:
        settings = settings_for(tmp_path, server.base_url, {})
        worker = WorkerSettings(host="127.0.0.1", port=port)
        endpoint = serving(Starlette(routes=[route]), worker, Metrics())
        async with endpoint, bootstrap(settings, clock=clock) as rt:
            yield World(server, rt, clock, policy)


async def test_a_fresh_subscription_is_kept_while_far_from_expiry(world: World) -> None:
    """Created once (after the endpoint's handshake) and stored; the next check costs nothing."""
    first = await world.ensure()
    world.clock.now += timedelta(days=2)
    assert await world.ensure() == first
    assert world.calls() == {POST: 1}
    stored = load_subscription(world.rt.store, "lib0")
    assert stored is not None
    assert stored.id == first
    assert "zustand-1" not in str(world.rt.store.get_meta("subscription:lib0"))


async def test_renewed_near_expiry_and_recreated_once_graph_lost_it(world: World) -> None:
    """Within renew_before: PATCH, same id. Past the expiry Graph forgot it: PATCH 404, POST."""
    first = await world.ensure()
    world.clock.now += timedelta(days=2, hours=13)
    assert await world.ensure() == first
    stored = load_subscription(world.rt.store, "lib0")
    assert stored is not None
    assert stored.expires_at > world.clock.now + timedelta(days=2)
    world.clock.now = stored.expires_at + timedelta(seconds=1)
    second = await world.ensure()
    assert second != first
    assert world.calls() == {POST: 2, PATCH: 2}


async def test_a_new_client_state_replaces_the_subscription(world: World) -> None:
    """Another client state: the old subscription is deleted and a new one made with it."""
    first = await world.ensure()
    second = await world.ensure(replace(world.policy, client_state="zustand-2"))
    assert second != first
    assert [s.id for s in world.server.tenant.subscriptions.live()] == [second]
    assert world.calls() == {POST: 2, DELETE: 1}


def test_the_client_state_is_generated_once_and_kept(tmp_path: Path) -> None:
    """Without one configured, a random one is made, stored and used again; a configured wins."""
    on = {"enabled": True, "public_url": "https://freigabe.example.org/hooks/"}
    settings = settings_for(tmp_path, "http://127.0.0.1:1/v1.0", {}, **on)
    with StateStore.open(tmp_path / "state.sqlite") as store:
        first = subscription_policy(settings, store)
        again = subscription_policy(settings, store)
        assert first is not None
        assert again is not None
        assert len(first.client_state) >= 32
        assert again.client_state == first.client_state == store.get_meta(CLIENT_STATE_META)
        assert first.notification_url == "https://freigabe.example.org/hooks/graph/notifications"
        assert first.lifetime == timedelta(minutes=4230)
        env = {"FREIGABE_NOTIFICATIONS__CLIENT_STATE": "aus-der-umgebung"}
        configured = subscription_policy(
            settings_for(tmp_path, "http://127.0.0.1:1/v1.0", env, **on), store
        )
        assert configured is not None
        assert configured.client_state == "aus-der-umgebung"
        assert (
            subscription_policy(settings_for(tmp_path, "http://127.0.0.1:1/v1.0", {}), store)
            is None
        )


@pytest.mark.parametrize(
    ("section", "path"),
    [
        ({"enabled": True}, "notifications.public_url"),
        ({"public_url": "http://freigabe.example.org"}, "notifications.public_url"),
        ({"public_url": "https://user:pw@freigabe.example.org"}, "notifications.public_url"),
        ({"public_url": "https://freigabe.example.org/?x=1"}, "notifications.public_url"),
        ({"public_url": "freigabe.example.org"}, "notifications.public_url"),
        ({"expiration_minutes": 42301}, "notifications.expiration_minutes"),
        ({"renew_before_minutes": 30}, "notifications.renew_before_minutes"),
        (
            {"expiration_minutes": 600, "renew_before_minutes": 600},
            "notifications.renew_before_minutes",
        ),
        ({"max_body_bytes": 10}, "notifications.max_body_bytes"),
    ],
)
def test_unusable_notification_settings_are_refused(
    tmp_path: Path, section: dict[str, Any], path: str
) -> None:
    """Each unusable value is a configuration problem at its own path."""
    with pytest.raises(ConfigError) as caught:
        settings_for(tmp_path, "http://127.0.0.1:1/v1.0", {}, **section)
    assert [p.path for p in caught.value.problems] == [path]


def test_an_overlong_client_state_is_refused_without_echoing_it(tmp_path: Path) -> None:
    """A client state over 128 characters: a problem that does not repeat the secret."""
    secret = "s" * 129
    with pytest.raises(ConfigError) as caught:
        settings_for(
            tmp_path, "http://127.0.0.1:1/v1.0", {"FREIGABE_NOTIFICATIONS__CLIENT_STATE": secret}
        )
    assert [p.path for p in caught.value.problems] == ["notifications.client_state"]
    assert secret not in str(caught.value)

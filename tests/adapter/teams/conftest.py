"""A state store with its outbox, and a simulator whose webhook sink receives the cards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from integration.state import StateStore
from integration.state.outbox import Outbox
from integration.teams.notifier import ChannelRouter, Notifier
from integration.teams.webhook import WorkflowsWebhookNotifier
from tests import support

SIG = "sIgN4tUr3-9kQ2mVx7LpZ"  # the secret part of a Workflows URL: must never be logged


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    """A fresh state file at the newest schema."""
    with StateStore.open(tmp_path / "state.sqlite") as opened:
        yield opened


@pytest.fixture
def outbox(store: StateStore) -> Outbox:
    """The outbox of ``store``."""
    return Outbox(store)


@pytest.fixture
async def server() -> AsyncIterator[SimulatorServer]:
    """A simulator on a free loopback port; its webhook sink stands in for Teams."""
    tenant: Tenant = load_scenario(support.scenario(documents=1))
    async with SimulatorServer(tenant) as running:
        yield running


def hook_url(server: SimulatorServer, name: str) -> str:
    """The sink URL of webhook ``name``, signed like a Workflows URL."""
    return f"{server.root_url}/_sim/webhooks/{name}?api-version=1&sig={SIG}"


@pytest.fixture
async def notifier(server: SimulatorServer) -> AsyncIterator[Notifier]:
    """Routes ``teams:general`` and ``teams:board`` to the sink's webhooks of those names."""
    hooks = {name: SecretStr(hook_url(server, name)) for name in ("general", "board")}
    webhooks = WorkflowsWebhookNotifier(hooks, timeout=5)
    yield ChannelRouter({"teams": webhooks})
    await webhooks.aclose()


async def sink(server: SimulatorServer, name: str) -> dict[str, Any]:
    """What the sink holds for ``name`` (read over HTTP, as another process would)."""
    async with httpx.AsyncClient(base_url=server.root_url) as http:
        answer = await http.get(f"/_sim/webhooks/{name}")
    answer.raise_for_status()
    body: dict[str, Any] = answer.json()
    return body


async def add_fault(server: SimulatorServer, **rule: Any) -> None:
    """Inject a fault rule through the control plane."""
    async with httpx.AsyncClient(base_url=server.root_url) as http:
        (await http.post("/_sim/faults", json=rule)).raise_for_status()

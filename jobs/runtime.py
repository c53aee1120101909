"""The composition root: builds the object graph from settings, once per command."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from config import Settings
from integration.graph.client import GraphGateway, build_gateway
from integration.state import StateStore
from jobs.enforce import Enforcer
from jobs.logs import register_secret
from jobs.sync import Watcher

__all__ = ["Runtime", "open_runtime", "register_settings_secrets"]


@dataclass(frozen=True, slots=True)
class Runtime:
    """Everything a command needs, built from one Settings value."""

    settings: Settings
    store: StateStore
    graph: GraphGateway
    watcher: Watcher
    enforcer: Enforcer


def register_settings_secrets(settings: Settings) -> None:
    """Tell the log redactor every secret the configuration holds."""
    cred = settings.credential
    for secret in (cred.client_secret, cred.certificate_password, cred.static_token):
        if secret is not None:
            register_secret(secret.get_secret_value())


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> AsyncIterator[Runtime]:
    """Open the state store and the Graph gateway; close both however the command ends."""
    register_settings_secrets(settings)
    with StateStore.open(settings.state_path, clock=clock) as store:
        async with build_gateway(settings, transport=transport) as graph:
            watcher = Watcher(settings, graph, store, clock=clock)
            enforcer = Enforcer(settings, graph, store, resolved=watcher.resolved, clock=clock)
            yield Runtime(settings, store, graph, watcher, enforcer)

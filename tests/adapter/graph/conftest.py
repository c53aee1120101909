"""A simulator on loopback per test and the service's runtime pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from config import Settings, load_settings
from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from jobs.bootstrap import bootstrap
from jobs.runtime import Runtime
from ports.clock import Clock
from tests import support


@pytest.fixture
def tenant() -> Tenant:
    return load_scenario(support.scenario(documents=3))


@pytest.fixture
async def server(tenant: Tenant) -> AsyncIterator[SimulatorServer]:
    async with SimulatorServer(tenant) as srv:
        yield srv


RuntimeFactory = Callable[..., AbstractAsyncContextManager[Runtime]]


@pytest.fixture
def runtime(server: SimulatorServer, tmp_path: Path) -> RuntimeFactory:
    """Open the service's runtime against the simulator; keyword args go to ``graph:``."""

    def make(
        *,
        libraries: int = 1,
        clock: Clock | None = None,
        process: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **graph: Any,
    ) -> AbstractAsyncContextManager[Runtime]:
        data = support.config(
            server.base_url, tmp_path / "state.sqlite", libraries=libraries, **graph
        )
        data["process"].update(process or {})
        data.update(extra or {})
        path = support.write_config(tmp_path / "freigabe.yaml", data)
        settings: Settings = load_settings(path, environ={})
        return bootstrap(settings, clock=clock, transport=transport)

    return make

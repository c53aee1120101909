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

APPROVERS = [
    (support.UPNS["DWV"], "DWV"),
    (support.GUEST, "BLP"),
    (support.UPNS["SPV"], "SPV"),
    (support.UPNS["KIV"], "KIV"),
]
"""One approver of each organisation, with its code: all of them approving releases."""


async def release(
    rt: Runtime,
    tenant: Tenant,
    clock: support.Clock,
    library: str,
    name: str,
    *,
    edit: bool = False,
) -> None:
    """Put ``name`` to the vote (with ``edit``, its content changes during the round), let
    every organisation approve, and run the cycles that release it and see its writes back."""
    doc = tenant.find(library, name)
    tenant.set_fields(
        doc, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    if edit:
        tenant.edit_content(doc, b"eine spaetere Fassung", by=support.AUTHOR)
        clock.advance(minutes=1)
        await rt.cycle()
    for voter, org in APPROVERS:
        tenant.set_fields(doc, {f"Votum_{org}": "Zustimmung"}, by=voter)
        clock.advance(minutes=1)
    await rt.cycle()
    await rt.cycle()  # the service's own writes come back


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

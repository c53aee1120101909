"""A full pass (the first sync, or after a 410) lists the library with its fields: its cost is
the listing's pages plus one request for the delta link, and nothing changed meanwhile is lost."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from approval.documents import DocumentChanged
from config import load_settings
from freigabe_devtools.graphsim import SimulatorServer, load_scenario
from integration.errors import GraphUnreachable
from jobs.bootstrap import bootstrap
from tests import support

LISTING = "GET /sites/{id}/lists/{id}/items"
DELTA = "GET /drives/{id}/root/delta"
PAGE = 200


class AfterListingPage(httpx.AsyncBaseTransport):
    """Forwards to the simulator; after the first listing page, runs ``then`` once."""

    def __init__(self, then: Callable[[], None]) -> None:
        self._wire = httpx.AsyncHTTPTransport()
        self._then: Callable[[], None] | None = then

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._wire.handle_async_request(request)
        await response.aread()
        if self._then is not None and request.url.path.endswith("/items"):
            then, self._then = self._then, None
            then()
        return response

    async def aclose(self) -> None:
        await self._wire.aclose()


@pytest.mark.parametrize("items", [3, 450])
async def test_first_sync_costs_the_listing_plus_one_request(tmp_path: Path, items: int) -> None:
    """N items: ceil(N/page) listing pages and the delta link; no field read per item."""
    tenant = load_scenario(support.scenario(documents=0, generated=items))
    async with SimulatorServer(tenant) as server:
        data = support.config(server.base_url, tmp_path / "s.sqlite", page_size=PAGE)
        settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
        async with bootstrap(settings) as rt:
            await rt.watcher.resolved(settings.libraries[0])  # the site, list and drive ids
            tenant.stats.reset()
            report = await rt.watcher.cycle()
            first = dict(tenant.stats.round_trips)
            tenant.stats.reset()
            again = await rt.watcher.cycle()
    assert report.event_count == items
    pages = math.ceil(items / PAGE)
    assert first == {LISTING: pages, DELTA: 1}
    assert tenant.stats.total_operations == 1  # the next cycle: one delta request
    assert again.events == ()


async def _changed_during_the_listing(tmp_path: Path, *, crash: bool) -> list[str]:
    """Names the cycles after the first report as changed; a document changes after the
    first listing page, and with ``crash`` the connection drops on the second page."""
    tenant = load_scenario(support.scenario(documents=0, generated=450))
    doc = tenant.find("Bibliothek 0", "Dokument 000001.docx")

    def edit() -> None:
        tenant.set_fields(doc, {"Title": "Während der Liste"}, by=support.AUTHOR)
        if crash:
            tenant.faults.add(kind="drop", endpoint=LISTING, count=1)

    async with SimulatorServer(tenant) as server:
        data = support.config(server.base_url, tmp_path / "s.sqlite", page_size=PAGE)
        settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
        async with bootstrap(settings, transport=AfterListingPage(edit)) as rt:
            if crash:
                with pytest.raises(GraphUnreachable):
                    await rt.watcher.cycle()
                tenant.stats.reset()
            first = await rt.watcher.cycle()
            if crash:
                # the pass went on from its second page, with the delta link it began with
                assert tenant.stats.round_trips.get(LISTING) == 2
                assert DELTA not in tenant.stats.round_trips
            assert first.libraries[0].resynced
            later = await rt.watcher.cycle()
    return [rec.event.after.name for rec in later.events if isinstance(rec.event, DocumentChanged)]


async def test_a_change_during_the_listing_comes_with_the_next_delta(tmp_path: Path) -> None:
    """The delta link is taken before the listing, so an edit of an item already listed is
    reported by the next cycle."""
    assert await _changed_during_the_listing(tmp_path, crash=False) == ["Dokument 000001.docx"]


async def test_a_listing_cut_off_goes_on_where_it_stopped(tmp_path: Path) -> None:
    """The connection drops in the middle of the listing: the next cycle lists only the
    rest, and the edit made meanwhile still comes with the delta after it."""
    assert await _changed_during_the_listing(tmp_path, crash=True) == ["Dokument 000001.docx"]


async def test_libraries_of_one_site_look_the_site_up_once(tmp_path: Path) -> None:
    """The one-time id lookups: one request per site, the list and its drive per library."""
    tenant = load_scenario(support.scenario(documents=1, libraries=3))
    async with SimulatorServer(tenant) as server:
        data = support.config(server.base_url, tmp_path / "s.sqlite", libraries=3)
        settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
        async with bootstrap(settings) as rt:
            tenant.stats.reset()
            await rt.watcher.cycle()
    lookups = tenant.stats.operations
    assert lookups["GET /sites/{id}"] == 1
    assert lookups["GET /sites/{id}/lists/{id}"] == 3
    assert lookups["GET /sites/{id}/lists/{id}/drive"] == 3

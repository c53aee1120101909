"""No request carrying the bearer token leaves for a host other than the configured one."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from config import load_settings
from freigabe_devtools.graphsim import SimulatorServer, Tenant
from integration.errors import ForeignHostRefused, GraphError
from integration.graph.client import build_gateway
from integration.graph.content import download
from integration.graph.sharepoint import GraphSharePoint
from integration.graph.sites import resolve_library
from integration.state import StateStore
from jobs.stage_settings import sync_settings
from jobs.sync import Watcher
from ports.clock import system_clock
from tests import support

EVIL = "https://graph.evil.example/v1.0/drives/x/root/delta"


class Rewriting(httpx.AsyncBaseTransport):
    """Forwards to the simulator and plants hostile links in its answers; logs every host."""

    def __init__(self, *, location: bool, next_link: bool, listing: bool = False) -> None:
        self._wire = httpx.AsyncHTTPTransport()
        self._location = location
        self._next_link = next_link
        self._listing = listing
        self.hosts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        response = await self._wire.handle_async_request(request)
        await response.aread()
        if self._location and response.status_code == 410:
            headers = dict(response.headers)
            headers["location"] = EVIL
            return httpx.Response(410, headers=headers, content=response.content)
        paged = "/delta" in request.url.path if self._next_link else self._listing
        if paged and request.url.path.endswith(("/delta", "/items")):
            body = response.json()
            body.pop("@odata.deltaLink", None)
            body["@odata.nextLink"] = EVIL + "?token=stolen"
            return httpx.Response(200, json=body)
        return response

    async def aclose(self) -> None:
        await self._wire.aclose()


@pytest.mark.parametrize(
    ("location", "next_link", "listing"),
    [(True, False, False), (False, True, False), (False, False, True)],
    ids=["location", "delta-next-link", "listing-next-link"],
)
async def test_hostile_links_are_refused(
    tenant: Tenant,
    server: SimulatorServer,
    tmp_path: Path,
    location: bool,
    next_link: bool,
    listing: bool,
) -> None:
    """A foreign Location (on 410) or nextLink (of delta, or of the full pass's listing)
    stops the cycle; nothing is sent there."""
    data = support.config(server.base_url, tmp_path / "s.sqlite")
    settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
    wire = Rewriting(location=False, next_link=False)
    with StateStore.open(settings.state_path) as store:
        async with build_gateway(settings, transport=wire) as gw:
            await Watcher(
                sync_settings(settings),
                GraphSharePoint(gw, settings.libraries),
                store,
                clock=system_clock,
            ).cycle()
        tenant.expire_delta_tokens("Bibliothek 0")
        hostile = Rewriting(location=location, next_link=next_link, listing=listing)
        async with build_gateway(settings, transport=hostile) as gw:
            with pytest.raises(ForeignHostRefused, match=r"graph\.evil\.example"):
                await Watcher(
                    sync_settings(settings),
                    GraphSharePoint(gw, settings.libraries),
                    store,
                    clock=system_clock,
                ).cycle()
    assert set(hostile.hosts) == {"127.0.0.1"}


SHAREPOINT = "https://allianz.sharepoint.com/_layouts/15/download.aspx?tempauth=presigned"


class ForeignDownload(httpx.AsyncBaseTransport):
    """Sends ``/content`` on to a SharePoint-like host, which it answers itself (no network)."""

    def __init__(self) -> None:
        self._wire = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, bool]] = []  # (host, carried Authorization)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.host, "authorization" in request.headers))
        if request.url.host != "127.0.0.1":
            return httpx.Response(200, content=b"Inhalt 0/0\n")
        response = await self._wire.handle_async_request(request)
        if request.url.path.endswith("/content"):
            await response.aread()
            return httpx.Response(302, headers={"location": SHAREPOINT})
        return response

    async def aclose(self) -> None:
        await self._wire.aclose()


async def test_presigned_download_on_another_host_gets_no_token(
    tenant: Tenant, server: SimulatorServer, tmp_path: Path
) -> None:
    """A download redirected to another host is fetched there without the bearer token."""
    data = support.config(server.base_url, tmp_path / "s.sqlite")
    settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
    wire = ForeignDownload()
    item = tenant.find("Bibliothek 0", "Dokument 00.docx")
    async with build_gateway(settings, transport=wire) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        wire.seen.clear()
        body = b"".join([chunk async for chunk in download(gw, lib, item.item_id)])
    assert body == b"Inhalt 0/0\n"
    assert wire.seen == [("127.0.0.1", True), ("allianz.sharepoint.com", False)]


class Looping(httpx.AsyncBaseTransport):
    """Forwards to the simulator but answers every page (delta, listing) with a link to itself."""

    def __init__(self) -> None:
        self._wire = httpx.AsyncHTTPTransport()
        self.paged_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._wire.handle_async_request(request)
        await response.aread()
        paged = request.url.path.endswith(("/delta", "/items"))
        if not paged or "token=latest" in str(request.url) or response.status_code != 200:
            return response
        self.paged_requests += 1
        body = response.json()
        body.pop("@odata.deltaLink", None)
        body["@odata.nextLink"] = str(request.url)
        return httpx.Response(200, json=body)

    async def aclose(self) -> None:
        await self._wire.aclose()


async def test_a_next_link_seen_before_stops_the_pass(
    server: SimulatorServer, tmp_path: Path
) -> None:
    """Graph handing out the same nextLink again is a loop: the pass stops with a clear error
    after one repeat, instead of following it page after page."""
    data = support.config(server.base_url, tmp_path / "s.sqlite")
    settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
    wire = Looping()
    async with build_gateway(settings, transport=wire) as gw:
        with (
            StateStore.open(tmp_path / "s.sqlite") as store,
            pytest.raises(GraphError, match="seen"),
        ):
            await Watcher(
                sync_settings(settings),
                GraphSharePoint(gw, settings.libraries),
                store,
                clock=system_clock,
            ).cycle()
    assert wire.paged_requests <= 3

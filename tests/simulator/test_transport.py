"""msgraph-sdk over the in-process transport behaves like over the loopback server."""

from __future__ import annotations

import httpx

from freigabe_devtools.graphsim import SimulatorTransport, Tenant
from tests.simulator.conftest import APPROVER, make_graph_client


async def test_sdk_over_transport(tenant: Tenant) -> None:
    """Site, delta and content work through SimulatorTransport; links use the client's host."""
    async with httpx.AsyncClient(transport=SimulatorTransport(tenant)) as http:
        graph = make_graph_client("http://127.0.0.1/v1.0", http)
        site = await graph.sites.by_site_id("contoso.sharepoint.com:/sites/allianz:").get()
        lib = tenant.library("Freigabe")
        assert site.id == lib.site.id
        delta = (
            await graph.drives.by_drive_id(lib.drive_id).items.by_drive_item_id("root").delta.get()
        )
        assert len(delta.value) == 6
        assert delta.odata_delta_link.startswith("http://127.0.0.1/v1.0/drives/")
        doc = tenant.find("Freigabe", "Dokument 1.docx")
        content = (
            await graph.drives.by_drive_id(lib.drive_id)
            .items.by_drive_item_id(doc.item_id)
            .content.get()
        )
        assert content.startswith(b"Inhalt 1")  # and the trailer of an Office name
    assert tenant.stats.round_trips["GET /_sim/download/{token}"] == 1


async def test_real_behaviours_over_transport(tenant: Tenant) -> None:
    """Upload, 423 on a lock, hash after download and the Office trailer, all in-process."""
    lib = tenant.library("Freigabe")
    headers = {"Authorization": "Bearer sim-token"}
    async with httpx.AsyncClient(
        transport=SimulatorTransport(tenant), base_url="http://127.0.0.1/v1.0", headers=headers
    ) as http:
        created = await http.put(
            f"/drives/{lib.drive_id}/root:/Über uns.docx:/content", content=b"x"
        )
        assert created.status_code == 201
        assert "hashes" not in created.json()["file"]
        item_url = f"/drives/{lib.drive_id}/items/{created.json()['id']}"
        served = await http.get(item_url + "/content", follow_redirects=True)
        assert served.content.startswith(b"x")
        assert len(served.content) > 1
        assert "hashes" in (await http.get(item_url)).json()["file"]
        tenant.lock(tenant.find("Freigabe", "Über uns.docx"), by=APPROVER)
        assert (await http.delete(item_url)).status_code == 423

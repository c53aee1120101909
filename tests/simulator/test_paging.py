"""Paging of versions and columns by @odata.nextLink, and the paging quirk that turns it off."""

from __future__ import annotations

from typing import Any

import httpx

from freigabe_devtools.graphsim import ColumnDef, Tenant
from tests.simulator.conftest import APPROVER


async def follow(http: httpx.AsyncClient, url: str) -> tuple[list[int], list[Any], list[str]]:
    """Every page from ``url``: the page sizes, all entries, and the nextLinks followed."""
    sizes: list[int] = []
    entries: list[Any] = []
    links: list[str] = []
    next_url: str | None = url
    while next_url is not None:
        body = (await http.get(next_url)).json()
        sizes.append(len(body["value"]))
        entries += body["value"]
        next_url = body.get("@odata.nextLink")
        if next_url is not None:
            links.append(next_url)
    return sizes, entries, links


def edited(tenant: Tenant, versions: int) -> Any:
    """Dokument 1.docx with ``versions`` versions in all."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    for n in range(2, versions + 1):
        tenant.set_fields(doc, {"Title": f"Fassung {n}"}, by=APPROVER)
    return doc


async def test_list_item_versions_page_by_ten(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """60 versions come 10 to a page, newest first; links keep $expand; $top stops at 50."""
    edited(tenant, 60)
    lib = tenant.library("Freigabe")
    url = f"/v1.0/sites/{lib.site.id}/lists/{lib.list_id}/items/1/versions?$expand=fields"
    sizes, versions, links = await follow(http, url)
    assert sizes == [10] * 6
    assert [v["id"] for v in versions] == [f"{n}.0" for n in range(60, 0, -1)]
    assert versions[0]["fields"]["Title"] == "Fassung 60"
    assert all("%24expand=fields" in link and "%24skiptoken=" in link for link in links)
    assert (await follow(http, url + "&$top=100"))[0] == [50, 10]
    tenant.quirks.paging = False
    assert (await follow(http, url))[0] == [60]


async def test_drive_item_versions_page_by_ten(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """12 driveItem versions: a page of 10 with download URLs, then 2."""
    doc = edited(tenant, 12)
    url = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/versions"
    sizes, versions, _ = await follow(http, url)
    assert sizes == [10, 2]
    assert all(v["@microsoft.graph.downloadUrl"] for v in versions)
    assert versions[-1]["id"] == "1.0"
    tenant.quirks.paging = False
    assert (await follow(http, url))[0] == [12]


async def test_columns_page_by_twenty(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """27 columns (7 built-in, 20 custom) come as 20 and 7; with paging off all at once."""
    lib = tenant.library("Freigabe")
    for n in range(15):
        tenant.add_column(lib, ColumnDef(f"Extra{n}", "text", f"Extra {n}"))
    url = f"/v1.0/sites/{lib.site.id}/lists/Freigabe/columns"
    sizes, columns, links = await follow(http, url)
    assert sizes == [20, 7]
    assert [c["name"] for c in columns] == [col.name for col in lib.columns.values()]
    assert lib.list_id in links[0]
    tenant.quirks.paging = False
    assert (await follow(http, url))[0] == [27]

"""Content hashes are listed only after the content was downloaded once (hash_after_download)."""

from __future__ import annotations

from typing import Any

import httpx

from freigabe_devtools.graphsim import DocumentHandle, Tenant
from tests.simulator.conftest import APPROVER


def drive_item_url(doc: DocumentHandle) -> str:
    """The driveItem of ``doc``, below the server root."""
    return f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}"


async def listed_hashes(http: httpx.AsyncClient, tenant: Tenant, doc: DocumentHandle) -> list[Any]:
    """``file.hashes`` (or None) as driveItem, listItem/driveItem and both deltas list it."""
    lib = tenant.library("Freigabe")
    items = f"/v1.0/sites/{lib.site.id}/lists/{lib.list_id}/items"
    direct = (await http.get(drive_item_url(doc))).json()
    via_list = (await http.get(f"{items}/{doc.list_item_id}/driveItem")).json()
    delta = (await http.get(f"/v1.0/drives/{doc.drive_id}/root/delta")).json()["value"]
    list_delta = (await http.get(f"{items}/delta?$expand=driveItem")).json()["value"]
    in_delta = next(i for i in delta if i["id"] == doc.item_id)
    in_list_delta = next(i for i in list_delta if i["id"] == doc.list_item_id)["driveItem"]
    return [i["file"].get("hashes") for i in (direct, via_list, in_delta, in_list_delta)]


async def download(http: httpx.AsyncClient, url: str) -> bytes:
    """Follow a content URL to its bytes."""
    return (await http.get(url, follow_redirects=True)).content


async def test_hash_appears_after_the_first_download(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """No hash until downloaded; then the stored bytes' hash, with eTag, cTag and delta unmoved."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    assert await listed_hashes(http, tenant, doc) == [None] * 4
    before = (await http.get(drive_item_url(doc))).json()
    link = (await http.get(f"/v1.0/drives/{doc.drive_id}/root/delta")).json()["@odata.deltaLink"]
    await download(http, drive_item_url(doc) + "/content")
    stored = tenant.item(doc).current.content.quickxor
    assert await listed_hashes(http, tenant, doc) == [{"quickXorHash": stored}] * 4
    after = (await http.get(drive_item_url(doc))).json()
    assert (after["eTag"], after["cTag"]) == (before["eTag"], before["cTag"])
    assert (await http.get(link)).json()["value"] == []


async def test_new_content_hides_the_hash_again(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A content edit lists no hash until downloaded; a field edit keeps the content's state."""
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.mark_downloaded(doc)
    tenant.set_fields(doc, {"Title": "nur Felder"}, by=APPROVER)
    assert (await listed_hashes(http, tenant, doc))[0] is not None
    tenant.edit_content(doc, b"neu", by=APPROVER)
    assert await listed_hashes(http, tenant, doc) == [None] * 4


async def test_any_download_url_counts(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A version's downloadUrl or /versions/{v}/content marks that content (shared by versions)."""
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    tenant.edit_content(doc, b"zweite", by=APPROVER)
    tenant.set_fields(doc, {"Title": "dritte"}, by=APPROVER)
    versions = (await http.get(drive_item_url(doc) + "/versions")).json()["value"]
    await download(http, drive_item_url(doc) + "/versions/1.0/content")
    assert (await listed_hashes(http, tenant, doc))[0] is None
    await download(http, versions[1]["@microsoft.graph.downloadUrl"])  # 2.0, same bytes as 3.0
    assert (await listed_hashes(http, tenant, doc))[0] == {
        "quickXorHash": tenant.item(doc).current.content.quickxor
    }


async def test_bulk_seeded_files_and_summary(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """Generated files list no hash either; the control plane's summary has the stored one."""
    tenant.bulk_add("Freigabe", 3, size=100)
    lib = tenant.library("Freigabe")
    delta = (await http.get(f"/v1.0/drives/{lib.drive_id}/root/delta")).json()["value"]
    assert all("hashes" not in i["file"] for i in delta if "file" in i)
    summary = (await http.get("/_sim/items", params={"library": "Freigabe"})).json()["value"]
    assert summary[-1]["quickXorHash"] == lib.by_number[-1].current.content.quickxor


async def test_hash_always_listed_when_the_quirk_is_off(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """With hash_after_download off, every read lists the hash at once."""
    tenant.quirks.hash_after_download = False
    doc = tenant.find("Freigabe", "Dokument 4.docx")
    stored = tenant.item(doc).current.content.quickxor
    assert await listed_hashes(http, tenant, doc) == [{"quickXorHash": stored}] * 4


async def test_mark_downloaded_action(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """The control plane's mark_downloaded action lists the hash from then on."""
    answer = await http.post(
        "/_sim/actions",
        json={"action": "mark_downloaded", "library": "Freigabe", "name": "Dokument 5.docx"},
    )
    assert answer.status_code == 200
    doc = tenant.find("Freigabe", "Dokument 5.docx")
    assert (await listed_hashes(http, tenant, doc))[0] is not None

"""Graph writes to files and columns: uploads by path, content PUT, DELETE, column deletion."""

from __future__ import annotations

import base64

import httpx
import pytest
from msgraph import GraphServiceClient

from freigabe_devtools.graphsim import DocumentHandle, Tenant
from tests.simulator.conftest import APPROVER, SITES_TOKEN

NAME = "Straßen Übersicht.docx"


def drive(tenant: Tenant) -> str:
    """The Graph path of the library's drive."""
    return f"/v1.0/drives/{tenant.library('Freigabe').drive_id}"


async def test_upload_by_path_creates_a_file(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """PUT root:/name:/content (unencoded, with spaces and umlauts) answers 201 by the app."""
    response = await http.put(f"{drive(tenant)}/root:/{NAME}:/content", content=b"Probe")
    assert response.status_code == 201
    item = response.json()
    assert (item["name"], item["size"]) == (NAME, 5)
    assert item["lastModifiedBy"]["application"]["displayName"] == "freigabe"
    doc = tenant.find("Freigabe", NAME)
    assert (doc.item_id, tenant.item(doc).current.label) == (item["id"], "1.0")
    assert tenant.item(doc).current.content.read() == b"Probe"
    key = "PUT /drives/{id}/root:/{id}:/content"
    assert (tenant.stats.round_trips[key], tenant.stats.operations[key]) == (1, 1)


async def test_sdk_upload_by_path(graph: GraphServiceClient, tenant: Tenant) -> None:
    """The SDK's encoded items/root:/name:/content reaches the same upload."""
    uploaded = (
        await graph.drives.by_drive_id(tenant.library("Freigabe").drive_id)
        .items.by_drive_item_id(f"root:/{NAME}:")
        .content.put(b"vom SDK")
    )
    assert uploaded.name == NAME
    assert tenant.item(tenant.find("Freigabe", NAME)).current.content.read() == b"vom SDK"


async def test_upload_below_a_parent_id(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """items/{root-id}:/name:/content uploads too; an unknown parent 404, a file parent 400."""
    lib = tenant.library("Freigabe")
    created = await http.put(f"{drive(tenant)}/items/{lib.root_id}:/Neu.txt:/content", content=b"")
    assert (created.status_code, created.json()["size"]) == (201, 0)
    unknown = await http.put(f"{drive(tenant)}/items/01NIX:/x.txt:/content", content=b"x")
    file_id = tenant.find("Freigabe", "Dokument 1.docx").item_id
    below_file = await http.put(f"{drive(tenant)}/items/{file_id}:/x.txt:/content", content=b"x")
    assert (unknown.status_code, below_file.status_code) == (404, 400)
    bad_name = await http.put(f"{drive(tenant)}/root:/a%3Fb.txt:/content", content=b"x")
    assert bad_name.status_code == 400


async def test_upload_onto_an_existing_name_is_a_new_version(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """An upload to a name that exists (any case) replaces the content: 200, version 2.0."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    before = (await http.get(f"{drive(tenant)}/items/{doc.item_id}")).json()
    response = await http.put(f"{drive(tenant)}/root:/dokument 1.DOCX:/content", content=b"neu")
    assert response.status_code == 200
    after = response.json()
    assert (after["id"], after["name"], after["size"]) == (doc.item_id, "Dokument 1.docx", 3)
    assert after["cTag"] != before["cTag"]
    assert tenant.item(doc).current.label == "2.0"


async def test_put_content_by_id_honours_if_match(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """PUT items/{id}/content replaces the bytes (200); a stale If-Match answers 412."""
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    url = f"{drive(tenant)}/items/{doc.item_id}/content"
    etag = (await http.get(f"{drive(tenant)}/items/{doc.item_id}")).json()["eTag"]
    assert (await http.put(url, content=b"eins", headers={"If-Match": etag})).status_code == 200
    stale = await http.put(url, content=b"zwei", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert tenant.item(doc).current.content.read() == b"eins"


async def test_delete_goes_to_the_recycle_bin(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """DELETE answers 204; the file is gone, and delta reports it deleted."""
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    link = (await http.get(f"{drive(tenant)}/root/delta")).json()["@odata.deltaLink"]
    assert (await http.delete(f"{drive(tenant)}/items/{doc.item_id}")).status_code == 204
    assert tenant.item(doc).deleted
    assert (await http.get(f"{drive(tenant)}/items/{doc.item_id}")).status_code == 404
    changes = (await http.get(link, headers={"Prefer": "deltaExcludeParent"})).json()["value"]
    assert changes == [
        {
            "id": doc.item_id,
            "deleted": {"state": "deleted"},
            "parentReference": changes[0]["parentReference"],
        }
    ]
    assert (await http.delete(f"{drive(tenant)}/items/{doc.item_id}")).status_code == 404


async def test_locked_file_refuses_content_and_delete(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """While a person holds a lock, uploads, content PUT and DELETE answer 423."""
    doc = tenant.find("Freigabe", "Dokument 4.docx")
    tenant.lock(doc, by=APPROVER)
    answers = [
        await http.put(f"{drive(tenant)}/root:/Dokument 4.docx:/content", content=b"x"),
        await http.put(f"{drive(tenant)}/items/{doc.item_id}/content", content=b"x"),
        await http.delete(f"{drive(tenant)}/items/{doc.item_id}"),
    ]
    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [
        (423, "resourceLocked")
    ] * 3
    assert (len(tenant.item(doc).versions), tenant.item(doc).deleted) == (1, False)
    tenant.quirks.locked_writes_fail = False
    assert (await http.delete(f"{drive(tenant)}/items/{doc.item_id}")).status_code == 204


async def test_upload_inside_a_batch(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A batched PUT with a base64 body uploads; it counts as one operation of its route."""
    entry = {
        "id": "1",
        "method": "PUT",
        "url": f"/drives/{tenant.library('Freigabe').drive_id}/root:/Batch.txt:/content",
        "headers": {"Content-Type": "text/plain"},
        "body": base64.b64encode(b"aus dem Batch").decode(),
    }
    answer = (await http.post("/v1.0/$batch", json={"requests": [entry]})).json()
    assert answer["responses"][0]["status"] == 201
    assert tenant.item(tenant.find("Freigabe", "Batch.txt")).current.content.read() == (
        b"aus dem Batch"
    )
    assert tenant.stats.operations["PUT /drives/{id}/root:/{id}:/content"] == 1


async def test_writes_need_the_write_level(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A read-only token gets 403 accessDenied for uploads and deletes."""
    doc = tenant.find("Freigabe", "Dokument 5.docx")
    headers = {"Authorization": f"Bearer {SITES_TOKEN}"}
    put = await http.put(f"{drive(tenant)}/root:/x.txt:/content", content=b"x", headers=headers)
    delete = await http.delete(f"{drive(tenant)}/items/{doc.item_id}", headers=headers)
    assert [(r.status_code, r.json()["error"]["code"]) for r in (put, delete)] == [
        (403, "accessDenied")
    ] * 2


def columns_url(tenant: Tenant) -> str:
    """The library's columns collection."""
    lib = tenant.library("Freigabe")
    return f"/v1.0/sites/{lib.site.id}/lists/{lib.list_id}/columns"


async def test_delete_column_removes_it_and_its_values(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """GET and DELETE columns/{id}: 204, then 404; the values vanish from items and versions."""
    lib = tenant.library("Freigabe")
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.set_fields(doc, {"Votum_DWV": "Zustimmung"}, by=APPROVER)
    tenant.set_fields(doc, {"Title": "danach"}, by=APPROVER)
    column_id = lib.columns["votum_dwv"].column_id
    url = f"{columns_url(tenant)}/{column_id}"
    assert (await http.get(url)).json()["name"] == "Votum_DWV"
    assert (await http.delete(url)).status_code == 204
    assert tenant.stats.operations["DELETE /sites/{id}/lists/{id}/columns/{id}"] == 1
    assert (await http.get(url)).status_code == 404
    assert (await http.delete(url)).status_code == 404
    listed = (await http.get(columns_url(tenant))).json()["value"]
    assert "Votum_DWV" not in {c["name"] for c in listed}
    assert all("Votum_DWV" not in v.fields for v in tenant.item(doc).versions)
    assert tenant.item(doc).etag_n == 3


@pytest.mark.parametrize("name", ["Title", "Modified", "FileLeafRef"])
async def test_built_in_columns_are_not_deleted(
    http: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    """Deleting a built-in column answers 400 and keeps it."""
    column_id = tenant.library("Freigabe").columns[name.lower()].column_id
    response = await http.delete(f"{columns_url(tenant)}/{column_id}")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalidRequest")
    assert name.lower() in tenant.library("Freigabe").columns


async def test_deleting_a_column_needs_manage(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """Sites.ReadWrite.All is not enough to delete a column: 403."""
    tenant.directory.add_token("write-token", roles=["Sites.ReadWrite.All"])
    column_id = tenant.library("Freigabe").columns["votum_dwv"].column_id
    response = await http.delete(
        f"{columns_url(tenant)}/{column_id}", headers={"Authorization": "Bearer write-token"}
    )
    assert response.status_code == 403


def test_python_delete_column_scrubs_bulk_files(tenant: Tenant) -> None:
    """delete_column on bulk-seeded files removes the shared value from every file."""
    tenant.bulk_add("Freigabe", 50, size=10, fields={"FreigabeProtokoll": "seed"})
    tenant.delete_column("Freigabe", "FreigabeProtokoll")
    lib = tenant.library("Freigabe")
    assert all("FreigabeProtokoll" not in i.current.fields for i in lib.by_number)
    handle = DocumentHandle.of(lib, lib.by_number[-1])
    with pytest.raises(KeyError):
        tenant.delete_column("Freigabe", "FreigabeProtokoll")
    assert "FreigabeProtokoll" not in tenant.fields(handle)

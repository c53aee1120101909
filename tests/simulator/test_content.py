"""File content: 302 to a pre-authenticated URL, streamed bytes, versions' content."""

from __future__ import annotations

import httpx
import pytest
from kiota_abstractions.api_error import APIError
from msgraph import GraphServiceClient

from freigabe_devtools.graphsim import GeneratedContent, SimulatorServer, Tenant
from integration.quickxor import QuickXorHash
from tests.simulator.conftest import APPROVER


async def test_sdk_content_follows_redirect(graph: GraphServiceClient, tenant: Tenant) -> None:
    """The SDK's content read follows the 302 and returns the file's bytes (as served)."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    data = (
        await graph.drives.by_drive_id(doc.drive_id)
        .items.by_drive_item_id(doc.item_id)
        .content.get()
    )
    # a .docx that is no ZIP package is served with a trailer (office_rewrite)
    assert data.startswith(b"Inhalt 1")
    assert data.rstrip().endswith(b"version 1.0 -->")


async def test_content_redirect_needs_no_authorization(
    http: httpx.AsyncClient, tenant: Tenant, server: SimulatorServer
) -> None:
    """/content answers 302 to /_sim/download/...; that URL serves bytes without a token."""
    tenant.quirks.office_rewrite = False  # the stored bytes, to check them and their length
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    response = await http.get(f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/content")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{server.root_url}/_sim/download/")
    async with httpx.AsyncClient() as anonymous:
        download = await anonymous.get(location)
    assert download.content == b"Inhalt 2"
    assert download.headers["Content-Length"] == "8"
    tampered = location[:-1] + ("0" if location[-1] != "0" else "1")
    async with httpx.AsyncClient() as anonymous:
        assert (await anonymous.get(tampered)).status_code == 401


async def test_generated_content_streams_with_matching_hash(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A large generated file streams in chunks; its bytes hash to the quickXorHash listed after."""
    tenant.quirks.office_rewrite = False  # served bytes that match the stored ones' hash
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    tenant.edit_content(doc, GeneratedContent(seed=42, size=300_001), by=APPROVER)
    url = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}"
    item = (await http.get(url)).json()
    assert item["size"] == 300_001
    assert item["cTag"].startswith('"c:{')
    hasher = QuickXorHash()
    chunks = 0
    received = 0
    async with http.stream(
        "GET", f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/content", follow_redirects=True
    ) as response:
        assert response.headers["Content-Length"] == "300001"
        async for chunk in response.aiter_raw():
            hasher.update(chunk)
            received += len(chunk)
            chunks += 1
    assert received == 300_001
    assert chunks > 1
    item = (await http.get(url)).json()
    assert hasher.digest_b64() == item["file"]["hashes"]["quickXorHash"]


async def test_version_content_and_current_version(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """Older versions' content is served; the current version's answers 400 as documented."""
    tenant.quirks.office_rewrite = False  # the stored bytes of each version
    doc = tenant.find("Freigabe", "Dokument 4.docx")
    tenant.edit_content(doc, b"zweite Fassung", by=APPROVER)
    base = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/versions"
    versions = (await http.get(base)).json()["value"]
    assert [(v["id"], v["size"]) for v in versions] == [("2.0", 14), ("1.0", 8)]
    old = await http.get(f"{base}/1.0/content", follow_redirects=True)
    assert old.content == b"Inhalt 4"
    assert (await http.get(versions[1]["@microsoft.graph.downloadUrl"])).content == b"Inhalt 4"
    current = await http.get(f"{base}/2.0/content")
    assert current.status_code == 400
    tenant.quirks.current_version_content = True
    allowed = await http.get(f"{base}/2.0/content", follow_redirects=True)
    assert allowed.content == b"zweite Fassung"


async def test_deleted_file_is_gone(graph: GraphServiceClient, tenant: Tenant) -> None:
    """After a delete, the driveItem answers 404."""
    doc = tenant.find("Freigabe", "Dokument 5.docx")
    tenant.delete(doc, by=APPROVER)
    with pytest.raises(APIError) as caught:
        await graph.drives.by_drive_id(doc.drive_id).items.by_drive_item_id(doc.item_id).get()
    assert caught.value.response_status_code == 404

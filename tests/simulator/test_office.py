"""Office downloads carry the library's properties: other bytes than stored (office_rewrite)."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from freigabe_devtools.graphsim import DocumentHandle, GeneratedContent, Tenant
from integration.quickxor import quickxor_hash
from tests.simulator.conftest import APPROVER

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def package(custom: str | None = None) -> bytes:
    """A minimal .docx package (optionally with a custom.xml of its own)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", "<w:document>Schwammstadt</w:document>")
        if custom is not None:
            archive.writestr("docProps/custom.xml", custom)
    return out.getvalue()


async def download(http: httpx.AsyncClient, doc: DocumentHandle, version: str = "") -> bytes:
    """The bytes served for ``doc`` (its current content, or that of ``version``)."""
    base = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}"
    url = f"{base}/versions/{version}/content" if version else f"{base}/content"
    response = await http.get(url, follow_redirects=True)
    assert response.headers["Content-Length"] == str(len(response.content))
    return response.content


def parts(data: bytes) -> dict[str, bytes]:
    """The parts of a ZIP package by name (zipfile checks every CRC on the way)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


async def test_package_is_served_with_custom_properties(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A .docx package gets docProps/custom.xml with the fields, declared; size and hash stay."""
    stored = package()
    doc = tenant.add_document(
        "/sites/allianz",
        "Freigabe",
        "Paket.docx",
        stored,
        {"FreigabeStatus": "Entwurf", "AbstimmungFrist": "2026-12-01"},
        by=APPROVER,
    )
    served = await download(http, doc)
    assert served != stored
    assert served == await download(http, doc)
    got = parts(served)
    original = parts(stored)
    assert got["word/document.xml"] == original["word/document.xml"]
    custom = got["docProps/custom.xml"].decode()
    assert 'name="FreigabeStatus"><vt:lpwstr>Entwurf</vt:lpwstr>' in custom
    assert 'name="AbstimmungFrist"><vt:filetime>2026-12-01T00:00:00Z</vt:filetime>' in custom
    assert 'PartName="/docProps/custom.xml"' in got["[Content_Types].xml"].decode()
    assert 'Target="docProps/custom.xml"' in got["_rels/.rels"].decode()
    item = (await http.get(f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}")).json()
    assert item["size"] == len(stored)
    assert item["file"]["hashes"]["quickXorHash"] == quickxor_hash(stored)


async def test_each_version_carries_its_own_fields(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """An older version is served with that version's values, replacing a custom.xml present."""
    doc = tenant.add_document(
        "/sites/allianz",
        "Freigabe",
        "Alt.DOCX",
        package(custom="<Properties>alt</Properties>"),
        {"FreigabeStatus": "Entwurf"},
        by=APPROVER,
    )
    tenant.set_fields(doc, {"FreigabeStatus": "Freigegeben"}, by=APPROVER)
    old = parts(await download(http, doc, "1.0"))["docProps/custom.xml"].decode()
    new = parts(await download(http, doc))["docProps/custom.xml"].decode()
    assert ("Entwurf" in old, "Freigegeben" in new, "alt" in old) == (True, True, False)


@pytest.mark.parametrize("name", ["Notiz.txt", "Tabelle.xlsx.pdf"])
async def test_other_names_are_served_as_stored(
    http: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    """Only .docx, .xlsx and .pptx names are rewritten."""
    stored = package()
    doc = tenant.add_document("/sites/allianz", "Freigabe", name, stored, by=APPROVER)
    assert await download(http, doc) == stored


async def test_the_name_at_that_version_counts(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """Renamed from .txt to .pptx: version 1.0 is served as stored, the current one rewritten."""
    doc = tenant.add_document("/sites/allianz", "Freigabe", "Folien.txt", b"Folien", by=APPROVER)
    tenant.rename(doc, "Folien.pptx", by=APPROVER)
    assert await download(http, doc, "1.0") == b"Folien"
    served = await download(http, doc)
    assert served.startswith(b"Folien")
    assert served.rstrip().endswith(b"version 2.0 -->")


async def test_generated_docx_streams_with_a_trailer(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Bulk content with a .docx name streams in chunks with the trailer appended."""
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    content = GeneratedContent(seed=7, size=200_000)
    tenant.edit_content(doc, content, by=APPROVER)
    url = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/content"
    received = b""
    chunks = 0
    async with http.stream("GET", url, follow_redirects=True) as response:
        async for chunk in response.aiter_raw():
            received += chunk
            chunks += 1
    assert chunks > 1
    assert received.startswith(content.read())
    assert int(response.headers["Content-Length"]) == len(received) > 200_000


async def test_stored_bytes_when_the_quirk_is_off(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """With office_rewrite off, the stored bytes are served."""
    tenant.quirks.office_rewrite = False
    stored = package()
    doc = tenant.add_document("/sites/allianz", "Freigabe", "Roh.docx", stored, by=APPROVER)
    assert await download(http, doc) == stored
    versions = (await http.get(f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/versions")).json()
    assert (await http.get(versions["value"][0]["@microsoft.graph.downloadUrl"])).content == stored

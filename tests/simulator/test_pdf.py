"""``?format=pdf``: the PDF Graph makes of an Office file, and the types it refuses."""

from __future__ import annotations

import io
import zipfile

import httpx

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER

BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:body><w:p><w:r><w:t>Schwammstadt</w:t></w:r><w:r><w:t xml:space="preserve"> &amp;'
    " Hitze</w:t></w:r></w:p><w:p><w:r><w:t>(Entwurf)</w:t></w:r></w:p></w:body></w:document>"
)


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", BODY)
    return out.getvalue()


async def test_a_docx_converts_to_a_pdf_holding_its_paragraphs(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """302 to a download URL serving application/pdf; each paragraph of the .docx is a line
    of text (parentheses escaped)."""
    doc = tenant.add_document("/sites/allianz", "Freigabe", "Papier.docx", _docx(), {}, by=APPROVER)
    url = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/content?format=pdf"
    first = await http.get(url)
    assert first.status_code == 302
    response = await http.get(first.headers["Location"])
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.4\n")
    assert b"(Schwammstadt & Hitze) Tj" in response.content
    assert b"(\\(Entwurf\\)) Tj" in response.content


async def test_a_type_graph_does_not_convert_answers_406(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A .txt (not in the documented list) answers 406 notSupported, as Graph does."""
    doc = tenant.add_document("/sites/allianz", "Freigabe", "Notiz.txt", b"x", {}, by=APPROVER)
    response = await http.get(f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}/content?format=pdf")
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "notSupported"

"""Hyperlink columns: Graph cannot write them (500 for a string, 400 for an object) by default."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER

LINK = {"Url": "https://a.example/x", "Description": "x"}


def fields_url(tenant: Tenant, number: int) -> str:
    """The fields of list item ``number``, below /v1.0."""
    lib = tenant.library("Freigabe")
    return f"/sites/{lib.site.id}/lists/{lib.list_id}/items/{number}/fields"


@pytest.mark.parametrize(
    ("value", "status", "code", "message"),
    [
        ("https://a.example/x", 500, "generalException", "General exception while processing"),
        (LINK, 400, "invalidRequest", "Invalid request"),
    ],
)
async def test_graph_cannot_write_a_hyperlink(
    http: httpx.AsyncClient, tenant: Tenant, value: Any, status: int, code: str, message: str
) -> None:
    """A PATCH setting a hyperlink fails whole (other fields too), directly and in a batch."""
    body = {"FreigabeStatus": "Freigegeben", "OeffentlicherLink": value}
    direct = await http.patch("/v1.0" + fields_url(tenant, 1), json=body)
    assert direct.status_code == status
    assert (direct.json()["error"]["code"], direct.json()["error"]["message"]) == (code, message)
    entry = {
        "id": "1",
        "method": "PATCH",
        "url": fields_url(tenant, 1),
        "headers": {"Content-Type": "application/json"},
        "body": body,
    }
    batched = (await http.post("/v1.0/$batch", json={"requests": [entry]})).json()
    assert batched["responses"][0]["status"] == status
    assert batched["responses"][0]["body"]["error"]["code"] == code
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    assert len(tenant.item(doc).versions) == 1


async def test_clearing_a_hyperlink_and_people_still_work(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A person sets the link in the browser (Python API); Graph may clear it with null."""
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.set_fields(doc, {"OeffentlicherLink": LINK}, by=APPROVER)
    assert tenant.fields(doc)["OeffentlicherLink"] == LINK
    cleared = await http.patch("/v1.0" + fields_url(tenant, 2), json={"OeffentlicherLink": None})
    assert cleared.status_code == 200
    assert "OeffentlicherLink" not in tenant.fields(doc)


@pytest.mark.parametrize("value", ["https://a.example/x", LINK])
async def test_hyperlink_writes_when_the_quirk_is_off(
    http: httpx.AsyncClient, tenant: Tenant, value: Any
) -> None:
    """With hyperlink_writes_fail off, Graph writes a hyperlink as {Url, Description}."""
    tenant.quirks.hyperlink_writes_fail = False
    answer = await http.patch("/v1.0" + fields_url(tenant, 3), json={"OeffentlicherLink": value})
    assert answer.status_code == 200
    stored = answer.json()["OeffentlicherLink"]
    assert stored["Url"] == "https://a.example/x"

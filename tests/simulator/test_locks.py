"""Locked files: Graph writes answer 423 resourceLocked, people's writes go on."""

from __future__ import annotations

import httpx
import pytest

from freigabe_devtools.graphsim import DocumentHandle, Tenant
from freigabe_devtools.graphsim.locks import LOCKED_MESSAGE
from tests.simulator.conftest import APPROVER, GUEST


def fields_url(tenant: Tenant, doc: DocumentHandle) -> str:
    """The fields of ``doc``'s list item, below /v1.0."""
    lib = tenant.library("Freigabe")
    return f"/sites/{lib.site.id}/lists/{lib.list_id}/items/{doc.list_item_id}/fields"


def assert_locked(response: httpx.Response) -> None:
    """423 with Graph's resourceLocked error."""
    assert response.status_code == 423
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("resourceLocked", LOCKED_MESSAGE)


async def test_patch_of_a_locked_file_is_423(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A fields PATCH of a locked file answers 423, directly and in a batch; the lock holds."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.lock(doc, by=APPROVER)
    assert_locked(await http.patch("/v1.0" + fields_url(tenant, doc), json={"Title": "x"}))
    entry = {
        "id": "1",
        "method": "PATCH",
        "url": fields_url(tenant, doc),
        "headers": {"Content-Type": "application/json"},
        "body": {"Title": "x"},
    }
    batched = (await http.post("/v1.0/$batch", json={"requests": [entry]})).json()
    assert batched["responses"][0]["status"] == 423
    assert batched["responses"][0]["body"]["error"]["code"] == "resourceLocked"
    tenant.set_fields(doc, {"Title": "von Anna"}, by=APPROVER)
    assert len(tenant.item(doc).versions) == 2
    tenant.unlock(doc)
    assert (await http.patch("/v1.0" + fields_url(tenant, doc), json={"Title": "x"})).is_success


async def test_locks_ignored_when_the_quirk_is_off(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """With locked_writes_fail off, a locked file takes Graph writes."""
    tenant.quirks.locked_writes_fail = False
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.lock(doc, by=APPROVER)
    assert (await http.patch("/v1.0" + fields_url(tenant, doc), json={"Title": "x"})).is_success


async def test_lock_actions_over_the_control_plane(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """lock and unlock actions set and release the lock; the summary names the holder."""
    spec = {"library": "Freigabe", "name": "Dokument 3.docx"}
    locked = await http.post("/_sim/actions", json={**spec, "action": "lock", "by": GUEST})
    assert locked.json()["locked_by"] == GUEST
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    assert_locked(await http.patch("/v1.0" + fields_url(tenant, doc), json={"Title": "x"}))
    other = await http.post("/_sim/actions", json={**spec, "action": "lock", "by": APPROVER})
    assert other.status_code == 400
    unlocked = await http.post("/_sim/actions", json={**spec, "action": "unlock"})
    assert unlocked.json()["locked_by"] is None


def test_only_people_lock_and_a_lock_is_no_change(tenant: Tenant) -> None:
    """An application cannot lock; locking adds no version and moves no eTag."""
    doc = tenant.find("Freigabe", "Dokument 4.docx")
    with pytest.raises(ValueError, match="person"):
        tenant.lock(doc, by="app:freigabe")
    tenant.lock(doc, by=APPROVER)
    tenant.lock(doc, by=APPROVER)
    item = tenant.item(doc)
    assert (len(item.versions), item.etag_n, item.locked_by) == (
        1,
        1,
        tenant.directory.user(APPROVER),
    )

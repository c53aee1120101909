"""The control plane: actions, item summaries, faults, quirks and counters over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER


async def act(http: httpx.AsyncClient, **spec: Any) -> httpx.Response:
    """POST one action."""
    return await http.post("/_sim/actions", json=spec)


async def test_actions_script_a_document_lifecycle(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """add, set fields, edit, rename and delete through /_sim/actions change the tenant."""
    added = await act(
        http,
        action="add_document",
        library="Freigabe",
        name="Neu.docx",
        content="Hallo",
        fields={"FreigabeStatus": "Entwurf"},
        by=APPROVER,
    )
    assert added.status_code == 200
    assert added.json()["list_item_id"] == "6"
    await act(
        http,
        action="set_fields",
        library="Freigabe",
        name="Neu.docx",
        fields={"FreigabeStatus": "Zur Abstimmung"},
        by=APPROVER,
    )
    await act(
        http, action="edit_content", library="Freigabe", name="Neu.docx", size=5000, by=APPROVER
    )
    renamed = await act(
        http,
        action="rename",
        library="Freigabe",
        name="Neu.docx",
        new_name="Umbenannt.docx",
        by=APPROVER,
    )
    summary = renamed.json()
    assert summary["version"] == "4.0"
    assert [v["by"] for v in summary["versions"]] == [APPROVER] * 4
    assert summary["versions"][1]["fields"]["FreigabeStatus"] == "Zur Abstimmung"
    assert tenant.item(tenant.find("Freigabe", "Umbenannt.docx")).current.content.size == 5000
    deleted = await act(
        http, action="delete", library="Freigabe", name="Umbenannt.docx", by=APPROVER
    )
    assert deleted.json()["deleted"] is True


async def test_items_lists_live_files(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """/_sim/items lists live files of a library, optionally one by name."""
    tenant.delete(tenant.find("Freigabe", "Dokument 1.docx"), by=APPROVER)
    listing = (await http.get("/_sim/items", params={"library": "Freigabe"})).json()
    assert [i["name"] for i in listing["value"]] == [f"Dokument {n}.docx" for n in range(2, 6)]
    one = (
        await http.get("/_sim/items", params={"library": "Freigabe", "name": "dokument 2.docx"})
    ).json()
    assert [i["fields"]["Title"] for i in one["value"]] == ["Dokument 2"]


@pytest.mark.parametrize(
    ("spec", "status"),
    [
        (
            {"action": "set_fields", "library": "Freigabe", "name": "Fehlt.docx", "by": APPROVER},
            404,
        ),
        (
            {
                "action": "set_fields",
                "library": "Freigabe",
                "name": "Dokument 1.docx",
                "by": APPROVER,
                "fields": {"Nix": 1},
            },
            400,
        ),
        (
            {
                "action": "rename",
                "library": "Freigabe",
                "name": "Dokument 1.docx",
                "by": APPROVER,
                "new_name": "Dokument 2.docx",
            },
            409,
        ),
        ({"action": "zaubern", "library": "Freigabe", "name": "Dokument 1.docx"}, 400),
        ({"action": "expire_delta_tokens", "library": "Unbekannt"}, 404),
    ],
)
async def test_failed_actions_answer_errors(
    http: httpx.AsyncClient, spec: dict[str, Any], status: int
) -> None:
    """Missing files 404, invalid fields or actions 400, name clashes 409."""
    response = await act(http, **spec)
    assert response.status_code == status
    assert "message" in response.json()["error"]


async def test_expire_action_makes_old_links_410(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """expire_delta_tokens via the control plane makes the previous deltaLink answer 410."""
    lib = tenant.library("Freigabe")
    first = (await http.get(f"/v1.0/drives/{lib.drive_id}/root/delta")).json()
    await act(http, action="expire_delta_tokens", library="Freigabe")
    stale = await http.get(first["@odata.deltaLink"])
    assert stale.status_code == 410
    assert stale.headers["Location"].endswith("/root/delta")


async def test_faults_quirks_and_stats(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """Faults are added, listed and cleared; quirks set; stats read and reset over HTTP."""
    added = await http.post("/_sim/faults", json={"kind": "status", "status": 503, "count": None})
    assert added.status_code == 201
    assert (await http.get("/_sim/faults")).json()["value"][0]["status"] == 503
    assert (await http.get("/v1.0/drives/x")).status_code == 503
    assert (await http.delete("/_sim/faults")).status_code == 204
    assert (await http.get("/v1.0/drives/x")).status_code == 404
    assert (await http.post("/_sim/faults", json={"kind": "nope"})).status_code == 400
    assert (
        await http.post("/_sim/quirks", json={"list_item_delta_fields": False})
    ).status_code == 204
    assert tenant.quirks.list_item_delta_fields is False
    stats = (await http.get("/_sim/stats")).json()
    assert stats["round_trips"] == {"GET /drives/{id}": 2}
    assert (await http.post("/_sim/stats/reset")).status_code == 204
    assert tenant.stats.total_round_trips == 0

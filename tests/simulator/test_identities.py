"""createdBy/lastModifiedBy: people by id and mail, app-only writes as "SharePoint App"."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorTransport, Tenant, load_scenario
from freigabe_devtools.graphsim.quirks import AppIdentity, UserIdentity
from tests.simulator.conftest import GUEST, SCENARIO


def urls(tenant: Tenant, name: str) -> dict[str, str]:
    """The four resources that name who changed a file, by kind."""
    doc = tenant.find("Freigabe", name)
    lib = tenant.library("Freigabe")
    items = f"/v1.0/sites/{lib.site.id}/lists/{lib.list_id}/items/{doc.list_item_id}"
    drive_item = f"/v1.0/drives/{doc.drive_id}/items/{doc.item_id}"
    return {
        "listItem": items,
        "driveItem": drive_item,
        "listItemVersion": items + "/versions",
        "driveItemVersion": drive_item + "/versions",
    }


async def modifiers(http: httpx.AsyncClient, tenant: Tenant, name: str) -> dict[str, Any]:
    """The latest lastModifiedBy of ``name`` as each of the four resources shows it."""
    found: dict[str, Any] = {}
    for kind, url in urls(tenant, name).items():
        body = (await http.get(url)).json()
        newest = body["value"][0] if "value" in body else body
        found[kind] = newest["lastModifiedBy"]
    return found


@pytest.mark.parametrize(
    ("variant", "keys"),
    [
        ("email", ["id", "email", "displayName"]),
        ("id_only", ["id", "displayName"]),
        ("upn", ["id", "email", "displayName", "userPrincipalName"]),
    ],
)
async def test_people_by_id_and_mail(
    http: httpx.AsyncClient, tenant: Tenant, variant: UserIdentity, keys: list[str]
) -> None:
    """A guest shows by object id and mail (not the UPN) unless user_identity says otherwise."""
    tenant.quirks.user_identity = variant
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.set_fields(doc, {"Title": "vom Gast"}, by=GUEST)
    guest = tenant.directory.user(GUEST)
    full = {
        "id": guest.id,
        "email": "jonas.keller@dwv.example",
        "displayName": "Jonas Keller",
        "userPrincipalName": GUEST,
    }
    expected = {"user": {k: full[k] for k in keys}}
    assert await modifiers(http, tenant, "Dokument 1.docx") == dict.fromkeys(
        ("listItem", "driveItem", "listItemVersion", "driveItemVersion"), expected
    )


@pytest.mark.parametrize(
    ("variant", "shape"),
    [
        ("sharepoint_app", {"application": "app", "user": {"displayName": "SharePoint App"}}),
        ("user_only", {"user": {"email": "", "displayName": "SharePoint App"}}),
        ("application", {"application": "app"}),
    ],
)
async def test_app_only_writes(
    http: httpx.AsyncClient, tenant: Tenant, variant: AppIdentity, shape: dict[str, Any]
) -> None:
    """A write by the app token shows as SharePoint App beside the app, or as app_identity says."""
    tenant.quirks.app_identity = variant
    lib = tenant.library("Freigabe")
    patched = await http.patch(
        f"/v1.0/sites/{lib.site.id}/lists/{lib.list_id}/items/2/fields", json={"Title": "App"}
    )
    assert patched.status_code == 200
    app = tenant.directory.principal("app:freigabe")
    expected = {
        key: {"id": app.id, "displayName": "freigabe"} if value == "app" else value
        for key, value in shape.items()
    }
    found = await modifiers(http, tenant, "Dokument 2.docx")
    assert all(identity == expected for identity in found.values()), found


async def test_scenario_mail_overrides_the_guest_address() -> None:
    """A scenario user's mail: replaces the address derived from the #EXT# UPN."""
    guest = "kai.berger_nabu.de#EXT#@contoso.onmicrosoft.com"
    scenario = {
        **SCENARIO,
        "users": [
            *SCENARIO["users"],
            {"upn": guest, "display_name": "Kai Berger", "mail": "k.berger@nabu.example"},
            {"upn": "lea.voss_nabu.de#EXT#@contoso.onmicrosoft.com", "display_name": "Lea"},
        ],
    }
    tenant = load_scenario(scenario)
    assert tenant.directory.user("lea.voss_nabu.de#EXT#@contoso.onmicrosoft.com").email == (
        "lea.voss@nabu.de"
    )
    tenant.set_fields(tenant.find("Freigabe", "Dokument 3.docx"), {"Title": "x"}, by=guest)
    headers = {"Authorization": "Bearer sim-token"}
    async with httpx.AsyncClient(
        transport=SimulatorTransport(tenant), base_url="http://127.0.0.1", headers=headers
    ) as http:
        found = await modifiers(http, tenant, "Dokument 3.docx")
    assert {i["user"]["email"] for i in found.values()} == {"k.berger@nabu.example"}

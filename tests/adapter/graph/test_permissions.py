"""The simulator enforces application permissions: tenant-wide roles and per-site grants."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorTransport, Tenant, load_scenario
from jobs.check import token_roles
from tests import support

HOST = "allianz.sharepoint.com"
OTHER = "/sites/vorstand"
TOKENS: dict[str, dict[str, Any]] = {
    "selected-write": {"roles": ["Sites.Selected"], "app_name": "freigabe"},
    "selected-read": {"roles": ["Sites.Selected"], "app_name": "leser"},
    "selected-manage": {"roles": ["Sites.Selected"], "app_name": "verwalter"},
    "selected-none": {"roles": ["Sites.Selected"], "app_name": "ohne"},
    "read-all": {"roles": ["Sites.Read.All"], "app_name": "alles-lesen"},
    "readwrite-all": {"roles": ["Sites.ReadWrite.All"], "app_name": "alles-schreiben"},
    "fullcontrol-all": {"roles": ["Sites.FullControl.All"], "app_name": "admin"},
    "no-roles": {"roles": [], "app_name": "leer"},
}
GRANTS = [
    {"app": "freigabe", "roles": ["write"]},
    {"app": "leser", "roles": ["read"]},
    {"app": "verwalter", "roles": ["manage"]},
]


@pytest.fixture
def tenant() -> Tenant:
    data = support.scenario(documents=1)
    data["tokens"] = TOKENS
    data["sites"][0]["grants"] = GRANTS
    data["sites"].append({"path": OTHER, "display_name": "Vorstand", "libraries": []})
    return load_scenario(data)


@pytest.fixture
async def graph(tenant: Tenant) -> AsyncIterator[httpx.AsyncClient]:
    transport = SimulatorTransport(tenant)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1/v1.0") as client:
        yield client


async def _call(graph: httpx.AsyncClient, tenant: Tenant, token: str, op: str) -> httpx.Response:
    lib = tenant.library("Bibliothek 0")
    site = lib.site.id
    auth = {"Authorization": f"Bearer {token}"}
    item = f"/sites/{site}/lists/{lib.list_id}/items/1"
    if op == "read site":
        return await graph.get(f"/sites/{HOST}:/sites/allianz", headers=auth)
    if op == "read other site":
        return await graph.get(f"/sites/{HOST}:{OTHER}", headers=auth)
    if op == "read delta":
        return await graph.get(f"/drives/{lib.drive_id}/root/delta", headers=auth)
    if op == "write fields":
        return await graph.patch(f"{item}/fields", json={"Title": "neu"}, headers=auth)
    if op == "create column":
        column = {"name": "Neu", "text": {}}
        return await graph.post(
            f"/sites/{site}/lists/{lib.list_id}/columns", json=column, headers=auth
        )
    body: dict[str, Any] = {
        "roles": ["read"],
        "grantedToIdentities": [{"application": {"id": "x", "displayName": "x"}}],
    }
    return await graph.post(f"/sites/{site}/permissions", json=body, headers=auth)


OPS = ("read site", "read other site", "read delta", "write fields", "create column", "grant")
ALLOWED = {
    "selected-write": {"read site", "read delta", "write fields"},
    "selected-read": {"read site", "read delta"},
    "selected-manage": {"read site", "read delta", "write fields", "create column"},
    "selected-none": set(),
    "read-all": {"read site", "read other site", "read delta"},
    "readwrite-all": {"read site", "read other site", "read delta", "write fields"},
    "fullcontrol-all": set(OPS),
    "no-roles": set(),
}


@pytest.mark.parametrize("token", list(TOKENS))
@pytest.mark.parametrize("op", OPS)
async def test_requests_need_a_role_or_a_site_grant(
    graph: httpx.AsyncClient, tenant: Tenant, token: str, op: str
) -> None:
    """Each request succeeds exactly when the token's roles or grants allow it, else 403."""
    response = await _call(graph, tenant, token, op)
    if op in ALLOWED[token]:
        assert response.status_code < 300, response.text
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "accessDenied"


async def test_granting_over_http_opens_the_site(graph: httpx.AsyncClient, tenant: Tenant) -> None:
    """POST /sites/{id}/permissions by a FullControl app gives a Sites.Selected app access."""
    other = tenant.site(OTHER)
    app_id = tenant.directory.principal("app:ohne").id
    before = await graph.get(
        f"/sites/{other.id}", headers={"Authorization": "Bearer selected-none"}
    )
    body = {
        "roles": ["write"],
        "grantedToIdentities": [{"application": {"id": app_id, "displayName": "ohne"}}],
    }
    admin = {"Authorization": "Bearer fullcontrol-all"}
    created = await graph.post(f"/sites/{other.id}/permissions", json=body, headers=admin)
    after = await graph.get(f"/sites/{other.id}", headers={"Authorization": "Bearer selected-none"})
    listed = await graph.get(f"/sites/{other.id}/permissions", headers=admin)
    assert (before.status_code, created.status_code, after.status_code) == (403, 201, 200)
    assert created.json()["roles"] == ["write"]
    assert [p["grantedToIdentities"][0]["application"]["id"] for p in listed.json()["value"]] == [
        app_id
    ]


async def test_a_grant_is_created_with_write_and_raised_with_patch(
    graph: httpx.AsyncClient, tenant: Tenant
) -> None:
    """As reported for SharePoint: POST takes read/write (not manage), PATCH raises the role."""
    other = tenant.site(OTHER)
    app_id = tenant.directory.principal("app:ohne").id
    admin = {"Authorization": "Bearer fullcontrol-all"}
    identity = [{"application": {"id": app_id, "displayName": "ohne"}}]
    url = f"/sites/{other.id}/permissions"
    manage = await graph.post(
        url, json={"roles": ["manage"], "grantedToIdentities": identity}, headers=admin
    )
    created = await graph.post(
        url, json={"roles": ["write"], "grantedToIdentities": identity}, headers=admin
    )
    grant = created.json()["id"]
    raised = await graph.patch(f"{url}/{grant}", json={"roles": ["manage"]}, headers=admin)
    owner = await graph.patch(f"{url}/{grant}", json={"roles": ["owner"]}, headers=admin)
    listed = await graph.get(url, headers=admin)
    assert (manage.status_code, created.status_code, raised.status_code) == (400, 201, 200)
    assert owner.status_code == 400
    assert [p["roles"] for p in listed.json()["value"]] == [["manage"]]


async def test_batch_requests_are_authorised_one_by_one(
    graph: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Inside $batch, a request on a site without grant answers 403 while its sibling succeeds."""
    allianz, other = tenant.site("/sites/allianz"), tenant.site(OTHER)
    body = {
        "requests": [
            {"id": "1", "method": "GET", "url": f"/sites/{allianz.id}"},
            {"id": "2", "method": "GET", "url": f"/sites/{other.id}"},
        ]
    }
    auth = {"Authorization": "Bearer selected-write"}
    answer = await graph.post(
        "/$batch", content=json.dumps(body), headers=auth | {"Content-Type": "application/json"}
    )
    statuses = {r["id"]: r["status"] for r in answer.json()["responses"]}
    assert statuses == {"1": 200, "2": 403}


@pytest.mark.parametrize(
    "grants", [[{"app": "freigabe", "roles": ["owner"]}], [{"app": "freigabe", "roles": []}]]
)
def test_scenario_refuses_unknown_grant_roles(grants: list[dict[str, Any]]) -> None:
    """A grant with an unknown role or none is a scenario error naming the site."""
    data = support.scenario(documents=0)
    data["sites"][0]["grants"] = grants
    with pytest.raises(ValueError, match=r"sites\[0\]"):
        load_scenario(data)


def test_jwt_tokens_carry_their_roles() -> None:
    """A ``jwt: true`` token is accepted as the JWT whose claims decode to its roles."""
    data = support.scenario(documents=0)
    data["tenant"]["id"] = support.TENANT_ID
    roles = ["Sites.Selected", "GroupMember.Read.All"]
    data["tokens"] = {support.TOKEN: {"roles": roles, "app_id": support.APP_ID, "jwt": True}}
    tenant = load_scenario(data)
    token = support.jwt_token(roles)
    assert set(tenant.directory.tokens) == {token}
    assert token_roles(token) == roles
    assert support.TOKEN not in token

"""Users and group members (who may vote for an organisation): roles, limited members, paging."""

from __future__ import annotations

import httpx
import pytest
from kiota_abstractions.api_error import APIError
from msgraph import GraphServiceClient

from freigabe_devtools.graphsim import SimulatorServer, Tenant
from tests.simulator.conftest import APPROVER, GUEST, MEMBERS_TOKEN, SITES_TOKEN


async def test_group_members_include_guests(graph: GraphServiceClient, tenant: Tenant) -> None:
    """A group's members are users with UPN, mail and userType (guests as Guest)."""
    group = next(iter(tenant.directory.groups.values()))
    members = await graph.groups.by_group_id(group.id).members.get()
    users = {m.user_principal_name: m for m in members.value}
    assert set(users) == {APPROVER, GUEST}
    assert users[GUEST].user_type == "Guest"
    assert users[GUEST].mail == "jonas.keller@dwv.example"
    transitive = await graph.groups.by_group_id(group.id).transitive_members.get()
    assert len(transitive.value) == 2


@pytest.mark.parametrize("key", ["upn", "id"])
async def test_user_by_upn_or_id(graph: GraphServiceClient, tenant: Tenant, key: str) -> None:
    """A user is found by UPN (even a guest's, with '#') or by object id."""
    user = tenant.directory.user(GUEST)
    found = await graph.users.by_user_id(GUEST if key == "upn" else user.id).get()
    assert (found.id, found.display_name) == (user.id, "Jonas Keller")


async def test_unknown_group_is_404(graph: GraphServiceClient) -> None:
    """An unknown group answers 404 Request_ResourceNotFound."""
    with pytest.raises(APIError) as caught:
        await graph.groups.by_group_id("00000000-0000-0000-0000-000000000000").members.get()
    assert caught.value.response_status_code == 404


def client(server: SimulatorServer, token: str) -> httpx.AsyncClient:
    """A plain client at the server's Graph base URL with ``token``."""
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=server.base_url, headers=headers)


@pytest.mark.parametrize("path", ["users/{user}", "groups/{group}", "groups/{group}/members"])
async def test_directory_reads_need_directory_roles(
    server: SimulatorServer, tenant: Tenant, path: str
) -> None:
    """Sites roles alone do not read the directory: 403 Authorization_RequestDenied."""
    group = next(iter(tenant.directory.groups))
    url = "/" + path.format(user=tenant.directory.user(APPROVER).id, group=group)
    async with client(server, SITES_TOKEN) as http:
        response = await http.get(url)
        transitive = await http.get(f"/groups/{group}/transitiveMembers")
    assert (response.status_code, transitive.status_code) == (403, 403)
    error = response.json()["error"]
    assert (error["code"], error["message"]) == (
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )


@pytest.mark.parametrize("relation", ["members", "transitiveMembers"])
async def test_members_carry_only_ids_without_user_roles(
    server: SimulatorServer, tenant: Tenant, relation: str
) -> None:
    """GroupMember.Read.All alone: each member is its type and id, the rest null, $select too."""
    group = next(iter(tenant.directory.groups))
    async with client(server, MEMBERS_TOKEN) as http:
        plain = (await http.get(f"/groups/{group}/{relation}")).json()["value"]
        chosen = await http.get(f"/groups/{group}/{relation}?$select=id,mail,userPrincipalName")
        assert (await http.get(f"/users/{tenant.directory.user(GUEST).id}")).status_code == 403
    ids = [tenant.directory.user(upn).id for upn in (APPROVER, GUEST)]
    assert [(m["@odata.type"], m["id"]) for m in plain] == [
        ("#microsoft.graph.user", i) for i in ids
    ]
    assert all(m["userPrincipalName"] is None and m["mail"] is None for m in plain)
    assert "userType" not in plain[0]
    assert chosen.json()["value"] == plain


async def test_members_in_full_when_the_quirk_is_off(
    server: SimulatorServer, tenant: Tenant
) -> None:
    """With group_members_limited off, GroupMember.Read.All alone gives the whole user."""
    tenant.quirks.group_members_limited = False
    group = next(iter(tenant.directory.groups))
    async with client(server, MEMBERS_TOKEN) as http:
        members = (await http.get(f"/groups/{group}/members")).json()["value"]
    assert [m["userPrincipalName"] for m in members] == [APPROVER, GUEST]


async def test_user_select_and_encoded_guest_upn(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """$select names the properties returned (any case); a guest UPN's # may come as %23."""
    encoded = GUEST.replace("#", "%23")
    response = await http.get(f"/v1.0/users/{encoded}?$select=displayName,MAIL,jobTitle")
    assert response.json() == {
        "displayName": "Jonas Keller",
        "mail": "jonas.keller@dwv.example",
        "jobTitle": None,
    }
    members = await http.get(
        f"/v1.0/groups/{next(iter(tenant.directory.groups))}/members?$select=id,userType"
    )
    assert {m["userType"] for m in members.json()["value"]} == {"Member", "Guest"}
    unknown = await http.get(f"/v1.0/users/{encoded}?$select=schuhgroesse")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (400, "Request_BadRequest")


async def test_members_page_by_hundred(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """250 members: pages of 100, 100, 50 by nextLink keeping $select; $top up to 999."""
    upns = [f"person{n:03d}@dwv.example" for n in range(250)]
    for upn in upns:
        tenant.directory.add_user(upn, upn)
    group = tenant.directory.add_group("Viele", upns)
    url: str | None = f"/v1.0/groups/{group.id}/members?$select=userPrincipalName"
    sizes: list[int] = []
    seen: list[str] = []
    while url is not None:
        body = (await http.get(url)).json()
        sizes.append(len(body["value"]))
        seen += [m["userPrincipalName"] for m in body["value"]]
        url = body.get("@odata.nextLink")
        assert url is None or ("%24skiptoken=" in url and "%24select=" in url)
        assert url is None or url.startswith(str(http.base_url))
    assert (sizes, seen) == ([100, 100, 50], upns)
    top = (await http.get(f"/v1.0/groups/{group.id}/members?$top=5000")).json()
    assert (len(top["value"]), "@odata.nextLink" in top) == (250, False)
    tenant.quirks.paging = False
    whole = (await http.get(f"/v1.0/groups/{group.id}/transitiveMembers")).json()
    assert (len(whole["value"]), "@odata.nextLink" in whole) == (250, False)


async def test_bad_skiptoken_is_400(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A $skiptoken the simulator did not issue answers 400."""
    group = next(iter(tenant.directory.groups))
    response = await http.get(f"/v1.0/groups/{group}/members?$skiptoken=erfunden")
    assert response.status_code == 400

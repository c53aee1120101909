"""Users and group members through msgraph-sdk (who may vote for an organisation)."""

from __future__ import annotations

import pytest
from kiota_abstractions.api_error import APIError
from msgraph import GraphServiceClient

from integration.graphsim import Tenant
from tests.simulator.conftest import APPROVER, GUEST


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

"""Handlers for the directory: users and the members of groups (approver organisations)."""

from __future__ import annotations

from integration.graphsim.context import Call
from integration.graphsim.messages import GraphProblem, SimResponse, json_response
from integration.graphsim.model import Group, Principal

__all__ = ["get_group", "get_user", "list_group_members"]


def _user_json(user: Principal) -> dict[str, object]:
    upn = user.upn or ""
    return {
        "@odata.type": "#microsoft.graph.user",
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": upn,
        "mail": user.email,
        "userType": "Guest" if "#EXT#" in upn else "Member",
    }


def _group(call: Call) -> Group:
    group = call.tenant.directory.groups.get(call.ids[0])
    if group is None:
        raise GraphProblem(
            404, "Request_ResourceNotFound", f"Resource '{call.ids[0]}' does not exist."
        )
    return group


def get_user(call: Call) -> SimResponse:
    """``GET /users/{id | userPrincipalName}``."""
    try:
        user = call.tenant.directory.user(call.ids[0])
    except KeyError:
        raise GraphProblem(
            404, "Request_ResourceNotFound", f"Resource '{call.ids[0]}' does not exist."
        ) from None
    return json_response(_user_json(user))


def get_group(call: Call) -> SimResponse:
    """``GET /groups/{id}``."""
    group = _group(call)
    return json_response(
        {
            "id": group.id,
            "displayName": group.display_name,
            "mailEnabled": False,
            "securityEnabled": True,
        }
    )


def list_group_members(call: Call) -> SimResponse:
    """``GET /groups/{id}/members`` (and ``transitiveMembers``: groups do not nest here)."""
    members = call.tenant.directory.members(_group(call).id)
    return json_response({"value": [_user_json(user) for user in members]})

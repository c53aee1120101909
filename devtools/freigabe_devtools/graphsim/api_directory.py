"""Handlers for the directory: users and the members of groups (approver organisations).

Reading needs directory roles (see ``permissions``). Members come 100 to a page and, unless
the token may also read users, with nothing but their id (``Quirks.group_members_limited``).
"""

from __future__ import annotations

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.grants import USER_READ_ROLES
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Group, Principal
from freigabe_devtools.graphsim.paging import GROUP_MEMBERS, collection, page

__all__ = ["get_group", "get_user", "list_group_members", "list_transitive_members"]

Json = dict[str, object]
_USER_TYPE = "#microsoft.graph.user"
# properties of Graph's user that the simulator does not model read as null (or [])
_UNMODELLED: Json = {
    "businessPhones": [],
    "givenName": None,
    "surname": None,
    "jobTitle": None,
    "mobilePhone": None,
    "officeLocation": None,
    "preferredLanguage": None,
    "accountEnabled": None,
}
_LIMITED: Json = {
    **_UNMODELLED,
    "displayName": None,
    "mail": None,
    "userPrincipalName": None,
}


def _user_json(user: Principal) -> Json:
    upn = user.upn or ""
    return {
        "@odata.type": _USER_TYPE,
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": upn,
        "mail": user.email,
        "userType": "Guest" if "#EXT#" in upn else "Member",
    }


def _selected(user: Principal, select: frozenset[str] | None) -> Json:
    """The user, or only the properties ``$select`` names (any case; unknown ones 400)."""
    full = _user_json(user)
    if select is None:
        return full
    del full["@odata.type"]
    properties = {**full, **{k: v for k, v in _UNMODELLED.items() if k not in full}}
    wanted = {name.lower() for name in select}
    unknown = sorted(wanted - {name.lower() for name in properties})
    if unknown:
        raise GraphProblem(
            400,
            "Request_BadRequest",
            f"Could not find a property named '{unknown[0]}' on type 'microsoft.graph.user'.",
        )
    return {name: value for name, value in properties.items() if name.lower() in wanted}


def _not_found(ref: str) -> GraphProblem:
    return GraphProblem(404, "Request_ResourceNotFound", f"Resource '{ref}' does not exist.")


def _group(call: Call) -> Group:
    group = call.tenant.directory.groups.get(call.ids[0])
    if group is None:
        raise _not_found(call.ids[0])
    return group


def get_user(call: Call) -> SimResponse:
    """``GET /users/{id | userPrincipalName}`` (a guest's ``#`` arrives as ``%23``)."""
    try:
        user = call.tenant.directory.user(call.ids[0])
    except KeyError:
        raise _not_found(call.ids[0]) from None
    return json_response(_selected(user, call.select()))


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


def _members(call: Call, relation: str) -> SimResponse:
    group = _group(call)
    path = f"/groups/{group.id}/{relation}"
    members, link = page(call, call.tenant.directory.members(group.id), GROUP_MEMBERS, path)
    limited = call.tenant.quirks.group_members_limited and USER_READ_ROLES.isdisjoint(
        call.grant.roles
    )
    select = call.select()
    value = [
        {"@odata.type": _USER_TYPE, "id": user.id, **_LIMITED}
        if limited
        else {**_selected(user, select), "@odata.type": _USER_TYPE}
        for user in members
    ]
    return json_response(collection(value, link))


def list_group_members(call: Call) -> SimResponse:
    """``GET /groups/{id}/members``."""
    return _members(call, "members")


def list_transitive_members(call: Call) -> SimResponse:
    """``GET /groups/{id}/transitiveMembers`` (groups do not nest here: the same users)."""
    return _members(call, "transitiveMembers")

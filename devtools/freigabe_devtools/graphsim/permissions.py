"""Enforcing application permissions, site grants over HTTP, and JWT-shaped tokens.

Every routed Graph request passes :func:`authorise` with the token's grant: a request on a
site (``/sites/{id}/...``) or on one of its drives (``/drives/{id}/...``) needs the level its
route demands (reads ``read``, writes ``write``, creating, changing and deleting columns
``manage``,
site permissions ``fullcontrol``), from a ``Sites.*.All`` role or, with ``Sites.Selected``,
from a grant on that site. Short of it the answer is 403 ``accessDenied``, as SharePoint
gives it. Users and groups need a directory role (``grants.USER_READ_ROLES``,
``grants.GROUP_READ_ROLES``); without one Entra answers 403 ``Authorization_RequestDenied``.
Sending mail needs ``Mail.Send``; without it Exchange answers 403 ``ErrorAccessDenied``.
A token without any role is refused on every route.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.grants import GROUP_READ_ROLES, LEVELS, USER_READ_ROLES, SiteGrant
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Site, TokenGrant
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = [
    "GRAPH_AUDIENCE",
    "authorise",
    "create_permission",
    "grant_site",
    "list_permissions",
    "mint_jwt",
    "required_level",
    "signed_with",
    "update_permission",
]

GRAPH_AUDIENCE = "https://graph.microsoft.com"

_NEEDS = {
    "POST /sites/{id}/lists/{id}/columns": "manage",
    "DELETE /sites/{id}/lists/{id}/columns/{id}": "manage",
    # Microsoft Learn "Update columnDefinition": Sites.Manage.All least privileged
    "PATCH /sites/{id}/lists/{id}/columns/{id}": "manage",
    "GET /sites/{id}/permissions": "fullcontrol",
    "POST /sites/{id}/permissions": "fullcontrol",
    "PATCH /sites/{id}/permissions/{id}": "fullcontrol",
}

# Microsoft Learn ("Selected permissions overview") documents the roles read, write, owner
# and fullcontrol; reports say a new grant takes read or write (and fullcontrol, PR #9597 of
# microsoft-graph-docs-contrib), while a higher role is set afterwards with PATCH
# (microsoft-graph-docs#18421, #14178). "manage" is what PATCH reportedly accepts for
# column management; "owner" is refused both ways.
_CREATABLE = frozenset({"read", "write", "fullcontrol"})
_DIRECTORY_NEEDS = {
    "GET /users/{id}": USER_READ_ROLES,
    "GET /groups/{id}": GROUP_READ_ROLES,
    "GET /groups/{id}/members": GROUP_READ_ROLES,
    "GET /groups/{id}/transitiveMembers": GROUP_READ_ROLES,
}
_MAIL_ROUTES = frozenset({"POST /users/{id}/sendMail"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_jwt(
    secret: str,
    *,
    roles: Iterable[str],
    app_id: str,
    tenant_id: str,
    app_name: str = "freigabe",
    audience: str = GRAPH_AUDIENCE,
) -> str:
    """An app-only access token shaped like Entra ID's: ``header.claims.signature``.

    Deterministic for the same arguments, so a test can compute the token a scenario entry
    with ``jwt: true`` registers. The signature is an HMAC keyed with ``secret``; nobody
    checks it, but the secret never shows in the token.
    """
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "aud": audience,
        "iss": f"https://sts.windows.net/{tenant_id}/",
        "tid": tenant_id,
        "appid": app_id,
        "app_displayname": app_name,
        "idtyp": "app",
        "roles": list(roles),
    }
    signing_input = ".".join(
        _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    return f"{signing_input}.{_signature(secret, signing_input)}"


def _signature(secret: str, signing_input: str) -> str:
    return _b64(hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest())


def signed_with(token: str, secret: str) -> bool:
    """Whether ``token`` is a JWT that :func:`mint_jwt` made with ``secret``."""
    signing_input, _, signature = token.rpartition(".")
    return hmac.compare_digest(signature, _signature(secret, signing_input))


def required_level(route_key: str) -> str:
    """The site level a route needs: ``read`` for GET, ``write`` for other methods, or more."""
    return _NEEDS.get(route_key) or ("read" if route_key.startswith("GET ") else "write")


def _site_of(tenant: Tenant, route_key: str, ids: tuple[str, ...]) -> Site | None:
    template = route_key.partition(" ")[2]
    if template.startswith("/sites/{id}"):
        try:
            return tenant.site(ids[0])
        except KeyError:
            return None  # the handler answers 404
    if template.startswith("/drives/{id}"):
        lib = tenant.drives.get(ids[0])
        return lib.site if lib is not None else None
    return None


def authorise(tenant: Tenant, grant: TokenGrant, route_key: str, ids: tuple[str, ...]) -> None:
    """Raise 403 ``accessDenied`` unless ``grant`` may make this request."""
    if not grant.roles:
        raise GraphProblem(
            403, "accessDenied", "Either scp or roles claim need to be present in the token."
        )
    directory_roles = _DIRECTORY_NEEDS.get(route_key)
    if directory_roles is not None and directory_roles.isdisjoint(grant.roles):
        raise GraphProblem(
            403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
        )
    if route_key in _MAIL_ROUTES and "Mail.Send" not in grant.roles:
        raise GraphProblem(
            403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."
        )
    site = _site_of(tenant, route_key, ids)
    if site is None:
        return
    needed = LEVELS.index(required_level(route_key))
    if tenant.site_grants.level(site.id, grant.app.id, grant.roles) < needed:
        raise GraphProblem(403, "accessDenied", "Access denied")


def grant_site(
    tenant: Tenant, site: Site, roles: Iterable[str], *, app_id: str, app_name: str = ""
) -> SiteGrant:
    """Grant application ``app_id`` the ``roles`` on ``site`` (ValueError for a bad role)."""
    return tenant.site_grants.add(tenant.ids.guid(), site.id, app_id, app_name, roles)


def _permission_json(grant: SiteGrant) -> dict[str, Any]:
    identity = {"application": {"id": grant.app_id, "displayName": grant.app_name}}
    return {
        "id": grant.id,
        "roles": list(grant.roles),
        "grantedToIdentities": [identity],
        "grantedToIdentitiesV2": [identity],
    }


def list_permissions(call: Call) -> SimResponse:
    """``GET /sites/{site}/permissions``: the applications granted on the site."""
    grants = call.tenant.site_grants.of_site(call.site().id)
    return json_response({"value": [_permission_json(g) for g in grants]})


def _application(body: Mapping[str, Any]) -> Mapping[str, Any]:
    identities = body.get("grantedToIdentities") or body.get("grantedToIdentitiesV2")
    if isinstance(identities, list) and identities and isinstance(identities[0], Mapping):
        app = identities[0].get("application")
        if isinstance(app, Mapping) and isinstance(app.get("id"), str):
            return app
    raise GraphProblem(
        400, "invalidRequest", "grantedToIdentities must name an application with an id."
    )


def create_permission(call: Call) -> SimResponse:
    """``POST /sites/{site}/permissions``: grant an application roles on the site (201)."""
    site = call.site()
    body = call.request.json()
    if not isinstance(body, Mapping) or not isinstance(body.get("roles"), list):
        raise GraphProblem(400, "invalidRequest", "A permission with roles is expected.")
    app = _application(body)
    refused = sorted({str(r).lower() for r in body["roles"]} - _CREATABLE)
    if refused:
        raise GraphProblem(
            400,
            "invalidRequest",
            f"Invalid value for role: {', '.join(refused)} (create with read or write, "
            "then update the permission)",
        )
    try:
        grant = grant_site(
            call.tenant,
            site,
            [str(r) for r in body["roles"]],
            app_id=str(app["id"]),
            app_name=str(app.get("displayName") or ""),
        )
    except ValueError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    return json_response(_permission_json(grant), status=201)


def update_permission(call: Call) -> SimResponse:
    """``PATCH /sites/{site}/permissions/{id}``: replace the roles of a grant (200)."""
    site = call.site()
    body = call.request.json()
    if not isinstance(body, Mapping) or not isinstance(body.get("roles"), list):
        raise GraphProblem(400, "invalidRequest", "A permission with roles is expected.")
    roles = [str(r) for r in body["roles"]]
    if any(r.lower() == "owner" for r in roles):
        raise GraphProblem(400, "invalidRequest", "Invalid value for role: owner")
    try:
        grant = call.tenant.site_grants.update(site.id, call.ids[1], roles)
    except KeyError:
        raise GraphProblem(404, "itemNotFound", "The permission could not be found.") from None
    except ValueError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    return json_response(_permission_json(grant))

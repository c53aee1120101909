"""The identitySet SharePoint puts in ``createdBy``/``lastModifiedBy``, shaped by the quirks.

A person is named by Entra object id, mail address (not the UPN) and display name; a write
made with an application token is attributed to SharePoint's "SharePoint App" user beside
the application. ``Quirks.user_identity`` and ``Quirks.app_identity`` choose the variants.
"""

from __future__ import annotations

from freigabe_devtools.graphsim.columns import JsonValue
from freigabe_devtools.graphsim.model import Principal
from freigabe_devtools.graphsim.quirks import Quirks

__all__ = ["SHAREPOINT_APP", "identity_set"]

SHAREPOINT_APP = "SharePoint App"
"""The display name of the user SharePoint records for every app-only write."""


def identity_set(principal: Principal, quirks: Quirks) -> dict[str, JsonValue]:
    """The identitySet of ``principal`` as this tenant renders it."""
    if principal.kind == "application":
        app = {"id": principal.id, "displayName": principal.display_name}
        if quirks.app_identity == "application":
            return {"application": app}
        if quirks.app_identity == "user_only":
            return {"user": {"email": "", "displayName": SHAREPOINT_APP}}
        return {"application": app, "user": {"displayName": SHAREPOINT_APP}}
    user: dict[str, JsonValue] = {"id": principal.id}
    if quirks.user_identity != "id_only":
        user["email"] = principal.email
    user["displayName"] = principal.display_name
    if quirks.user_identity == "upn":
        user["userPrincipalName"] = principal.upn
    return {"user": user}

"""Who made a change, as SharePoint names them: the identitySet of createdBy/lastModifiedBy.

What SharePoint Online really sends (see ``../shared/docs/GRAPH_NOTES.md``, corrections):

- a person: ``{"user": {"id", "email", "displayName"}}``. ``email`` is the mail address, not
  the user principal name (a guest ``kai.berger_nabu.de#EXT#@tenant`` shows as
  ``kai.berger@nabu.de``); some answers carry only ``id`` and ``displayName``, and the id has
  been seen missing (microsoft-graph-docs#10425, #7876). The id is the Entra object id, which
  is why people are matched by id first.
- an application (app-only writes, freigabe's own): ``{"application": {"id",
  "displayName"}, "user": {"displayName": "SharePoint App"}}``, and in some captures only
  ``{"user": {"email": "", "displayName": "SharePoint App"}}`` (pnp/pnpframework#437).

So an identity counts as an application when it has an ``application`` part, when its user
is called "SharePoint App", or when its user has neither an id nor a mail address: a person
always has at least one of them. Never take a user principal name from these sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ports.documents import Identity

__all__ = ["SHAREPOINT_APP", "identity_of"]

SHAREPOINT_APP = "sharepoint app"
"""The display name SharePoint gives the user part of every app-only change (case-folded)."""


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _part(identity_set: Any, name: str) -> Mapping[str, Any] | None:
    """One party of an identitySet, from raw JSON or from the SDK's model, as a mapping."""
    if isinstance(identity_set, Mapping):
        part = identity_set.get(name)
        return part if isinstance(part, Mapping) else None
    party = getattr(identity_set, name, None)
    if party is None:
        return None
    return {
        **(getattr(party, "additional_data", None) or {}),
        "id": getattr(party, "id", None),
        "displayName": getattr(party, "display_name", None),
    }


def identity_of(identity_set: Any) -> Identity | None:
    """The :class:`Identity` of an identitySet (JSON or SDK model); None when it names nobody."""
    if identity_set is None:
        return None
    app = _part(identity_set, "application")
    user = _part(identity_set, "user")
    if app is not None:
        return Identity("app", _text(app.get("id")), None, _text(app.get("displayName")))
    if user is None:
        return None
    uid = _text(user.get("id"))
    email = _text(user.get("email"))
    name = _text(user.get("displayName"))
    if (name or "").casefold() == SHAREPOINT_APP:
        return Identity("app", None, None, name)
    if uid is None and email is None:
        return Identity("app", None, None, name) if name else None
    return Identity("person", uid, email, name)

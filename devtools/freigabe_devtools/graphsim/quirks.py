"""Switches between SharePoint Online's real behaviour (the defaults) and friendlier ones.

Every default answers as SharePoint Online does, habits the documentation leaves out
included; a test that needs the friendly behaviour turns the switch on deliberately. Values
are typed (bool, int or one of a few strings); assigning a wrong type or value raises
``QuirkError``, whether from Python, a scenario's ``quirks:`` or ``POST /_sim/quirks``.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

__all__ = [
    "AppIdentity",
    "QuirkError",
    "Quirks",
    "UserIdentity",
    "check_value",
    "coerce",
    "quirks_json",
    "set_quirks",
]

UserIdentity = Literal["email", "id_only", "upn"]
AppIdentity = Literal["sharepoint_app", "user_only", "application"]


class QuirkError(ValueError):
    """An unknown quirk, or a value of the wrong type for one."""


@dataclass(slots=True)
class Quirks:
    """The tenant's behaviour switches; see each attribute for the real behaviour."""

    list_item_delta_fields: bool = True
    """listItem delta honours ``$expand=fields`` and ``$expand=driveItem``.

    Real: most tenants honour it, some answer the items without the expansion (freigabe's
    ``check`` probes for it). False: the expansions are ignored.
    """

    current_version_content: bool = False
    """``/versions/{current}/content`` serves bytes.

    Real (Microsoft Learn, "Download contents of a driveItemVersion": "not supported for the
    current version"): 400. True: the current version's content is served like any other.
    """

    user_identity: UserIdentity = "email"
    """How a person appears in createdBy/lastModifiedBy (driveItem, listItem, versions).

    Real (Microsoft Learn, identitySet; observed in SharePoint answers): ``{"user": {"id",
    "email", "displayName"}}`` with the Entra object id and the mail address, not the UPN
    (a guest ``kai.berger_nabu.de#EXT#@tenant`` shows ``kai.berger@nabu.de``).
    ``"id_only"``: only id and displayName, as some responses carry. ``"upn"`` (friendly):
    additionally ``userPrincipalName``.
    """

    app_identity: AppIdentity = "sharepoint_app"
    """How a write made with an application token appears in createdBy/lastModifiedBy.

    Real (SharePoint attributes app-only writes to its "SharePoint App" user):
    ``{"application": {"id", "displayName"}, "user": {"displayName": "SharePoint App"}}``.
    ``"user_only"``: ``{"user": {"email": "", "displayName": "SharePoint App"}}`` without the
    application (pnp/pnpframework#437). ``"application"`` (friendly): only the application.
    """

    group_members_limited: bool = True
    """Group members (``/members``, ``/transitiveMembers``) carry only their id.

    Real (Microsoft Learn, "List group members", permissions note; Microsoft Q&A 2259512;
    pnp/powershell#5069): with GroupMember.Read.All alone each user is
    ``{"@odata.type": "#microsoft.graph.user", "id": ...}`` and null properties, ``$select``
    ignored; User.ReadBasic.All, User.Read.All, User.ReadWrite.All, Directory.Read.All or
    Directory.ReadWrite.All beside it give the full user. False: always the full user.
    """

    hyperlink_writes_fail: bool = True
    """A Graph fields PATCH (also inside ``$batch``) that sets a hyperlink column fails.

    Real (msgraph-sdk-powershell#2906; microsoft-graph-docs#1965, #12638, #19850;
    msgraph-sdk-php#1445; msgraph-sdk-dotnet#2957): a string value answers 500
    ``generalException``, an ``{Url, Description}`` object 400 ``invalidRequest``; the item
    is unchanged. Clearing (null) is accepted. People in the browser (the Python API) set
    hyperlinks fine. False: Graph writes hyperlinks like any other field.
    """

    hyperlink_facet: bool = False
    """``GET .../columns`` shows a hyperlink column with its ``hyperlinkOrPicture`` facet.

    Real (microsoft-graph-docs#12638, #19850): a hyperlink column comes without any type
    facet, so clients cannot tell its type from the column list. True: with the facet.
    """

    office_rewrite: bool = True
    """Downloads of .docx/.xlsx/.pptx serve bytes with the library's properties written in.

    Real (SharePoint "document property demotion"; rclone#2599, #2036, #9767;
    OneDrive/onedrive-api-docs#935, #1066): the bytes served differ from the bytes stored, so
    they do not match the listed ``size`` and ``quickXorHash``. A ZIP package is served
    with ``docProps/custom.xml`` holding that version's field values; other bytes get a
    trailer naming the version. False: the stored bytes are served.
    """

    hash_after_download: bool = True
    """A file's new content is listed without ``file.hashes`` until it was downloaded once.

    Real (Microsoft Learn, hashes resource: "in some cases hash values may not be available
    ... updated after the item is downloaded"): driveItem reads, both deltas and
    ``/listItem/driveItem`` omit the hashes after an upload or content edit (bulk-seeded
    files too) until any download URL served that content; listing it then moves neither
    eTag nor cTag and adds no delta change. False: the hash is always listed.
    """

    locked_writes_fail: bool = True
    """Graph writes to a file a person has locked (checked out, open) answer 423.

    Real (Microsoft Learn, "Upload small files" and "Update driveItem": 423 Locked): fields
    PATCH (also inside ``$batch``), content PUT and DELETE answer 423 ``resourceLocked``;
    people's writes (the Python API) still go through. False: locks are ignored.
    """

    paging: bool = True
    """Collections page with ``@odata.nextLink`` as SharePoint pages them.

    Real (Microsoft Learn, "Paging Microsoft Graph data"): list item versions and driveItem
    versions 10 per page (``$top`` up to 50), group members 100 (``$top`` up to 999), list
    columns 20 (``$top`` up to 100). False: each collection in one page.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        # dataclass __init__ passes here too, so a Quirks never holds an invalid value
        object.__setattr__(self, name, check_value(name, value))


@functools.cache
def _hints() -> dict[str, Any]:
    return typing.get_type_hints(Quirks)


def check_value(name: str, value: object) -> Any:
    """``value`` if it fits quirk ``name``; QuirkError naming the quirk and the allowed values."""
    hint = _hints().get(name)
    if hint is None:
        known = ", ".join(f.name for f in fields(Quirks))
        raise QuirkError(f"unknown quirk {name!r} (known: {known})")
    return coerce(name, hint, value)


def coerce(name: str, hint: Any, value: object) -> Any:
    """``value`` if it has type ``hint`` (bool, int or a Literal of strings), else QuirkError.

    Strict on purpose: ``1`` is no bool, ``True`` no int, ``"True"`` neither, so a typo in a
    scenario fails loudly instead of switching a quirk the wrong way.
    """
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise QuirkError(f"quirk {name!r} takes true or false, not {value!r}")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise QuirkError(f"quirk {name!r} takes an integer, not {value!r}")
    if typing.get_origin(hint) is not Literal:
        raise TypeError(f"quirk {name!r} has an unsupported type {hint!r}")
    allowed = typing.get_args(hint)
    if isinstance(value, str) and value in allowed:
        return value
    choices = ", ".join(repr(a) for a in allowed)
    raise QuirkError(f"quirk {name!r} takes one of {choices}, not {value!r}")


def set_quirks(quirks: Quirks, values: Mapping[str, object]) -> None:
    """Set several quirks at once; if one is wrong, none is changed."""
    if not isinstance(values, Mapping):
        raise QuirkError("quirks must be given as a mapping of name to value")
    checked = {str(name): check_value(str(name), value) for name, value in values.items()}
    for name, value in checked.items():
        setattr(quirks, name, value)


def quirks_json(quirks: Quirks) -> dict[str, Any]:
    """Every quirk with its current value."""
    return {f.name: getattr(quirks, f.name) for f in fields(Quirks)}

"""Handlers for driveItems: reads, content redirects, versions and their content."""

from __future__ import annotations

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.downloads import download_url
from freigabe_devtools.graphsim.identities import identity_set
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Item, Library
from freigabe_devtools.graphsim.paging import DRIVE_ITEM_VERSIONS, collection, page
from freigabe_devtools.graphsim.pdf import converts_to_pdf
from freigabe_devtools.graphsim.render import (
    drive_item_json,
    iso,
    list_item_json,
    root_json,
)

__all__ = [
    "get_content",
    "get_drive_item",
    "get_drive_item_list_item",
    "get_root",
    "get_version_content",
    "list_drive_item_versions",
]


def _redirect(call: Call, lib: Library, item: Item, version: int) -> SimResponse:
    url = download_url(call.tenant, call.request.origin, lib.drive_id, item.item_id, version)
    return SimResponse(status=302, headers=(("Location", url),))


def get_root(call: Call) -> SimResponse:
    """``GET /drives/{d}/root``."""
    return json_response(root_json(call.drive()))


def get_drive_item(call: Call) -> SimResponse:
    """``GET /drives/{d}/items/{i}``, with ``cTag`` (unlike delta)."""
    lib = call.drive()
    if call.ids[1] == lib.root_id:
        return json_response(root_json(lib))
    return json_response(drive_item_json(lib, call.drive_item(lib), call.tenant.quirks, ctag=True))


def get_drive_item_list_item(call: Call) -> SimResponse:
    """``GET /drives/{d}/items/{i}/listItem`` (``$expand=fields`` honoured)."""
    lib = call.drive()
    expand = call.expand_fields()
    item = call.drive_item(lib)
    body = list_item_json(lib, item, call.tenant.quirks, fields=expand.wanted, select=expand.select)
    return json_response(body)


def get_content(call: Call) -> SimResponse:
    """``GET /drives/{d}/items/{i}/content``: 302 to a pre-authenticated download URL.

    ``?format=pdf`` redirects to the PDF of the current content, for the types Graph
    converts; any other type, or another format, answers 406 ``notSupported`` (``pdf``).
    """
    lib = call.drive()
    item = call.drive_item(lib)
    wanted = call.query.get("format")
    if wanted is None:
        return _redirect(call, lib, item, item.current.number)
    if wanted.lower() != "pdf" or not converts_to_pdf(item.current.name):
        _, _, ext = item.current.name.rpartition(".")
        raise GraphProblem(406, "notSupported", ext.lower() or wanted)
    url = download_url(
        call.tenant,
        call.request.origin,
        lib.drive_id,
        item.item_id,
        item.current.number,
        rendition="pdf",
    )
    return SimResponse(status=302, headers=(("Location", url),))


def list_drive_item_versions(call: Call) -> SimResponse:
    """``GET /drives/{d}/items/{i}/versions``: newest first, each with a download URL."""
    lib = call.drive()
    item = call.drive_item(lib)
    path = f"/drives/{lib.drive_id}/items/{item.item_id}/versions"
    versions, link = page(call, item.versions[::-1], DRIVE_ITEM_VERSIONS, path)
    value = [
        {
            "id": v.label,
            "lastModifiedDateTime": iso(v.at),
            "lastModifiedBy": identity_set(v.by, call.tenant.quirks),
            "size": v.content.size,
            "@microsoft.graph.downloadUrl": download_url(
                call.tenant, call.request.origin, lib.drive_id, item.item_id, v.number
            ),
        }
        for v in versions
    ]
    return json_response(collection(value, link))


def get_version_content(call: Call) -> SimResponse:
    """``GET /drives/{d}/items/{i}/versions/{v}/content``: 302, like the item's content.

    The current version answers 400 as documented ("not supported"), unless the tenant's
    ``quirks.current_version_content`` is set.
    """
    lib = call.drive()
    item = call.drive_item(lib)
    label = call.ids[2]
    for version in item.versions:
        if version.label != label:
            continue
        if version is item.current and not call.tenant.quirks.current_version_content:
            raise GraphProblem(
                400,
                "invalidRequest",
                "Getting the content of the current version is not supported.",
            )
        return _redirect(call, lib, item, version.number)
    raise GraphProblem(404, "itemNotFound", "The version could not be found.")

"""Handlers for list items: reads with fields, the fields PATCH, versions, and paging."""

from __future__ import annotations

from collections.abc import Mapping

from freigabe_devtools.graphsim.columns import FieldError, JsonValue
from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.edits import NameConflict, write_fields
from freigabe_devtools.graphsim.locks import ensure_unlocked
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Library
from freigabe_devtools.graphsim.paging import LIST_ITEM_VERSIONS, collection, page
from freigabe_devtools.graphsim.render import (
    drive_item_json,
    fields_json,
    list_item_json,
    list_item_version_json,
)

__all__ = [
    "get_fields",
    "get_list_item",
    "get_list_item_drive_item",
    "get_list_item_version",
    "list_item_versions",
    "list_items",
    "patch_fields",
]

_PAGE_DEFAULT = 200
_PAGE_MAX = 5000


def list_items(call: Call) -> SimResponse:
    """``GET /sites/{s}/lists/{l}/items`` in list item id order, paged by ``$skiptoken``.

    ``$expand=driveItem`` adds each file's driveItem, as SharePoint does for document
    libraries (OneDrive/onedrive-api-docs#829: ``/lists/{id}/items?$expand=driveItem``).
    """
    lib = call.library()
    quirks = call.tenant.quirks
    top = call.top(_PAGE_DEFAULT, _PAGE_MAX)
    expand = call.expand_fields()
    with_drive_item = call.expands("driveItem")
    raw = call.query.get("$skiptoken", "0")
    pos = int(raw) if raw.isdigit() else 0
    value: list[dict[str, object]] = []
    while pos < len(lib.by_number) and len(value) < top:
        item = lib.by_number[pos]
        pos += 1
        if not item.deleted:
            body = list_item_json(lib, item, quirks, fields=expand.wanted, select=expand.select)
            if with_drive_item:
                body["driveItem"] = drive_item_json(lib, item, quirks)
            value.append(body)
    page: dict[str, object] = {"value": value}
    if pos < len(lib.by_number):
        params = {k: v for k, v in call.query.items() if k != "$skiptoken"}
        path = f"/sites/{lib.site.id}/lists/{lib.list_id}/items"
        page["@odata.nextLink"] = call.link(path, {**params, "$skiptoken": str(pos)})
    return json_response(page)


def get_list_item(call: Call) -> SimResponse:
    """``GET /sites/{s}/lists/{l}/items/{id}`` (``$expand=fields[($select=...)]``)."""
    lib = call.library()
    expand = call.expand_fields()
    item = call.list_item(lib)
    body = list_item_json(lib, item, call.tenant.quirks, fields=expand.wanted, select=expand.select)
    return json_response(body)


def get_fields(call: Call) -> SimResponse:
    """``GET /sites/{s}/lists/{l}/items/{id}/fields``: the fieldValueSet."""
    lib = call.library()
    item = call.list_item(lib)
    return json_response(fields_json(lib, item, item.current, call.select()))


def get_list_item_drive_item(call: Call) -> SimResponse:
    """``GET /sites/{s}/lists/{l}/items/{id}/driveItem``."""
    lib = call.library()
    return json_response(drive_item_json(lib, call.list_item(lib), call.tenant.quirks, ctag=True))


def _refuse_hyperlinks(lib: Library, body: Mapping[str, JsonValue]) -> None:
    """SharePoint's Graph fails every write of a hyperlink value; clearing one passes."""
    for key, value in body.items():
        col = lib.columns.get(key.lower())
        if col is None or col.name != key or col.kind != "hyperlink" or value is None:
            continue
        if isinstance(value, str):
            raise GraphProblem(500, "generalException", "General exception while processing")
        raise GraphProblem(400, "invalidRequest", "Invalid request")


def patch_fields(call: Call) -> SimResponse:
    """``PATCH .../items/{id}/fields``: a new version by the calling app; honours If-Match.

    Setting a hyperlink column fails as in SharePoint unless ``hyperlink_writes_fail`` is off;
    a locked file answers 423 unless ``locked_writes_fail`` is off.
    """
    lib = call.library()
    item = call.list_item(lib)
    ensure_unlocked(item, call.tenant.quirks)
    call.check_if_match(item)
    body = call.request.json()
    if not isinstance(body, Mapping):
        raise GraphProblem(400, "invalidRequest", "A fieldValueSet object is expected.")
    if call.tenant.quirks.hyperlink_writes_fail:
        _refuse_hyperlinks(lib, body)
    try:
        write_fields(lib, item, body, call.grant.app, call.tenant.now())
    except NameConflict as err:
        raise GraphProblem(409, "nameAlreadyExists", str(err)) from None
    except FieldError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    return json_response(fields_json(lib, item, item.current))


def list_item_versions(call: Call) -> SimResponse:
    """``GET .../items/{id}/versions``: newest first, fields when expanded, 10 to a page."""
    lib = call.library()
    item = call.list_item(lib)
    expand = call.expand_fields()
    path = f"/sites/{lib.site.id}/lists/{lib.list_id}/items/{item.list_item_id}/versions"
    versions, link = page(call, item.versions[::-1], LIST_ITEM_VERSIONS, path)
    value = [
        list_item_version_json(
            lib, item, v, call.tenant.quirks, fields=expand.wanted, select=expand.select
        )
        for v in versions
    ]
    return json_response(collection(value, link))


def get_list_item_version(call: Call) -> SimResponse:
    """``GET .../items/{id}/versions/{label}``."""
    lib = call.library()
    item = call.list_item(lib)
    expand = call.expand_fields()
    for version in item.versions:
        if version.label == call.ids[3]:
            body = list_item_version_json(
                lib, item, version, call.tenant.quirks, fields=expand.wanted, select=expand.select
            )
            return json_response(body)
    raise GraphProblem(404, "itemNotFound", "The version could not be found.")

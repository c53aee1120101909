"""Handlers that change files through Graph: small uploads, content replacement, deletion.

Every write is attributed to the calling application, honours ``If-Match`` and answers 423
while a person holds a lock on the file (``locks``). The simulator has no folders: the
parent of an upload by path is the library's root.
"""

from __future__ import annotations

from freigabe_devtools.graphsim.columns import FieldError
from freigabe_devtools.graphsim.content import StoredContent
from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.edits import NameConflict
from freigabe_devtools.graphsim.locks import ensure_unlocked
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import DocumentHandle, Item, Library
from freigabe_devtools.graphsim.render import drive_item_json

__all__ = ["delete_drive_item", "put_content", "put_content_by_path"]


def _replace(call: Call, lib: Library, item: Item, *, status: int) -> SimResponse:
    ensure_unlocked(item, call.tenant.quirks)
    call.check_if_match(item)
    body = StoredContent(call.request.body)
    call.tenant.edit_content(DocumentHandle.of(lib, item), body, by=call.grant.app)
    return json_response(drive_item_json(lib, item, call.tenant.quirks, ctag=True), status=status)


def _check_parent(lib: Library, parent: str) -> None:
    if parent.lower() == "root" or parent == lib.root_id:
        return
    holder = lib.by_item_id.get(parent)
    if holder is None or holder.deleted:
        raise GraphProblem(404, "itemNotFound", "The parent folder could not be found.")
    raise GraphProblem(400, "invalidRequest", "The parent of an upload must be a folder.")


def put_content_by_path(call: Call) -> SimResponse:
    """``PUT /drives/{d}/root:/{name}:/content`` (or ``items/{parent}:/{name}:/content``).

    201 and the new driveItem; a file of that name (any case) gets the bytes as a new
    version and answers 200.
    """
    lib = call.drive()
    parent, name = call.ids[1:] if len(call.ids) == 3 else ("root", call.ids[1])
    _check_parent(lib, parent)
    existing = lib.by_name.get(name.lower())
    if existing is not None:
        return _replace(call, lib, existing, status=200)
    body = StoredContent(call.request.body)
    try:
        handle = call.tenant.add_document(lib.site, lib.drive_id, name, body, {}, by=call.grant.app)
    except NameConflict as err:
        raise GraphProblem(409, "nameAlreadyExists", str(err)) from None
    except FieldError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    item = lib.by_item_id[handle.item_id]
    return json_response(drive_item_json(lib, item, call.tenant.quirks, ctag=True), status=201)


def put_content(call: Call) -> SimResponse:
    """``PUT /drives/{d}/items/{i}/content``: the bytes become a new version (200)."""
    lib = call.drive()
    return _replace(call, lib, call.drive_item(lib), status=200)


def delete_drive_item(call: Call) -> SimResponse:
    """``DELETE /drives/{d}/items/{i}``: to the recycle bin (delta reports it deleted), 204."""
    lib = call.drive()
    if call.ids[1] == lib.root_id:
        raise GraphProblem(403, "accessDenied", "The root folder cannot be deleted.")
    item = call.drive_item(lib)
    ensure_unlocked(item, call.tenant.quirks)
    call.check_if_match(item)
    call.tenant.delete(DocumentHandle.of(lib, item), by=call.grant.app)
    return SimResponse(status=204)

"""Handlers for sites, lists, drives and columns."""

from __future__ import annotations

from collections.abc import Mapping

from freigabe_devtools.graphsim.columns import (
    ColumnDef,
    FieldError,
    column_from_graph,
    column_json,
    column_patched,
)
from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.edits import NameConflict
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Library
from freigabe_devtools.graphsim.paging import COLUMNS, collection, page
from freigabe_devtools.graphsim.render import drive_json, list_json, site_json

__all__ = [
    "create_column",
    "delete_column",
    "get_column",
    "get_drive",
    "get_list",
    "get_list_drive",
    "get_site",
    "list_columns",
    "list_lists",
    "list_site_drives",
    "update_column",
]


def get_site(call: Call) -> SimResponse:
    """``GET /sites/{site-id}`` and ``GET /sites/{hostname}:{path}[:]``."""
    return json_response(site_json(call.site()))


def list_lists(call: Call) -> SimResponse:
    """``GET /sites/{site}/lists``: the document libraries."""
    return json_response({"value": [list_json(lib) for lib in call.site().unique_libraries()]})


def get_list(call: Call) -> SimResponse:
    """``GET /sites/{site}/lists/{list-id-or-name}``."""
    return json_response(list_json(call.library()))


def get_list_drive(call: Call) -> SimResponse:
    """``GET /sites/{site}/lists/{list}/drive``."""
    return json_response(drive_json(call.library()))


def list_site_drives(call: Call) -> SimResponse:
    """``GET /sites/{site}/drives``."""
    return json_response({"value": [drive_json(lib) for lib in call.site().unique_libraries()]})


def get_drive(call: Call) -> SimResponse:
    """``GET /drives/{drive}``."""
    return json_response(drive_json(call.drive()))


def list_columns(call: Call) -> SimResponse:
    """``GET /sites/{site}/lists/{list}/columns``: built-ins first, then custom, 20 to a page."""
    lib = call.library()
    path = f"/sites/{lib.site.id}/lists/{lib.list_id}/columns"
    columns, link = page(call, list(lib.columns.values()), COLUMNS, path)
    facet = call.tenant.quirks.hyperlink_facet
    value = [column_json(col, hyperlink_facet=facet) for col in columns]
    return json_response(collection(value, link))


def create_column(call: Call) -> SimResponse:
    """``POST /sites/{site}/lists/{list}/columns``: 201, or 409 ``nameAlreadyExists``."""
    lib = call.library()
    body = call.request.json()
    if not isinstance(body, Mapping):
        raise GraphProblem(400, "invalidRequest", "A columnDefinition object is expected.")
    try:
        col = column_from_graph(body, "")
        created = call.tenant.add_column(lib, col)
    except NameConflict as err:
        raise GraphProblem(409, "nameAlreadyExists", str(err)) from None
    except FieldError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    body = column_json(created, hyperlink_facet=call.tenant.quirks.hyperlink_facet)
    return json_response(body, status=201)


def _column(call: Call, lib: Library) -> ColumnDef:
    wanted = call.ids[2].lower()
    for col in lib.columns.values():
        if col.column_id.lower() == wanted:
            return col
    raise GraphProblem(404, "itemNotFound", f"Column '{call.ids[2]}' does not exist.")


def get_column(call: Call) -> SimResponse:
    """``GET /sites/{site}/lists/{list}/columns/{column-id}``."""
    col = _column(call, call.library())
    return json_response(column_json(col, hyperlink_facet=call.tenant.quirks.hyperlink_facet))


def update_column(call: Call) -> SimResponse:
    """``PATCH .../columns/{column-id}``: 200 with the updated columnDefinition (Microsoft
    Learn "Update columnDefinition"); 404 for an unknown column, 400 for what cannot apply."""
    lib = call.library()
    col = _column(call, lib)
    body = call.request.json()
    if not isinstance(body, Mapping):
        raise GraphProblem(400, "invalidRequest", "A columnDefinition object is expected.")
    try:
        updated = call.tenant.replace_column(lib, column_patched(col, body))
    except FieldError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    return json_response(column_json(updated, hyperlink_facet=call.tenant.quirks.hyperlink_facet))


def delete_column(call: Call) -> SimResponse:
    """``DELETE .../columns/{column-id}``: 204; built-in columns answer 400."""
    lib = call.library()
    col = _column(call, lib)
    try:
        call.tenant.delete_column(lib, col.name)
    except ValueError as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    return SimResponse(status=204)

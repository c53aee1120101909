"""Small files written through Graph: an upload by path, and deletion.

``PUT /drives/{d}/items/root:/{name}:/content`` takes up to 250 MB (Microsoft Learn, "Upload
or replace the contents of a driveItem"); it answers ``201 Created`` with the new driveItem,
the documented examples show 201 for a replacement too, and 200 is commonly seen there, so
both count. ``DELETE /drives/{d}/items/{i}`` moves the file to the recycle bin and answers
``204 No Content`` (Microsoft Learn, "Delete a DriveItem").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiota_abstractions.method import Method

from integration.errors import GraphError
from integration.graph.client import GraphGateway
from ports.libraries import ResolvedLibrary

__all__ = ["UploadedFile", "delete_item", "upload_small"]


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file as Graph confirmed its upload.

    Attributes:
        status: the HTTP status of the upload (201 new, 200 or 201 replaced).
        item_id: the driveItem id.
        list_item_id: the id of the file's list item (``sharepointIds.listItemId``).
        name: the file name.
    """

    status: int
    item_id: str
    list_item_id: str | None
    name: str


def _drive(lib: ResolvedLibrary) -> str:
    return f"/drives/{quote(lib.drive_id, safe='')}"


async def upload_small(
    gw: GraphGateway, lib: ResolvedLibrary, name: str, data: bytes, *, content_type: str
) -> UploadedFile:
    """Upload ``data`` as ``name`` into the library's root folder (a new file or a new version)."""
    # the name is one path segment: a '/', '#' or '%' in it must not change the address
    path = f"{_drive(lib)}/items/root:/{quote(name, safe='')}:/content"
    answer = await gw.send(
        Method.PUT,
        path,
        content=data,
        content_type=content_type,
        what=f"upload of {name} to {lib.key}",
    )
    body: dict[str, Any] = answer.body if isinstance(answer.body, dict) else {}
    item_id = body.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise GraphError(f"upload of {name} to {lib.key}: Graph's answer names no item id")
    list_item_id = _list_item_id(body)
    if list_item_id is None:
        # SharePoint returns sharepointIds only when asked for them by $select
        again = await gw.send(
            Method.GET,
            f"{_drive(lib)}/items/{quote(item_id, safe='')}?$select=id,sharepointIds",
            what=f"list item of {name} in {lib.key}",
        )
        list_item_id = _list_item_id(again.body)
    return UploadedFile(status=answer.status, item_id=item_id, list_item_id=list_item_id, name=name)


def _list_item_id(body: object) -> str | None:
    ids = body.get("sharepointIds") if isinstance(body, dict) else None
    value = ids.get("listItemId") if isinstance(ids, dict) else None
    return str(value) if value else None


async def delete_item(gw: GraphGateway, lib: ResolvedLibrary, item_id: str) -> int:
    """Move a file to the library's recycle bin; the status Graph answered (204)."""
    answer = await gw.send(
        Method.DELETE,
        f"{_drive(lib)}/items/{quote(item_id, safe='')}",
        what=f"deletion of item {item_id} in {lib.key}",
    )
    return answer.status

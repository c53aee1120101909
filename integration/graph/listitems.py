"""List item reads and writes the release process needs: version history, conditional field
writes, column creation and updates for ``provision`` (and deletion, for ``probe``'s scratch
column).

The version history pages (``@odata.nextLink``) like every Graph collection; it comes newest
first, so a reader that needs only the recent past stops early and pays for those pages only.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Mapping
from contextlib import aclosing
from typing import Any
from urllib.parse import quote

from kiota_abstractions.method import Method

from integration.graph.answers import instant, mapping, pages, text
from integration.graph.client import GraphGateway
from integration.graph.identities import identity_of
from integration.graph.items import field_values, item_path
from ports.documents import ItemVersion, ListItemFields
from ports.libraries import ResolvedLibrary

__all__ = [
    "FieldWrite",
    "create_column",
    "delete_column",
    "item_versions",
    "update_column",
    "update_fields",
]


FieldWrite = str | Mapping[str, str] | None
"""A value to write into a column: text, an object (e.g. ``{Url, Description}``), or None to
clear it."""


async def item_versions(
    gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str
) -> AsyncGenerator[ItemVersion, None]:
    """The version history of a list item with its fields, newest first, page by page.

    A page is requested only when the caller reads past the previous one.
    """
    history = pages(
        gw,
        f"{item_path(lib, list_item_id)}/versions?$expand=fields",
        what=f"versions of item {list_item_id} in {lib.key}",
    )
    async with aclosing(history) as reading:
        async for page in reading:
            for version in page.value:
                yield ItemVersion(
                    label=text(version.get("id")) or "",
                    modified_at=instant(version.get("lastModifiedDateTime")),
                    author=identity_of(version.get("lastModifiedBy")),
                    fields=field_values(dict(mapping(version.get("fields")))),
                )


async def update_fields(
    gw: GraphGateway,
    lib: ResolvedLibrary,
    list_item_id: str,
    values: Mapping[str, FieldWrite],
    *,
    etag: str,
) -> ListItemFields:
    """Write ``values`` only if the item still has ``etag`` (else ``PreconditionFailed``)."""
    body = {k: dict(v) if isinstance(v, Mapping) else v for k, v in values.items()}
    answer = await gw.send(
        Method.PATCH,
        f"{item_path(lib, list_item_id)}/fields",
        content=json.dumps(body).encode(),
        content_type="application/json",
        headers={"If-Match": etag},
        what=f"write of item {list_item_id} in {lib.key} ({lib.web_url})",
    )
    raw = dict(mapping(answer.body))
    return ListItemFields(
        list_item_id=list_item_id,
        etag=text(raw.get("@odata.etag")),
        fields=field_values(raw),
    )


async def create_column(gw: GraphGateway, lib: ResolvedLibrary, column: Mapping[str, Any]) -> str:
    """Create a column from its Graph JSON definition (``POST .../columns``); its id."""
    created = await gw.post_json(
        f"/sites/{lib.site_id}/lists/{lib.list_id}/columns",
        dict(column),
        what=f"create column {column.get('name')} in {lib.key}",
    )
    column_id = created.get("id") if isinstance(created, dict) else None
    return str(column_id) if column_id else ""


async def update_column(
    gw: GraphGateway, lib: ResolvedLibrary, column_id: str, changes: Mapping[str, Any]
) -> None:
    """Change a list column (``PATCH .../columns/{id}``, Sites.Manage.All or a manage grant).

    Microsoft Learn "Update columnDefinition": the body holds only the properties to change;
    for a list column any property but ``id`` may be updated; success is 200 with the updated
    columnDefinition. That a ``choice.choices`` array replaces the column's list as a whole is
    not said there: the README lists it among what the admin checks after a ``provision``.
    """
    await gw.send(
        Method.PATCH,
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}"
        f"/columns/{quote(column_id, safe='')}",
        content=json.dumps(dict(changes)).encode(),
        content_type="application/json",
        what=f"update column {column_id} in {lib.key}",
    )


async def delete_column(gw: GraphGateway, lib: ResolvedLibrary, column_id: str) -> int:
    """Delete a list column (``DELETE .../columns/{id}``, needs manage rights); the status (204)."""
    answer = await gw.send(
        Method.DELETE,
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}"
        f"/columns/{quote(column_id, safe='')}",
        what=f"delete column {column_id} in {lib.key}",
    )
    return answer.status

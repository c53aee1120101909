"""List item reads and writes the release process needs: version history, conditional field
writes, and column creation for ``provision`` (and deletion, for ``probe``'s scratch column).

The version history pages (``@odata.nextLink``) like every Graph collection; it comes newest
first, so a reader that needs only the recent past stops early and pays for those pages only.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from msgraph.generated.models.field_value_set import FieldValueSet

from approval.documents import FieldValue
from integration.graph.client import GraphGateway
from integration.graph.identities import Identity, identity_of
from integration.graph.items import field_values
from integration.graph.models import ListItemFields
from integration.graph.translate import graph_errors
from integration.state.records import ResolvedLibrary

__all__ = [
    "FieldWrite",
    "ItemVersion",
    "create_column",
    "delete_column",
    "item_versions",
    "update_fields",
]


FieldWrite = str | Mapping[str, str] | None
"""A value to write into a column: text, an object (e.g. ``{Url, Description}``), or None to
clear it."""


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """One entry of a list item's version history.

    Attributes:
        label: the version label, e.g. ``"3.0"``.
        modified_at: when this version was made.
        author: who made it (a person or an application); None when Graph does not say.
        fields: the column values of this version.
    """

    label: str
    modified_at: datetime | None
    author: Identity | None
    fields: Mapping[str, FieldValue]


def _item(gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str) -> Any:
    return (
        gw.sdk.sites.by_site_id(lib.site_id)
        .lists.by_list_id(lib.list_id)
        .items.by_list_item_id(list_item_id)
    )


async def item_versions(
    gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str
) -> AsyncGenerator[ItemVersion, None]:
    """The version history of a list item with its fields, newest first, page by page.

    A page is requested only when the caller reads past the previous one.
    """
    builder = _item(gw, lib, list_item_id).versions
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.query_parameters = builder.VersionsRequestBuilderGetQueryParameters(expand=["fields"])
    what = f"versions of item {list_item_id} in {lib.key}"
    async with graph_errors(what, host=gw.host):
        answer = await builder.get(config)
    while answer is not None:
        for version in answer.value or []:
            raw = version.fields.additional_data if version.fields is not None else {}
            yield ItemVersion(
                label=str(version.id),
                modified_at=version.last_modified_date_time,
                author=identity_of(version.last_modified_by),
                fields=field_values(raw),
            )
        link = answer.odata_next_link
        if not link:
            return
        async with graph_errors(what, host=gw.host):
            answer = await builder.with_url(gw.checked_link(link)).get()


async def update_fields(
    gw: GraphGateway,
    lib: ResolvedLibrary,
    list_item_id: str,
    values: Mapping[str, FieldWrite],
    *,
    etag: str,
) -> ListItemFields:
    """Write ``values`` only if the item still has ``etag`` (else ``PreconditionFailed``)."""
    builder = _item(gw, lib, list_item_id).fields
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.headers.add("If-Match", etag)
    # the serializer writes plain dicts only, not other mappings
    data = {k: dict(v) if isinstance(v, Mapping) else v for k, v in values.items()}
    body = FieldValueSet(additional_data=data)
    async with graph_errors(f"write of item {list_item_id} in {lib.key}", host=gw.host):
        answer = await builder.patch(body, config)
    raw = answer.additional_data if answer is not None else {}
    new_etag = raw.get("@odata.etag")
    return ListItemFields(
        list_item_id=list_item_id,
        etag=str(new_etag) if new_etag else None,
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


async def delete_column(gw: GraphGateway, lib: ResolvedLibrary, column_id: str) -> int:
    """Delete a list column (``DELETE .../columns/{id}``, needs manage rights); the status (204)."""
    answer = await gw.send(
        Method.DELETE,
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}"
        f"/columns/{quote(column_id, safe='')}",
        what=f"delete column {column_id} in {lib.key}",
    )
    return answer.status

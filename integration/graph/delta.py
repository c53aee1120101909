"""Watching a library: one delta page at a time, for either watch strategy.

``drive_delta`` is the base: ``/drives/{id}/root/delta`` reports deletions and content hashes
but cannot expand list item fields, so the caller reads the fields of changed files in
``$batch`` requests. ``list_item_delta`` asks ``/sites/{s}/lists/{l}/items/delta`` for the fields
and the driveItem inline; whether a tenant honours that expansion is what ``freigabe check``
finds out, so it is the second strategy, not the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.drive_item import DriveItem
from msgraph.generated.models.identity_set import IdentitySet
from msgraph.generated.models.list_item import ListItem

from integration.graph.client import GraphGateway
from integration.graph.items import field_values
from integration.graph.models import DeltaPage, ItemChange, ListItemFields
from integration.graph.translate import graph_errors
from integration.state.records import ResolvedLibrary

__all__ = ["drive_delta", "list_item_delta"]

_DRIVE_SELECT = [
    "id",
    "name",
    "eTag",
    "size",
    "file",
    "folder",
    "root",
    "deleted",
    "parentReference",
    "lastModifiedDateTime",
    "lastModifiedBy",
    "webUrl",
    "sharepointIds",
]
_DRIVE_ITEM_EXPAND = "driveItem($select=id,name,eTag,size,file,webUrl)"


def _who(identity: IdentitySet | None) -> str | None:
    if identity is None:
        return None
    for party in (identity.user, identity.application):
        if party is not None and party.display_name:
            return str(party.display_name)
    return None


def _change_of(item: DriveItem) -> ItemChange:
    hashes = item.file.hashes if item.file is not None else None
    return ItemChange(
        item_id=str(item.id),
        deleted=item.deleted is not None,
        is_file=item.file is not None,
        name=item.name,
        etag=item.e_tag,
        content_hash=hashes.quick_xor_hash if hashes is not None else None,
        size=int(item.size or 0),
        modified_at=item.last_modified_date_time,
        modified_by=_who(item.last_modified_by),
        web_url=item.web_url,
        list_item_id=item.sharepoint_ids.list_item_id if item.sharepoint_ids else None,
    )


def _page(value: Sequence[Any], next_link: str | None, delta_link: str | None) -> DeltaPage:
    return DeltaPage(items=tuple(value), next_link=next_link, delta_link=delta_link)


async def drive_delta(gw: GraphGateway, lib: ResolvedLibrary, link: str | None) -> DeltaPage:
    """One page of driveItem delta; ``link`` is a stored next/delta link, None starts afresh."""
    builder = gw.sdk.drives.by_drive_id(lib.drive_id).items.by_drive_item_id("root").delta
    config: RequestConfiguration[Any] = RequestConfiguration()
    # Without it, an incremental answer also lists the parent folders of every change.
    config.headers.add("deltaExcludeParent", "true")
    if link is None:
        config.query_parameters = builder.DeltaRequestBuilderGetQueryParameters(
            select=_DRIVE_SELECT, top=gw.page_size
        )
    else:
        builder = builder.with_url(gw.checked_link(link))
    async with graph_errors(f"delta of library {lib.key}", host=gw.host):
        answer = await builder.get(config)
    if answer is None:
        return _page((), None, None)
    return _page(
        [_change_of(i) for i in answer.value or []],
        _checked(gw, answer.odata_next_link),
        _checked(gw, getattr(answer, "odata_delta_link", None)),
    )


def _checked(gw: GraphGateway, link: str | None) -> str | None:
    return None if link is None else gw.checked_link(link)


def _list_change(item: ListItem) -> ItemChange:
    fields = None
    if item.fields is not None:
        values = field_values(item.fields.additional_data or {})
        fields = ListItemFields(list_item_id=str(item.id), etag=item.e_tag, fields=values)
    drive_item = item.drive_item
    if item.deleted is not None or drive_item is None:
        return ItemChange(
            item_id=str(drive_item.id) if drive_item is not None else f"listitem:{item.id}",
            deleted=item.deleted is not None,
            is_file=False,
            list_item_id=str(item.id),
            fields=fields,
        )
    change = _change_of(drive_item)
    return ItemChange(
        item_id=change.item_id,
        deleted=False,
        is_file=change.is_file,
        name=change.name,
        etag=change.etag,
        content_hash=change.content_hash,
        size=change.size,
        modified_at=item.last_modified_date_time or change.modified_at,
        modified_by=_who(item.last_modified_by),
        web_url=change.web_url,
        list_item_id=str(item.id),
        fields=fields,
    )


async def list_item_delta(
    gw: GraphGateway, lib: ResolvedLibrary, link: str | None, field_names: Sequence[str]
) -> DeltaPage:
    """One page of listItem delta with the fields and the driveItem expanded inline."""
    items = gw.sdk.sites.by_site_id(lib.site_id).lists.by_list_id(lib.list_id).items
    builder = items.delta
    config: RequestConfiguration[Any] = RequestConfiguration()
    if link is None:
        config.query_parameters = builder.DeltaRequestBuilderGetQueryParameters(
            expand=[f"fields($select={','.join(field_names)})", _DRIVE_ITEM_EXPAND],
            top=gw.page_size,
        )
    else:
        builder = builder.with_url(gw.checked_link(link))
    async with graph_errors(f"list item delta of library {lib.key}", host=gw.host):
        answer = await builder.get(config)
    if answer is None:
        return _page((), None, None)
    return _page(
        [_list_change(i) for i in answer.value or []],
        _checked(gw, answer.odata_next_link),
        _checked(gw, getattr(answer, "odata_delta_link", None)),
    )

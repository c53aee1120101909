"""Watching a library: one delta page at a time, for either watch strategy.

``drive_delta`` is the base: ``/drives/{id}/root/delta`` reports deletions and content hashes
but cannot expand list item fields, so the caller reads the fields of changed files in
``$batch`` requests; a full pass reads them from the list instead (``listing_page``, below).
``list_item_delta`` asks ``/sites/{s}/lists/{l}/items/delta`` for the fields
and the driveItem inline; whether a tenant honours that expansion is what ``freigabe check``
finds out, so it is the second strategy, not the default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from integration.errors import GraphError
from integration.graph.answers import entries, get_json, instant, integer, mapping, text
from integration.graph.client import GraphGateway
from integration.graph.identities import identity_of
from integration.graph.items import field_values
from integration.graph.models import DeltaPage, ItemChange, ListItemFields
from integration.state.records import ResolvedLibrary

__all__ = ["drive_delta", "latest_delta_link", "list_item_delta", "listing_page"]

_DRIVE_SELECT = ",".join(
    (
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
    )
)
_DRIVE_ITEM_EXPAND = "driveItem($select=id,name,eTag,size,file,webUrl)"
# Without it, an incremental answer also lists the parent folders of every change.
_EXCLUDE_PARENT = {"deltaExcludeParent": "true"}


def _who(identity_set: object) -> str | None:
    who = identity_of(identity_set)
    return who.display_name if who is not None else None


def _present(item: Mapping[str, Any], facet: str) -> bool:
    return item.get(facet) is not None


def _change_of(item: Mapping[str, Any]) -> ItemChange:
    """An entry of driveItem delta (or an expanded driveItem) as the jobs see it."""
    hashes = mapping(mapping(item.get("file")).get("hashes"))
    return ItemChange(
        item_id=text(item.get("id")) or "",
        deleted=_present(item, "deleted"),
        is_file=_present(item, "file"),
        name=text(item.get("name")),
        etag=text(item.get("eTag")),
        content_hash=text(hashes.get("quickXorHash")),
        size=integer(item.get("size")),
        modified_at=instant(item.get("lastModifiedDateTime")),
        modified_by=_who(item.get("lastModifiedBy")),
        web_url=text(item.get("webUrl")),
        list_item_id=text(mapping(item.get("sharepointIds")).get("listItemId")),
    )


def _page(gw: GraphGateway, body: Mapping[str, Any], items: Sequence[ItemChange]) -> DeltaPage:
    return DeltaPage(
        items=tuple(items),
        next_link=_checked(gw, text(body.get("@odata.nextLink"))),
        delta_link=_checked(gw, text(body.get("@odata.deltaLink"))),
    )


def _checked(gw: GraphGateway, link: str | None) -> str | None:
    return None if link is None else gw.checked_link(link)


async def drive_delta(gw: GraphGateway, lib: ResolvedLibrary, link: str | None) -> DeltaPage:
    """One page of driveItem delta; ``link`` is a stored next/delta link, None starts afresh."""
    target = link or (
        f"/drives/{quote(lib.drive_id)}/root/delta?$select={_DRIVE_SELECT}&$top={gw.page_size}"
    )
    body = await get_json(
        gw, target, what=f"delta of library {lib.key}", headers=dict(_EXCLUDE_PARENT)
    )
    return _page(gw, body, [_change_of(i) for i in entries(body)])


def _list_change(item: Mapping[str, Any]) -> ItemChange:
    list_item_id = text(item.get("id")) or ""
    raw_fields = item.get("fields")
    fields = None
    if isinstance(raw_fields, Mapping):
        etag = text(item.get("eTag"))
        fields = ListItemFields(list_item_id, etag, field_values(dict(raw_fields)))
    drive_item = item.get("driveItem")
    deleted = _present(item, "deleted")
    if deleted or not isinstance(drive_item, Mapping):
        return ItemChange(
            item_id=text(mapping(drive_item).get("id")) or f"listitem:{list_item_id}",
            deleted=deleted,
            is_file=False,
            list_item_id=list_item_id,
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
        modified_at=instant(item.get("lastModifiedDateTime")) or change.modified_at,
        modified_by=_who(item.get("lastModifiedBy")),
        web_url=change.web_url,
        list_item_id=list_item_id,
        fields=fields,
    )


async def list_item_delta(
    gw: GraphGateway, lib: ResolvedLibrary, link: str | None, field_names: Sequence[str]
) -> DeltaPage:
    """One page of listItem delta with the fields and the driveItem expanded inline."""
    expand = f"fields($select={','.join(field_names)}),{_DRIVE_ITEM_EXPAND}"
    target = link or (
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}/items/delta"
        f"?$expand={expand}&$top={gw.page_size}"
    )
    body = await get_json(gw, target, what=f"list item delta of library {lib.key}")
    return _page(gw, body, [_list_change(i) for i in entries(body)])


async def latest_delta_link(gw: GraphGateway, lib: ResolvedLibrary) -> str:
    """The driveItem delta link of "now", without enumerating anything (``token=latest``:
    Microsoft Learn, "driveItem: delta", example "Retrieving the current deltaLink")."""
    target = f"/drives/{quote(lib.drive_id)}/root/delta?token=latest&$select={_DRIVE_SELECT}"
    body = await get_json(
        gw, target, what=f"delta link of library {lib.key}", headers=dict(_EXCLUDE_PARENT)
    )
    link = _checked(gw, text(body.get("@odata.deltaLink")))
    if link is None:
        raise GraphError(f"delta link of library {lib.key}: Graph answered without one")
    return link


async def listing_page(
    gw: GraphGateway,
    lib: ResolvedLibrary,
    link: str | None,
    field_names: Sequence[str],
    *,
    delta_link: str,
) -> DeltaPage:
    """One page of the list's items with their fields and driveItems, as a delta page whose
    last page carries ``delta_link`` (taken before the listing began, so that the changes
    made while it ran come with the next delta).

    A full pass costs one operation per page this way; driveItem delta cannot expand the
    fields, so it would cost one more per file (OneDrive/onedrive-api-docs#829: listItems
    expand their driveItem).
    """
    expand = f"fields($select={','.join(field_names)}),{_DRIVE_ITEM_EXPAND}"
    target = link or (
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}/items"
        f"?$expand={expand}&$top={gw.page_size}"
    )
    body = await get_json(gw, target, what=f"items of library {lib.key}")
    next_link = _checked(gw, text(body.get("@odata.nextLink")))
    return DeltaPage(
        items=tuple(_list_change(i) for i in entries(body)),
        next_link=next_link,
        delta_link=None if next_link else delta_link,
    )

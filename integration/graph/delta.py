"""Watching a library: one delta page at a time, for either watch strategy.

``drive_delta`` is the base: ``/drives/{id}/root/delta`` reports deletions and content hashes
but cannot expand list item fields, so the caller reads the fields of changed files in
``$batch`` requests; a full pass reads them from the list instead (``listing_page``, below).
``list_item_delta`` asks ``/sites/{s}/lists/{l}/items/delta`` for the fields
and the driveItem inline; whether a tenant honours that expansion is what ``freigabe check``
finds out, so it is the second strategy, not the default.

A page is asked for through a ``DeltaQuery``: alone (``delta_page``), or together with other
libraries' pages in ``$batch`` (``delta_pages``), which is how a cycle starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from integration.errors import GraphError
from integration.graph.answers import entries, get_json, instant, integer, mapping, text
from integration.graph.batch import BatchRequest, send_batches
from integration.graph.client import GraphGateway
from integration.graph.identities import identity_of
from integration.graph.items import field_values
from ports.documents import DeltaPage, ItemChange, ListItemFields
from ports.libraries import ResolvedLibrary

__all__ = [
    "DeltaQuery",
    "delta_page",
    "delta_pages",
    "drive_delta",
    "drive_query",
    "latest_delta_link",
    "list_item_delta",
    "list_item_query",
    "listing_page",
]

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
_EXCLUDE_PARENT: Mapping[str, str] = {"deltaExcludeParent": "true"}


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


@dataclass(frozen=True, slots=True)
class DeltaQuery:
    """The request for one delta page of one library, and how its entries read.

    Attributes:
        target: a path below the version root, or a next/delta link Graph handed out.
        what: the request in words, for errors.
        headers: the request's own headers.
        change: reads one entry of the answer's ``value``.
    """

    target: str
    what: str
    headers: Mapping[str, str]
    change: Callable[[Mapping[str, Any]], ItemChange]


def drive_query(gw: GraphGateway, lib: ResolvedLibrary, link: str | None) -> DeltaQuery:
    """The driveItem delta page at ``link`` (a stored next/delta link; None starts afresh)."""
    target = link or (
        f"/drives/{quote(lib.drive_id)}/root/delta?$select={_DRIVE_SELECT}&$top={gw.page_size}"
    )
    return DeltaQuery(target, f"delta of library {lib.key}", _EXCLUDE_PARENT, _change_of)


async def delta_page(gw: GraphGateway, query: DeltaQuery) -> DeltaPage:
    """The page ``query`` asks for, in a request of its own."""
    body = await get_json(gw, query.target, what=query.what, headers=dict(query.headers))
    return _page(gw, body, [query.change(i) for i in entries(body)])


async def delta_pages(
    gw: GraphGateway, queries: Sequence[DeltaQuery]
) -> list[DeltaPage | GraphError]:
    """The pages ``queries`` ask for, in ``$batch`` requests of 20: one round trip where
    there would be one per library, and still one operation per query.

    Each result is what :func:`delta_page` would have given for its query: the page, or the
    error it would have raised (a 410 with its ``Location``), for the caller to raise when
    it comes to that library. Throttled entries are waited out by ``send_batches``; a
    foreign link, stored or handed out, is refused at once.
    """
    requests = [
        BatchRequest(id=str(n), url=gw.batch_url(q.target), headers=q.headers)
        for n, q in enumerate(queries)
    ]
    answers = await send_batches(gw, requests)
    out: list[DeltaPage | GraphError] = []
    for request, query in zip(requests, queries, strict=True):
        answer = answers.get(request.id)
        if answer is None:
            out.append(GraphError(f"{query.what}: Graph's $batch answer left it out"))
        elif (err := answer.error(query.what)) is not None:
            out.append(err)
        else:
            body = mapping(answer.body)
            out.append(_page(gw, body, [query.change(i) for i in entries(body)]))
    return out


async def drive_delta(gw: GraphGateway, lib: ResolvedLibrary, link: str | None) -> DeltaPage:
    """One page of driveItem delta; ``link`` is a stored next/delta link, None starts afresh."""
    return await delta_page(gw, drive_query(gw, lib, link))


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


def list_item_query(
    gw: GraphGateway, lib: ResolvedLibrary, link: str | None, field_names: Sequence[str]
) -> DeltaQuery:
    """The listItem delta page at ``link``, with the fields and the driveItem expanded."""
    expand = f"fields($select={','.join(field_names)}),{_DRIVE_ITEM_EXPAND}"
    target = link or (
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}/items/delta"
        f"?$expand={expand}&$top={gw.page_size}"
    )
    return DeltaQuery(target, f"list item delta of library {lib.key}", {}, _list_change)


async def list_item_delta(
    gw: GraphGateway, lib: ResolvedLibrary, link: str | None, field_names: Sequence[str]
) -> DeltaPage:
    """One page of listItem delta with the fields and the driveItem expanded inline."""
    return await delta_page(gw, list_item_query(gw, lib, link, field_names))


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

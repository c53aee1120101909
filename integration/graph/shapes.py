"""Graph's answers as sent, for ``freigabe probe``, which shows what a tenant really returns.

The SDK's models fold an identitySet into typed parts and drop what they do not declare in
``additional_data``; the probe needs to see, e.g., whether an ``application`` part came
beside the "SharePoint App" user or whether a user carried a ``userPrincipalName``. So these
reads hand back the JSON objects themselves, page by page where Graph pages.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiota_abstractions.method import Method

from integration.graph.client import GraphGateway
from integration.graph.items import item_path
from integration.state.records import ResolvedLibrary

__all__ = ["JsonPage", "list_item_pages", "member_page", "pages", "version_pages"]


@dataclass(frozen=True, slots=True)
class JsonPage:
    """One page of a Graph collection.

    Attributes:
        value: its entries, as Graph sent them (entries that are no JSON objects left out).
        next_link: the ``@odata.nextLink`` to the following page, None on the last.
    """

    value: tuple[Mapping[str, Any], ...]
    next_link: str | None


def _page(body: object) -> JsonPage:
    raw = body if isinstance(body, Mapping) else {}
    value = raw.get("value")
    link = raw.get("@odata.nextLink")
    entries = tuple(e for e in value if isinstance(e, Mapping)) if isinstance(value, list) else ()
    return JsonPage(entries, link if isinstance(link, str) and link else None)


async def pages(gw: GraphGateway, path: str, *, what: str) -> AsyncGenerator[JsonPage, None]:
    """The pages of the collection at ``path``, following nextLinks while the caller reads."""
    target: str | None = path
    while target is not None:
        answer = await gw.send(Method.GET, target, what=what)
        page = _page(answer.body)
        yield page
        target = page.next_link


def version_pages(
    gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str
) -> AsyncGenerator[JsonPage, None]:
    """The version history of a list item, newest first, as Graph pages it."""
    return pages(
        gw,
        f"{item_path(lib, list_item_id)}/versions",
        what=f"versions of item {list_item_id} in {lib.key}",
    )


def list_item_pages(
    gw: GraphGateway, lib: ResolvedLibrary, *, top: int
) -> AsyncGenerator[JsonPage, None]:
    """The list items of a library (with ``lastModifiedBy``, no fields), ``top`` to a page."""
    path = f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}/items?$top={top}"
    return pages(gw, path, what=f"list items of {lib.key}")


async def member_page(gw: GraphGateway, group_id: str) -> JsonPage:
    """The first page of a group's transitive members, asked for id, UPN and mail."""
    path = (
        f"/groups/{quote(group_id, safe='')}/transitiveMembers"
        "?$select=id,userPrincipalName,mail&$top=999"
    )
    answer = await gw.send(Method.GET, path, what=f"members of group {group_id}")
    return _page(answer.body)

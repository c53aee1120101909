"""Graph's answers as sent, for ``freigabe probe``, which shows what a tenant really returns.

The SDK's models fold an identitySet into typed parts and drop what they do not declare in
``additional_data``; the probe needs to see, e.g., whether an ``application`` part came
beside the "SharePoint App" user or whether a user carried a ``userPrincipalName``. So these
reads hand back the JSON objects themselves, page by page where Graph pages.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from urllib.parse import quote

from kiota_abstractions.method import Method

from integration.graph.answers import JsonPage, entries, pages, text
from integration.graph.client import GraphGateway
from integration.graph.items import item_path
from ports.libraries import ResolvedLibrary

__all__ = ["JsonPage", "list_item_pages", "member_page", "pages", "version_pages"]


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
    body = answer.body if isinstance(answer.body, dict) else {}
    return JsonPage(entries(body), text(body.get("@odata.nextLink")))

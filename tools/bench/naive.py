"""The naive baseline: list every item of every library with its fields, each cycle.

This is what a worker without delta queries would do: page through
``GET /sites/{s}/lists/{l}/items?$expand=fields&$top=200`` following ``@odata.nextLink`` and
hold the whole listing, keyed by item id, to compare it with the previous one. Benchmark code,
not product code: plain httpx, no retries, no paging beyond what Graph hands back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

__all__ = ["list_everything"]

_PAGE = 200


async def _list_library(
    client: httpx.AsyncClient, base_url: str, site_id: str, list_name: str
) -> dict[str, Any]:
    url: str | None = (
        f"{base_url}/sites/{quote(site_id, safe=',')}/lists/{quote(list_name)}"
        f"/items?$expand=fields&$top={_PAGE}"
    )
    items: dict[str, Any] = {}
    while url is not None:
        resp = await client.get(url)
        resp.raise_for_status()
        page = resp.json()
        for item in page["value"]:
            items[str(item["id"])] = item["fields"]
        url = page.get("@odata.nextLink")
    return items


async def list_everything(
    base_url: str, token: str, site_id: str, list_names: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Every item's fields of every list, by list name and item id (one pass, in sequence)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        return {name: await _list_library(client, base_url, site_id, name) for name in list_names}

"""Streaming a file's content: the current version or a recorded one, never held whole.

Graph answers ``/content`` with a redirect to a pre-authenticated download URL (valid for
about an hour, on a SharePoint host). The redirect is followed by hand so that the bearer
token is sent to the Graph host only: the download URL gets no Authorization header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote, urljoin, urlsplit

import httpx

from integration.errors import GraphError, GraphUnreachable
from integration.graph.client import GraphGateway
from integration.graph.translate import error_for_status
from integration.state.records import ResolvedLibrary

__all__ = ["download"]

_CHUNK = 1 << 20
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _safe_download_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return url
    raise GraphError(f"refused a download link with scheme {parts.scheme!r} (https only)")


async def download(
    gw: GraphGateway, lib: ResolvedLibrary, item_id: str, *, version: str | None = None
) -> AsyncIterator[bytes]:
    """Yield the bytes of ``item_id`` (of file version ``version`` if given) in chunks."""
    item = f"/drives/{quote(lib.drive_id)}/items/{quote(item_id)}"
    path = f"{item}/content" if version is None else f"{item}/versions/{quote(version)}/content"
    what = f"download of {item_id} in {lib.key}"
    token = await gw.bearer()
    try:
        async with gw.downloads.stream(
            "GET", gw.base_url + path, headers={"Authorization": f"Bearer {token}"}
        ) as first:
            if first.status_code == 200:
                async for chunk in first.aiter_bytes(_CHUNK):
                    yield chunk
                return
            if first.status_code not in _REDIRECTS or "location" not in first.headers:
                raise error_for_status(first.status_code, what)
            target = _safe_download_url(urljoin(str(first.url), first.headers["location"]))
        async with gw.downloads.stream("GET", target) as response:
            if response.status_code != 200:
                raise error_for_status(response.status_code, what)
            async for chunk in response.aiter_bytes(_CHUNK):
                yield chunk
    except httpx.TransportError as err:
        raise GraphUnreachable(f"{what}: {type(err).__name__}") from err

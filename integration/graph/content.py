"""A file's content: streamed (the current version or a recorded one, never held whole), and
the facts Graph lists about it.

Graph answers ``/content`` with a redirect to a pre-authenticated download URL (valid "a few
minutes", so it is followed at once). The redirect is followed by hand so that the bearer
token is sent to the Graph host only: the download URL gets no Authorization header.

The PDF of an Office file is the same download with ``?format=pdf`` (Microsoft Learn, "Convert
to other formats", https://learn.microsoft.com/en-us/graph/api/driveitem-get-content-format:
302 Found to a pre-authenticated URL; reports say it answers 200 with the PDF itself,
microsoft-graph-docs#18400 and #20315, which the download takes as well). msgraph-sdk's
content request builder cannot ask for it: its URL template spells the parameter
``%24format`` (``$format``, msgraph-sdk 1.65; msgraph-sdk-python#496, msgraph-sdk-dotnet#1621),
so the path is written here. A type Graph does not convert answers ``406`` with the code
``notSupported`` (msgraph-sdk-python#912; innererror ``InputFormatNotSupported`` for .csv,
which the documentation lists nevertheless: microsoft-graph-docs#19495).

The listed quickXorHash is the content's identity, but "in some cases hash values may not
be available ... updated after the item is downloaded" (Microsoft Learn, hashes resource),
and the bytes served for Office files carry SharePoint's properties, so they need not hash
to the listed value (``integration.export.hashing``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote, urljoin, urlsplit

import httpx

from integration.errors import GraphError, GraphUnreachable
from integration.graph.answers import get_json, integer, mapping, text
from integration.graph.client import GraphGateway, error_code
from integration.graph.translate import error_for_status
from integration.quickxor import QuickXorHash
from ports.documents import ListedContent
from ports.libraries import ResolvedLibrary

__all__ = ["content_hash", "download", "download_pdf", "listed_content"]

_CHUNK = 1 << 20
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _safe_download_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return url
    raise GraphError(f"refused a download link with scheme {parts.scheme!r} (https only)")


def download(
    gw: GraphGateway, lib: ResolvedLibrary, item_id: str, *, version: str | None = None
) -> AsyncIterator[bytes]:
    """Yield the bytes of ``item_id`` (of file version ``version`` if given) in chunks."""
    item = f"/drives/{quote(lib.drive_id)}/items/{quote(item_id)}"
    path = f"{item}/content" if version is None else f"{item}/versions/{quote(version)}/content"
    return _stream(gw, path, f"download of {item_id} in {lib.key}")


def download_pdf(gw: GraphGateway, lib: ResolvedLibrary, item_id: str) -> AsyncIterator[bytes]:
    """Yield the PDF SharePoint makes of ``item_id``'s current content, in chunks."""
    path = f"/drives/{quote(lib.drive_id)}/items/{quote(item_id)}/content?format=pdf"
    return _stream(gw, path, f"PDF of {item_id} in {lib.key}")


async def _stream(gw: GraphGateway, path: str, what: str) -> AsyncIterator[bytes]:
    """The bytes behind ``path``: answered at once, or behind the redirect it answers."""
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
                code = error_code(await first.aread()) if first.status_code >= 400 else None
                raise error_for_status(first.status_code, what, code)
            target = _safe_download_url(urljoin(str(first.url), first.headers["location"]))
        async with gw.downloads.stream("GET", target) as response:
            if response.status_code != 200:
                raise error_for_status(response.status_code, what)
            async for chunk in response.aiter_bytes(_CHUNK):
                yield chunk
    except httpx.TransportError as err:
        raise GraphUnreachable(f"{what}: {type(err).__name__}") from err


async def listed_content(gw: GraphGateway, lib: ResolvedLibrary, item_id: str) -> ListedContent:
    """The listed hash, size and eTag of ``item_id``'s current content (one request)."""
    item = await get_json(
        gw,
        f"/drives/{quote(lib.drive_id)}/items/{quote(item_id)}?$select=id,eTag,size,file",
        what=f"file {item_id} in {lib.key}",
    )
    hashes = mapping(mapping(item.get("file")).get("hashes"))
    return ListedContent(
        content_hash=text(hashes.get("quickXorHash")),
        size=integer(item.get("size")),
        etag=text(item.get("eTag")),
    )


async def content_hash(gw: GraphGateway, lib: ResolvedLibrary, item_id: str) -> tuple[str, bool]:
    """The quickXorHash of a file Graph lists without one, and whether Graph listed it.

    The file is downloaded once (streamed, hashed on the way), which is what makes SharePoint
    compute the hash; then the listing is read again. Only when it still has none is the
    hash of the downloaded bytes used: for Office files those carry SharePoint's properties,
    so such a hash identifies this download rather than the stored file.
    """
    hasher = QuickXorHash()
    async for chunk in download(gw, lib, item_id):
        hasher.update(chunk)
    listed = await listed_content(gw, lib, item_id)
    if listed.content_hash:
        return listed.content_hash, True
    return hasher.digest_b64(), False

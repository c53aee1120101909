"""Resolving the configured sites and libraries, and reading a library's columns."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import aclosing
from typing import Any
from urllib.parse import quote

from config import LibrarySettings
from integration.errors import NotFound
from integration.graph.answers import get_json, mapping, pages, text
from integration.graph.client import GraphGateway
from integration.graph.models import ColumnInfo
from integration.state.records import ResolvedLibrary

__all__ = ["fingerprint", "list_columns", "resolve_library"]


def fingerprint(spec: LibrarySettings) -> str:
    """A short digest of a library's configured address; a change means resolve again."""
    raw = json.dumps(spec.model_dump(mode="json", include={"site", "library"}), sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _site_address(spec: LibrarySettings) -> str:
    site = spec.site
    if site.id:
        return site.id
    # Graph addresses a site by server-relative path as "{hostname}:{path}".
    return f"{site.hostname}:{site.path}"


async def resolve_library(gw: GraphGateway, spec: LibrarySettings) -> ResolvedLibrary:
    """Find the site, the list and its drive for one configured library (three requests)."""
    where = f"library {spec.key}"
    address = _site_address(spec)
    site = await get_json(gw, f"/sites/{quote(address, safe=',:/')}", what=f"{where}: site")
    site_id = text(site.get("id"))
    if site_id is None:
        raise NotFound(f"{where}: site {address} not found", status=404)
    wanted = spec.library.id or spec.library.name or ""
    lists = f"/sites/{quote(site_id, safe=',')}/lists"
    found = await get_json(
        gw, f"{lists}/{quote(wanted, safe='')}", what=f"{where}: list {wanted!r}"
    )
    list_id = text(found.get("id"))
    if list_id is None:
        raise NotFound(f"{where}: no library {wanted!r} in site {site.get('webUrl')}", status=404)
    drive = await get_json(gw, f"{lists}/{quote(list_id)}/drive", what=f"{where}: drive")
    drive_id = text(drive.get("id"))
    if drive_id is None:
        raise NotFound(f"{where}: {wanted!r} is a list, not a document library", status=404)
    return ResolvedLibrary(
        key=spec.key,
        site_id=site_id,
        list_id=list_id,
        drive_id=drive_id,
        web_url=text(found.get("webUrl")) or text(drive.get("webUrl")) or "",
        display_name=text(found.get("displayName")) or wanted,
        config_fingerprint=fingerprint(spec),
    )


# The facets a columnDefinition may carry, as ColumnInfo names them; "untyped" is a column
# with none of them, which is how Graph shows hyperlink columns (columndefinition.md: list
# column responses "won't contain" hyperlinkOrPicture), so that kind cannot be told from an
# unknown one.
_FACETS = {
    "choice": "choice",
    "text": "text",
    "dateTime": "date_time",
    "hyperlinkOrPicture": "hyperlink_or_picture",
    "number": "number",
    "boolean": "boolean",
    "personOrGroup": "person_or_group",
    "lookup": "lookup",
    "calculated": "calculated",
    "currency": "currency",
    "term": "term",
    "geolocation": "geolocation",
    "thumbnail": "thumbnail",
    "contentApprovalStatus": "content_approval_status",
}


def _kind(col: Mapping[str, Any]) -> str:
    for facet, kind in _FACETS.items():
        if isinstance(col.get(facet), Mapping):
            if facet == "text" and mapping(col.get(facet)).get("allowMultipleLines"):
                return "note"
            return kind
    return "untyped"


async def list_columns(gw: GraphGateway, lib: ResolvedLibrary) -> list[ColumnInfo]:
    """The columns of a library's list, every page of them."""
    path = f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}/columns"
    out = []
    async with aclosing(pages(gw, path, what=f"columns of library {lib.key}")) as reading:
        async for page in reading:
            for col in page.value:
                choices = mapping(col.get("choice")).get("choices")
                name = text(col.get("name")) or ""
                out.append(
                    ColumnInfo(
                        name=name,
                        display_name=text(col.get("displayName")) or name,
                        kind=_kind(col),
                        read_only=col.get("readOnly") is True,
                        choices=tuple(c for c in choices if isinstance(c, str))
                        if isinstance(choices, list)
                        else (),
                        column_id=text(col.get("id")) or "",
                    )
                )
    return out

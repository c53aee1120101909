"""Resolving the configured sites and libraries, and reading a library's columns."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import aclosing
from typing import Any
from urllib.parse import quote

from config import LibrarySettings
from integration.errors import AccessDenied, GraphError, NotFound
from integration.graph.answers import get_json, mapping, pages, text
from integration.graph.client import GraphGateway
from integration.graph.models import ColumnInfo
from integration.graph.translate import error_for_status
from ports.libraries import ResolvedLibrary

__all__ = ["SiteAnswers", "fingerprint", "list_columns", "resolve_library"]


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


# The next step after a refused or missing site or library. Only the HTTP status is relied on,
# not Graph's error code: which code a 403 or 404 carries is not documented per cause.
_SITE_DENIED = (
    "the app may not read this site: ask an admin for Sites.Selected with a write grant on "
    "this site (a per-site grant), or for Sites.ReadWrite.All (Sites.Read.All only reads; "
    "once and run write fields); `freigabe check` shows the roles the token carries"
)
_SITE_MISSING = (
    "no such site: check site.hostname and site.path of this library against the site's "
    "address https://HOSTNAME/sites/NAME; Graph lists the sites the app can see with "
    "GET /sites?search=NAME"
)


async def _site(gw: GraphGateway, spec: LibrarySettings, where: str) -> Mapping[str, Any]:
    address = _site_address(spec)
    path = f"/sites/{quote(address, safe=',:/')}"
    what = f"{where}: site {address}"
    try:
        return await get_json(gw, path, what=what)
    except AccessDenied as err:
        raise error_for_status(403, what, err.code, step=_SITE_DENIED) from err
    except NotFound as err:
        raise error_for_status(404, what, err.code, step=_SITE_MISSING) from err


async def _library_names(gw: GraphGateway, lists: str, what: str) -> str:
    """The site's document libraries, named for a message: what ``library.name`` may be."""
    names: list[str] = []
    try:
        async with aclosing(pages(gw, lists, what=what)) as reading:
            async for page in reading:
                names += [
                    text(entry.get("displayName")) or text(entry.get("name")) or "?"
                    for entry in page.value
                    if mapping(entry.get("list")).get("template") == "documentLibrary"
                ]
    except GraphError:
        return f"list them with GET {lists}"
    return "the site's document libraries: " + (", ".join(sorted(names)) or "none")


SiteAnswers = dict[str, Mapping[str, Any]]
"""Sites already looked up in one pass over the libraries, by configured address."""


async def resolve_library(
    gw: GraphGateway, spec: LibrarySettings, *, sites: SiteAnswers | None = None
) -> ResolvedLibrary:
    """Find the site, the list and its drive for one configured library (three requests; two
    when ``sites`` already holds the site, as for the second library of a site)."""
    where = f"library {spec.key}"
    address = _site_address(spec)
    known = sites.get(address) if sites is not None else None
    site = known if known is not None else await _site(gw, spec, where)
    if sites is not None:
        sites[address] = site
    site_id = text(site.get("id"))
    if site_id is None:
        raise NotFound(f"{where}: site {address} not found: {_SITE_MISSING}", status=404)
    wanted = spec.library.id or spec.library.name or ""
    lists = f"/sites/{quote(site_id, safe=',')}/lists"
    what = f"{where}: list {wanted!r}"
    try:
        found = await get_json(gw, f"{lists}/{quote(wanted, safe='')}", what=what)
    except NotFound as err:
        existing = await _library_names(gw, lists, what=f"{where}: lists")
        step = (
            f"no such library in site {site.get('webUrl')}; {existing}; "
            f"set library.name of {spec.key} to one of them"
        )
        raise error_for_status(404, what, err.code, step=step) from err
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

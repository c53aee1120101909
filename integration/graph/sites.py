"""Resolving the configured sites and libraries, and reading a library's columns."""

from __future__ import annotations

import hashlib
import json

from msgraph.generated.models.column_definition import ColumnDefinition

from config import LibrarySettings
from integration.errors import NotFound
from integration.graph.client import GraphGateway
from integration.graph.models import ColumnInfo
from integration.graph.translate import graph_errors
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
    async with graph_errors(f"{where}: site", host=gw.host):
        site = await gw.sdk.sites.by_site_id(_site_address(spec)).get()
    if site is None or not site.id:
        raise NotFound(f"{where}: site {_site_address(spec)} not found", status=404)
    wanted = spec.library.id or spec.library.name or ""
    lists = gw.sdk.sites.by_site_id(site.id).lists
    async with graph_errors(f"{where}: list {wanted!r}", host=gw.host):
        found = await lists.by_list_id(wanted).get()
    if found is None or not found.id:
        raise NotFound(f"{where}: no library {wanted!r} in site {site.web_url}", status=404)
    async with graph_errors(f"{where}: drive", host=gw.host):
        drive = await lists.by_list_id(found.id).drive.get()
    if drive is None or not drive.id:
        raise NotFound(f"{where}: {wanted!r} is a list, not a document library", status=404)
    return ResolvedLibrary(
        key=spec.key,
        site_id=site.id,
        list_id=found.id,
        drive_id=drive.id,
        web_url=found.web_url or drive.web_url or "",
        display_name=found.display_name or wanted,
        config_fingerprint=fingerprint(spec),
    )


# The facets a columnDefinition may carry; "untyped" is a column with none of them, which is
# how Graph shows hyperlink columns (columndefinition.md: list column responses "won't
# contain" hyperlinkOrPicture), so that kind cannot be told from an unknown one.
_FACETS = (
    "choice",
    "text",
    "date_time",
    "hyperlink_or_picture",
    "number",
    "boolean",
    "person_or_group",
    "lookup",
    "calculated",
    "currency",
    "term",
    "geolocation",
    "thumbnail",
    "content_approval_status",
)


def _kind(col: ColumnDefinition) -> str:
    for kind in _FACETS:
        facet = getattr(col, kind, None)
        if facet is not None:
            if kind == "text" and getattr(facet, "allow_multiple_lines", False):
                return "note"
            return kind
    return "untyped"


async def list_columns(gw: GraphGateway, lib: ResolvedLibrary) -> list[ColumnInfo]:
    """The columns of a library's list, every page of them."""
    builder = gw.sdk.sites.by_site_id(lib.site_id).lists.by_list_id(lib.list_id).columns
    out = []
    async with graph_errors(f"columns of library {lib.key}", host=gw.host):
        answer = await builder.get()
        while answer is not None:
            for col in answer.value or []:
                choices = tuple(col.choice.choices or []) if col.choice is not None else ()
                out.append(
                    ColumnInfo(
                        name=col.name or "",
                        display_name=col.display_name or col.name or "",
                        kind=_kind(col),
                        read_only=bool(col.read_only),
                        choices=choices,
                        column_id=col.id or "",
                    )
                )
            link = answer.odata_next_link
            answer = await builder.with_url(gw.checked_link(link)).get() if link else None
    return out

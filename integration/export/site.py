"""The export's own files, rendered from what is published, in the order they are written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from integration.export.feed import render_feed
from integration.export.manifest import ChainHead, render_manifest, schema_bytes
from integration.export.pages import render_embed, render_index
from integration.export.paths import EMBED, FEED, INDEX, MANIFEST, SCHEMA
from integration.export.records import FeedItem, PublishedEntry

__all__ = ["SiteFile", "render_site"]


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One rendered file of the export: path, bytes and content type."""

    path: str
    data: bytes
    content_type: str


def render_site(
    entries: Sequence[PublishedEntry],
    feed: Sequence[FeedItem],
    *,
    base_url: str,
    title: str,
    head: ChainHead | None = None,
) -> list[SiteFile]:
    """Schema, manifest, index, embed page and feed, in this order (the feed last, so a
    reader told of a change by the feed finds the manifest and index already updated);
    ``head`` is the audit head the manifest carries."""
    updated = max((item.at for item in feed), default=None)
    return [
        SiteFile(SCHEMA, schema_bytes(), "application/schema+json"),
        SiteFile(
            MANIFEST,
            render_manifest(entries, base_url=base_url, title=title, updated=updated, head=head),
            "application/json; charset=utf-8",
        ),
        SiteFile(
            INDEX, render_index(entries, title=title, updated=updated), "text/html; charset=utf-8"
        ),
        SiteFile(EMBED, render_embed(entries, title=title), "text/html; charset=utf-8"),
        SiteFile(
            FEED,
            render_feed(feed, base_url=base_url, title=title),
            "application/atom+xml; charset=utf-8",
        ),
    ]

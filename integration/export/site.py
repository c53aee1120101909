"""The export's own files, rendered from what is published, in the order they are written."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from integration.export.feed import render_feed
from integration.export.manifest import ChainHead, render_manifest, schema_bytes
from integration.export.pages import (
    document_kind,
    render_embed,
    render_index,
    render_type_embed,
    type_page,
)
from integration.export.paths import EMBED, FEED, INDEX, MANIFEST, SCHEMA
from integration.export.records import FeedItem, PublishedEntry
from integration.language import Language

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
    earlier_types: Collection[str] = (),
    language: Language = Language.DE,
) -> list[SiteFile]:
    """Schema, the embed pages of the document types, manifest, index, embed page and feed,
    in this order (the feed last, so a reader told of a change by the feed finds the manifest
    and index already updated); ``head`` is the audit head the manifest carries.

    ``earlier_types`` are the document types the previous manifest listed: a type left with
    no document keeps its embed page, empty, so a member's iframe shows "no documents"
    rather than an error (and nothing withdrawn). The type pages come before the manifest,
    whose types are the record of which pages exist.
    """
    updated = max((item.at for item in feed), default=None)
    kinds = {document_kind(e.release.document_type, language) for e in entries}
    kinds |= {document_kind(t, language) for t in earlier_types}
    pages = {type_page(kind): kind for kind in sorted(kinds, reverse=True)}
    html = "text/html; charset=utf-8"
    # a feed entry links the PDF of the release it announces, if that is still the public one
    pdfs = {e.versioned_path: e.pdf for e in entries if e.pdf is not None}
    return [
        SiteFile(SCHEMA, schema_bytes(), "application/schema+json"),
        *(
            SiteFile(path, render_type_embed(kind, entries, title=title, language=language), html)
            for path, kind in sorted(pages.items())
        ),
        SiteFile(
            MANIFEST,
            render_manifest(entries, base_url=base_url, title=title, updated=updated, head=head),
            "application/json; charset=utf-8",
        ),
        SiteFile(
            INDEX,
            render_index(entries, title=title, updated=updated, language=language),
            "text/html; charset=utf-8",
        ),
        SiteFile(
            EMBED, render_embed(entries, title=title, language=language), "text/html; charset=utf-8"
        ),
        SiteFile(
            FEED,
            render_feed(feed, base_url=base_url, title=title, pdfs=pdfs, language=language),
            "application/atom+xml; charset=utf-8",
        ),
    ]

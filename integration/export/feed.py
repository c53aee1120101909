"""``feed.xml``: an Atom feed with one entry per release and one tombstone per withdrawal."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from integration.export import wording as w
from integration.export.paths import FEED, INDEX
from integration.export.records import FeedItem, FeedKind, PdfCopy
from integration.language import Language, date_in
from integration.text import clean

__all__ = ["DOCUMENT_SCHEME", "VERSION_SCHEME", "render_feed", "without_withdrawn"]

DOCUMENT_SCHEME = "urn:freigabe:document"
VERSION_SCHEME = "urn:freigabe:version"

_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _entry(
    feed: ET.Element, item: FeedItem, base_url: str, pdf: PdfCopy | None, language: Language
) -> None:
    entry = _add(feed, "entry")
    key = f"freigabe:{item.document_id}:{item.kind.value}:{item.version_label}:{item.seq}"
    _add(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, key).urn)
    title, version = clean(item.title), clean(item.version_label)
    released = item.kind is FeedKind.RELEASE
    heading = w.ENTRY_RELEASED if released else w.ENTRY_WITHDRAWN
    _add(entry, "title", heading(language, title=title, version=version))
    _add(entry, "updated", _stamp(item.at))
    _add(entry, "published", _stamp(item.at))
    label = w.CATEGORY_RELEASE if released else w.CATEGORY_WITHDRAWAL
    _add(entry, "category", term=item.kind.value, label=label(language))
    # which document and version: for readers that track documents, and for reading the
    # history back when the state that wrote it was lost (integration/export/adopt.py)
    _add(entry, "category", scheme=DOCUMENT_SCHEME, term=clean(item.document_id))
    _add(entry, "category", scheme=VERSION_SCHEME, term=version)
    if released:
        _add(entry, "link", rel="alternate", href=f"{base_url}/{item.stable_path}")
        if item.sha256:
            # the exact bytes of this release, for mirrors that check what they copy
            _add(
                entry,
                "link",
                rel="enclosure",
                href=f"{base_url}/{item.versioned_path}",
                type=item.media_type or "application/octet-stream",
                length=str(item.size),
                title=f"SHA-256 {item.sha256}",
            )
        if pdf is not None:
            # "related", not a second "alternate": readers (and adopt) take the alternate
            # link as the document itself
            _add(
                entry,
                "link",
                rel="related",
                href=f"{base_url}/{pdf.versioned_path}",
                type="application/pdf",
                length=str(pdf.size),
                title=f"PDF, SHA-256 {pdf.sha256}",
            )
        _add(entry, "summary", clean(item.summary, lines=True) or title)
    else:
        # the tombstone: member websites that link the document learn to remove the link
        _add(
            entry,
            "content",
            w.TOMBSTONE(language, title=title, date=date_in(item.at, language)),
            type="text",
        )


def without_withdrawn(items: Sequence[FeedItem]) -> list[FeedItem]:
    """``items`` less the releases a later withdrawal of their document took back: the
    tombstone replaces them, so no entry links to a file that is no longer public."""
    withdrawn: dict[str, int] = {}
    for item in items:
        if item.kind is FeedKind.WITHDRAWAL:
            withdrawn[item.document_id] = max(item.seq, withdrawn.get(item.document_id, item.seq))
    return [
        item
        for item in items
        if item.kind is FeedKind.WITHDRAWAL or item.seq > withdrawn.get(item.document_id, -1)
    ]


def render_feed(
    items: Sequence[FeedItem],
    *,
    base_url: str,
    title: str,
    pdfs: Mapping[str, PdfCopy] | None = None,
    language: Language = Language.DE,
) -> bytes:
    """The Atom feed of ``items`` (oldest first), newest entry first, as UTF-8 XML; a
    release whose versioned path is a key of ``pdfs`` links that PDF too."""
    pdfs = pdfs or {}
    # plain tag names under a declared default namespace: ElementTree would otherwise invent
    # "ns0:" prefixes, which Atom readers accept but people reading the file do not expect
    feed = ET.Element("feed", {"xmlns": _ATOM, _XML_LANG: language.value})
    _add(feed, "id", f"{base_url}/{FEED}")
    _add(feed, "title", clean(title))
    _add(feed, "updated", _stamp(max((i.at for i in items), default=_EPOCH)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{base_url}/{FEED}")
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base_url}/{INDEX}")
    author = _add(feed, "author")
    _add(author, "name", clean(title))
    _add(feed, "generator", "freigabe")
    for item in sorted(items, key=lambda i: i.seq, reverse=True):
        released = item.kind is FeedKind.RELEASE
        pdf = pdfs.get(item.versioned_path) if released else None
        _entry(feed, item, base_url, pdf, language)
    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml

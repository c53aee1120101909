"""The export's pages and feed in English: ``lang="en"``, English words, the tenant's values."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from integration.export.adopt import _feed
from integration.export.records import FeedItem, FeedKind, PdfCopy
from integration.export.site import render_site
from integration.language import Language
from tests.unit.export.test_text_safety import _entry

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FEED = [
    FeedItem(1, FeedKind.RELEASE, "D1", "Leitfaden", AT, "2.0", stable_path="dokumente/x.pdf"),
    FeedItem(2, FeedKind.WITHDRAWAL, "D2", "Alt", AT, "1.0"),
]


PDF = PdfCopy("dokumente/x.pdf", "versionen/x/2.0-abcd.pdf", "0" * 64, 2048)


def _site(language: Language | None = None) -> dict[str, str]:
    entry = _entry()
    release = replace(entry.release, document_type="")
    entry = replace(entry, release=release, size=1, pdf=PDF)
    site = partial(render_site, [entry], FEED, base_url="https://x.example", title="T")
    files = site(language=language) if language else site()
    return {f.path: f.data.decode() for f in files}


def test_english_index_is_english_and_keeps_the_tenants_vote_values() -> None:
    """Index and embed page say ``lang="en"`` and English labels; the vote value stays German."""
    site = _site(Language.EN)
    index = site["index.html"]
    assert '<html lang="en">' in index
    for label in ("Skip to content", "Released on", "Other documents", "1 byte", "Lead", "as PDF"):
        assert label in index
    for german in ("Freigegeben am", "Zum Inhalt", "Sonstige", "Datei", "Federführung", "als PDF"):
        assert german not in index
    assert "Zustimmung: " in index
    assert '<html lang="en">' in site["embed.html"]
    assert "as PDF</a> (2.0 KB)" in site["embed.html"]
    assert "embed-other-documents.html" in site


def test_english_feed_is_english_and_read_back_like_a_german_one() -> None:
    """The feed is ``xml:lang="en"`` with English entries; reading it back finds the titles."""
    feed = _site(Language.EN)["feed.xml"]
    root = ET.fromstring(feed)  # noqa: S314 - rendered just above
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert "Released: Leitfaden (Version 2.0)" in feed
    assert "“Alt” was withdrawn on 2026-03-01 and is no longer published." in feed
    assert [(i.title, i.version_label) for i in _feed(feed.encode(), [])] == [
        ("Leitfaden", "2.0"),
        ("Alt", "1.0"),
    ]


def test_german_stays_the_default() -> None:
    """Without a language the pages are German, one byte in the singular."""
    index = _site()["index.html"]
    assert '<html lang="de">' in index
    assert "Freigegeben am" in index
    assert "PDF, 1 Byte<" in index

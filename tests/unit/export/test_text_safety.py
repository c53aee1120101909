"""manifest.json and feed.xml carry no control, NUL or direction-changing characters."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from integration.export.feed import render_feed
from integration.export.manifest import render_manifest
from integration.export.records import (
    FeedItem,
    FeedKind,
    Organisation,
    OrgVote,
    PublicRelease,
    PublishedEntry,
    VoteValue,
)

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# NUL, C0 and C1 controls, direction marks, an override and an isolate
HOSTILE = "\x00\x1b\x9b\u200e\u200f\u061c\u202e\u2067"
UNSAFE = set(HOSTILE)


def _dirty(text: str) -> str:
    return f"{HOSTILE}{text}{HOSTILE}"


def _entry() -> PublishedEntry:
    release = PublicRelease(
        document_id="D1",
        library="lib",
        file_name="leitfaden.pdf",
        title=_dirty("Leitfaden \u202efdp.exe"),
        summary=_dirty("Erste Zeile\nZweite Zeile"),
        document_type=_dirty("Leitfaden"),
        lead_org=Organisation(_dirty("DWV"), _dirty("Deutscher Wasserverband")),
        version_label=_dirty("2.0"),
        content_hash="aGFzaA==",
        released_at=AT,
        votes=(OrgVote(Organisation("BLP", _dirty("Bund")), VoteValue.APPROVE),),
        media_type="application/pdf",
    )
    return PublishedEntry(
        release, "leitfaden", "dokumente/leitfaden.pdf", "versionen/leitfaden/2.0.pdf", "f" * 64, 9
    )


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (key, *_strings(value))]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_manifest_strings_are_clean() -> None:
    """No string of the manifest holds one of the hostile characters; line breaks survive."""
    data = render_manifest(
        [_entry()], base_url="https://x.example", title=_dirty("Freigaben"), updated=AT
    )
    manifest = json.loads(data)
    assert not UNSAFE & set("".join(_strings(manifest)))
    document = manifest["documents"][0]
    assert document["title"] == "Leitfaden fdp.exe"
    assert document["summary"] == "Erste Zeile\nZweite Zeile"
    assert document["lead_organisation"] == {"code": "DWV", "name": "Deutscher Wasserverband"}
    assert document["votes"][0]["organisation"]["name"] == "Bund"
    assert (manifest["title"], document["version"], document["document_type"]) == (
        "Freigaben",
        "2.0",
        "Leitfaden",
    )


def test_feed_text_is_clean() -> None:
    """Every text and attribute of the feed is free of the hostile characters."""
    items = [
        FeedItem(1, FeedKind.RELEASE, "D1", _dirty("Titel"), AT, "2.0", _dirty("Kurz\nfassung")),
        FeedItem(2, FeedKind.WITHDRAWAL, "D1", _dirty("Titel"), AT, _dirty("2.0")),
    ]
    data = render_feed(items, base_url="https://x.example", title=_dirty("Freigaben"))
    root = ET.fromstring(data)  # noqa: S314 - our own feed, rendered just above
    texts = [t for e in root.iter() for t in (e.text or "", *e.attrib.values())]
    assert not UNSAFE & set("".join(texts))
    assert "Kurz\nfassung" in texts

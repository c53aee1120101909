"""manifest.json, feed.xml and index.html as readers see them, hostile names included."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import jsonschema
import pytest

from integration.export import FolderTarget
from integration.export.paths import extension
from tests.adapter.export.builders import START, opener, release
from tests.adapter.export.conftest import BASE_URL, PublisherFactory


async def _publish_three(make_publisher: PublisherFactory) -> None:
    publisher = make_publisher(clock=lambda: START.replace(month=5))
    releases = [
        release(
            f"Inhalt {n}".encode(),
            document_id=f"D{n}",
            file_name=name,
            title=name,
            document_type=kind,
        )
        for n, (kind, name) in enumerate(
            [
                ("Leitfaden", "Leitfaden Öffentlichkeit.pdf"),
                ("Positionspapier", "Position Straßenbau.docx"),
                ("Praxisbeispiel", "Sammlung von best practices.pdf"),
            ]
        )
    ]
    for n, record in enumerate(releases):
        await publisher.publish(record, opener(f"Inhalt {n}".encode()))
    # D1 is released no longer: the next reconcile withdraws it, as the publish stage does
    await publisher.reconcile([releases[0], releases[2]])


async def test_manifest_validates_against_its_schema(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """The manifest follows the shipped schema, which is published next to it."""
    await _publish_three(make_publisher)
    schema = json.loads((export_root / "manifest.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    manifest = json.loads((export_root / "manifest.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(manifest)
    assert manifest["$schema"] == f"{BASE_URL}/manifest.schema.json"
    assert [d["id"] for d in manifest["documents"]] == ["D0", "D2"]
    assert manifest["documents"][0]["votes"][0] == {
        "organisation": {"code": "BLP", "name": "Bund Landschaftspflege"},
        "vote": "Enthaltung",
    }


async def test_feed_has_one_entry_per_release_and_withdrawal(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """feedparser reads the Atom feed, newest first: of three releases the withdrawn one
    gave way to its tombstone."""
    await _publish_three(make_publisher)
    feed = feedparser.parse((export_root / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Zurückgezogen: Position Straßenbau.docx (Version 1.0)"
    assert sorted(titles[1:]) == [
        "Freigegeben: Leitfaden Öffentlichkeit.pdf (Version 1.0)",
        "Freigegeben: Sammlung von best practices.pdf (Version 1.0)",
    ]
    assert [(t.scheme, t.term) for t in feed.entries[0].tags] == [
        (None, "withdrawal"),
        ("urn:freigabe:document", "D1"),
        ("urn:freigabe:version", "1.0"),
    ]
    assert len({e.id for e in feed.entries}) == 3
    assert feed.entries[1].link.startswith(f"{BASE_URL}/dokumente/")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        self.links += [v for k, v in attrs if k == "href" and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._tag in ("h1", "h2", "h3", "a"):
            self.headings.append(data.strip())


HOSTILE = [
    "../x",
    "../../etc/passwd",
    "index.html",
    "manifest.json",
    "feed.xml",
    "versionen",
    "a\x00b.pdf",
    "x" * 500 + ".pdf",
    "Ελληνικά και русский 中文 Ärger.pdf",
    "evil\u202egpj.exe",
    "<script>alert(1)</script>.html",
    "....pdf",
    "/absolut.pdf",
    "C:\\Windows\\system.ini",
    "",
]


async def test_hostile_names_stay_inside_and_keep_pages_intact(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """Hostile file names and titles never leave the root nor replace the export's own files."""
    # about paths, not types: every type these names end in is allowed here
    publisher = make_publisher(allowed_extensions=frozenset(extension(n) for n in HOSTILE))
    for n, name in enumerate(HOSTILE):
        content = f"{n}".encode()
        await publisher.publish(
            release(content, document_id=f"H{n}", file_name=name, title=name), opener(content)
        )
    root = export_root.resolve()
    for directory, _, names in os.walk(export_root.parent):
        for name in names:
            path = Path(directory, name).resolve()
            assert path.is_relative_to(root) or name.startswith("state.db")
    top = sorted(p.name for p in export_root.iterdir())
    assert top == [
        "dokumente",
        "embed-leitfaden.html",
        "embed.html",
        "feed.xml",
        "index.html",
        "manifest.json",
        "manifest.schema.json",
        "versionen",
    ]
    stable = sorted(p.name for p in (export_root / "dokumente").iterdir())
    assert len(stable) == len(HOSTILE)
    assert all(len(name) <= 120 and name[0].isalnum() for name in stable)
    page = _Page()
    page.feed((export_root / "index.html").read_text("utf-8"))
    assert "<script>" not in (export_root / "index.html").read_text("utf-8")
    assert "\u202e" not in "".join(page.text)
    documents = [link for link in page.links if link.startswith("dokumente/")]
    assert sorted(documents) == sorted(f"dokumente/{name}" for name in stable)
    assert not feedparser.parse((export_root / "feed.xml").read_bytes()).bozo
    assert len(json.loads((export_root / "manifest.json").read_text("utf-8"))["documents"]) == (
        len(HOSTILE)
    )


@pytest.mark.parametrize("name", ["index.html", "manifest.json", "feed.xml", "embed.html"])
async def test_no_document_can_overwrite_the_export_files(
    make_publisher: PublisherFactory, export_root: Path, name: str
) -> None:
    """A document named like an export file lands below dokumente/, under another name."""
    content = b"<html>boese</html>"
    allowed = frozenset({extension(name)})  # about paths, not types (test_active_types)
    result = await make_publisher(allowed_extensions=allowed).publish(
        release(content, file_name=name, media_type="text/html"), opener(content)
    )
    assert result.stable_url.startswith(f"{BASE_URL}/dokumente/")
    assert not result.stable_url.endswith(f"/{name}")
    assert (export_root / name).read_bytes() != content
    assert await FolderTarget(export_root).exists(name)

"""Released files a browser would run (html, svg, ...) never run as the export's own site."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import feedparser
import pytest
from azure.storage.blob.aio import ContainerClient

from config.export import DEFAULT_ALLOWED_EXTENSIONS
from integration.errors import ExportError, RefusedType
from integration.export import SHORT_LIVED, BlobTarget, Publisher
from integration.export.steps import SiteOptions
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests.adapter.export.builders import START, opener, release
from tests.adapter.export.conftest import DEV_ACCOUNT_KEY, PublisherFactory, blob_settings

PAGE = b"<html><script>fetch('/manifest.json')</script></html>"
PDF = b"%PDF-1.7 Inhalt"


def _linked(export_root: Path) -> str:
    """Everything the manifest, index, embed page and feed say, as one text."""
    return "\n".join(
        (export_root / name).read_text("utf-8")
        for name in ("manifest.json", "index.html", "embed.html", "feed.xml")
    )


async def test_an_active_type_is_refused_before_anything_is_written(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A released .html is refused with RefusedType (an ExportError), unread and unlisted."""
    publisher = make_publisher()
    await publisher.publish(release(PDF, document_id="D1", file_name="Bericht.pdf"), opener(PDF))

    async def never() -> AsyncIterator[bytes]:
        raise AssertionError("a refused file must not be downloaded")
        yield b""  # pragma: no cover - makes this an async generator

    aushang = release(PAGE, document_id="D2", file_name="Aushang.html", media_type="text/html")
    with pytest.raises(RefusedType) as caught:
        await publisher.publish(aushang, never)
    assert isinstance(caught.value, ExportError)
    assert ".html" in str(caught.value)
    assert "export.allowed_extensions" in str(caught.value)
    assert not list(export_root.glob("*/**/*.html"))
    assert "aushang" not in _linked(export_root).lower()
    manifest = json.loads((export_root / "manifest.json").read_text())
    assert [d["id"] for d in manifest["documents"]] == ["D1"]


async def test_a_type_taken_off_the_list_leaves_the_export(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """An .svg published while allowed goes at the next reconcile once it is not: a tombstone
    in the feed, no file (archive included), no link; the release comes back as missing, and
    publishing refuses it."""
    logo = release(PAGE, document_id="D3", file_name="Logo.svg", media_type="image/svg+xml")
    permissive = make_publisher(allowed_extensions=frozenset({*DEFAULT_ALLOWED_EXTENSIONS, "svg"}))
    await permissive.publish(logo, opener(PAGE))
    assert (export_root / "dokumente" / "logo.svg").exists()
    strict = make_publisher()
    report = await strict.reconcile([logo])
    assert report.removed == ("D3",)
    assert [r.document_id for r in report.missing] == ["D3"]
    assert not list((export_root / "dokumente").glob("*.svg"))
    assert not list(export_root.glob("versionen/**/*.svg"))
    assert ".svg" not in _linked(export_root)
    feed = feedparser.parse((export_root / "feed.xml").read_bytes())
    assert [e.tags[0].term for e in feed.entries] == ["withdrawal"]
    with pytest.raises(RefusedType):
        await strict.publish(logo, opener(PAGE))


async def test_a_refused_new_version_leaves_the_previous_release_public(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """Version 2 arrives as .html: refused, as a failed publication is; version 1 stays public."""
    publisher = make_publisher()
    await publisher.publish(release(PDF, document_id="D1", file_name="Bericht.pdf"), opener(PDF))
    second = release(
        PAGE, document_id="D1", file_name="Bericht.html", version="2.0", media_type="text/html"
    )
    report = await publisher.reconcile([second])
    assert (report.removed, [r.version_label for r in report.missing]) == ((), ["2.0"])
    with pytest.raises(RefusedType):
        await publisher.publish(second, opener(PAGE))
    [document] = json.loads((export_root / "manifest.json").read_text())["documents"]
    assert (document["version"], document["urls"]["stable"][-4:]) == ("1.0", ".pdf")


async def _headers(container: ContainerClient, path: str) -> tuple[str | None, str | None]:
    props = await container.get_blob_client(path).get_blob_properties()
    return props.content_settings.content_type, props.content_settings.content_disposition


async def test_blob_serves_an_allowed_active_type_as_a_download(
    azurite: str, store: StateStore
) -> None:
    """Put on the list, an .html is published with Content-Disposition attachment and
    application/octet-stream (stable and versioned); PDFs and the site's own pages are not."""
    settings = blob_settings(azurite)
    target = BlobTarget.from_settings(settings)
    await target.ensure_container()
    allowed = frozenset({*DEFAULT_ALLOWED_EXTENSIONS, "html"})
    options = SiteOptions(settings.public_base_url, "Titel", allowed_extensions=allowed)
    publisher = Publisher(target, PublicationRepository(store), options)
    base = settings.public_base_url + "/"
    aushang = release(PAGE, document_id="D2", file_name="Aushang.html", media_type="text/html")
    page = await publisher.publish(aushang, opener(PAGE))
    pdf = await publisher.publish(release(PDF, document_id="D1"), opener(PDF))
    container = ContainerClient(
        azurite,
        settings.container,
        credential={"account_name": "devstoreaccount1", "account_key": DEV_ACCOUNT_KEY},
    )
    try:
        for url in (page.stable_url, page.versioned_url):
            assert await _headers(container, url.removeprefix(base)) == (
                "application/octet-stream",
                "attachment",
            )
        assert await _headers(container, pdf.stable_url.removeprefix(base)) == (
            "application/pdf",
            None,
        )
        assert await _headers(container, "index.html") == ("text/html; charset=utf-8", None)
        await target.put_bytes("dokumente/direkt.svg", b"<svg/>", "image/svg+xml", SHORT_LIVED)
        assert await _headers(container, "dokumente/direkt.svg") == (
            "application/octet-stream",
            "attachment",
        )
    finally:
        await container.close()
        await publisher.aclose()


async def test_the_manifest_keeps_the_documents_own_type(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """What the document is stays in the manifest; only how it is served changes."""
    publisher = make_publisher(allowed_extensions=frozenset({"html"}))
    aushang = release(PAGE, document_id="D2", file_name="Aushang.html", media_type="text/html")
    await publisher.publish(aushang, opener(PAGE))
    [document] = json.loads((export_root / "manifest.json").read_text())["documents"]
    assert document["media_type"] == "text/html"
    assert START.isoformat()[:10] in document["released_at"]

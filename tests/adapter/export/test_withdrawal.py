"""A withdrawal leaves no public copy on either target; archives lie outside the public root."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from azure.storage.blob.aio import ContainerClient

from config.export import FolderTargetSettings
from integration.export import BlobTarget, FeedItem, FeedKind, FolderTarget
from integration.export.codec import encode_feed_item
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests.adapter.export.builders import opener, release
from tests.adapter.export.conftest import DEV_ACCOUNT_KEY, PublisherFactory, blob_settings

CONTENT = b"%PDF zurueckgezogen " * 300
RELEASE = release(CONTENT)
PUBLIC_FOLDERS = ("dokumente", "versionen")


async def test_blob_withdrawal_moves_the_archive_to_a_private_container(
    make_publisher: PublisherFactory, azurite: str
) -> None:
    """On Blob, nothing of the release is left in the public container; its versioned copy
    is in the archive container, which grants no public access."""
    settings = blob_settings(azurite)
    target = BlobTarget.from_settings(settings)
    await target.ensure_container()
    publisher = make_publisher(target)
    try:
        published = await publisher.publish(RELEASE, opener(CONTENT))
        await publisher.reconcile([])
        assert [p for f in PUBLIC_FOLDERS for p in await target.list(f)] == []
        feed = feedparser.parse(await target.get_bytes("feed.xml"))
        assert [e.title.split(":")[0] for e in feed.entries] == ["Zurückgezogen"]
    finally:
        await publisher.aclose()
    connection = (
        f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        f"AccountKey={DEV_ACCOUNT_KEY};BlobEndpoint={azurite};"
    )
    async with ContainerClient.from_connection_string(
        connection, settings.archive_container
    ) as archive:
        versioned = published.versioned_url.split("/", 3)[3]
        assert [b.name async for b in archive.list_blobs()] == [versioned]
        download = await archive.get_blob_client(versioned).download_blob()
        assert await download.readall() == CONTENT
        assert (await archive.get_container_properties()).public_access is None


async def test_reconcile_takes_down_what_older_withdrawals_left_public(
    make_publisher: PublisherFactory, export_root: Path, store: StateStore
) -> None:
    """An export withdrawn by an earlier version still serves the versioned copy and lists
    the release in its feed; the next reconcile archives the copy and drops the entry."""
    publisher = make_publisher()
    published = await publisher.publish(RELEASE, opener(CONTENT))
    versioned = published.versioned_url.split("/", 3)[3]
    # what a withdrawal of earlier versions left: the stable copy gone, the versioned kept
    repository = PublicationRepository(store)
    stable = published.stable_url.split("/", 3)[3]
    tombstone = FeedItem(0, FeedKind.WITHDRAWAL, RELEASE.document_id, RELEASE.title,
                         datetime(2025, 4, 1, tzinfo=UTC), RELEASE.version_label)  # fmt: skip
    repository.commit(
        RELEASE.document_id,
        entry=None,
        remove_files=(stable,),
        feed_item=encode_feed_item(tombstone),
    )
    await FolderTarget(export_root).delete(stable)
    assert (export_root / versioned).exists()
    report = await make_publisher().reconcile([])
    assert report.taken_down == (versioned,)
    assert not (export_root / "versionen").exists()
    assert (export_root.with_name("export-archiv") / versioned).read_bytes() == CONTENT
    feed = feedparser.parse((export_root / "feed.xml").read_bytes())
    assert [e.title.split(":")[0] for e in feed.entries] == ["Zurückgezogen"]


@pytest.mark.parametrize("inside", ["export/archiv", "export"])
def test_an_archive_folder_inside_the_export_is_refused(tmp_path: Path, inside: str) -> None:
    """The archive must lie outside what the web server serves."""
    with pytest.raises(ValueError, match="inside path"):
        FolderTargetSettings(
            path=tmp_path / "export",
            public_base_url="https://x.example",
            archive_path=tmp_path / inside,
        )


async def test_a_type_left_without_documents_keeps_an_empty_embed_page(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A member's iframe of a type whose last document was withdrawn shows no document, and
    no error; a type that never had a document gets no page."""
    publisher = make_publisher()
    await publisher.publish(RELEASE, opener(CONTENT))
    page = export_root / "embed-leitfaden.html"
    assert RELEASE.summary in page.read_text("utf-8")
    await publisher.reconcile([])
    text = page.read_text("utf-8")
    assert "Derzeit keine Dokumente." in text
    assert RELEASE.title not in text
    assert sorted(p.name for p in export_root.glob("embed-*.html")) == ["embed-leitfaden.html"]

"""What only one kind of target has to show: links in a folder, headers on blobs."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from azure.storage.blob.aio import ContainerClient
from pydantic import SecretStr

import integration.export.folder as folder
from config.export import BlobTargetSettings
from integration.errors import ExportTargetError, UnsafeName
from integration.export import IMMUTABLE, SHORT_LIVED, BlobTarget, FolderTarget, Publisher
from integration.export.steps import SiteOptions
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests.adapter.export.builders import opener, release
from tests.adapter.export.conftest import DEV_ACCOUNT_KEY, blob_settings


async def test_folder_refuses_a_linked_directory(tmp_path: Path) -> None:
    """A symbolic link to a folder outside the root is never written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    target = FolderTarget(tmp_path / "export")
    os.symlink(outside, tmp_path / "export" / "dokumente")
    with pytest.raises(UnsafeName):
        await target.put_bytes("dokumente/a.pdf", b"x", "application/pdf", SHORT_LIVED)
    assert list(outside.iterdir()) == []


async def test_folder_does_not_read_through_a_linked_file(tmp_path: Path) -> None:
    """A symbolic link in the root pointing outside is neither read nor listed."""
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    target = FolderTarget(tmp_path / "export")
    (tmp_path / "export" / "dokumente").mkdir()
    os.symlink(secret, tmp_path / "export" / "dokumente" / "a.pdf")
    with pytest.raises(ExportTargetError):
        await target.get_bytes("dokumente/a.pdf")
    assert await target.list("dokumente") == []
    assert not await target.exists("dokumente/a.pdf")


async def test_folder_discards_leftover_temporaries(tmp_path: Path) -> None:
    """Temporaries of an interrupted write are hidden from list and removed on request."""
    target = FolderTarget(tmp_path / "export")
    await target.put_bytes("dokumente/a.pdf", b"a", "application/pdf", SHORT_LIVED)
    leftover = tmp_path / "export" / "dokumente" / ".a.pdf.0123456789ab.partial"
    leftover.write_bytes(b"half")
    assert await target.list("dokumente") == ["dokumente/a.pdf"]
    await target.discard_partials()
    assert not leftover.exists()
    assert (tmp_path / "export" / "dokumente" / "a.pdf").read_bytes() == b"a"


async def test_a_cancelled_folder_write_cleans_up_after_its_last_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled (SIGTERM, the worker's grace ran out) while a thread writes a chunk: the
    temporary is closed and removed only after that write, never under the thread's feet."""
    started, finished = threading.Event(), threading.Event()
    write = folder._write_all

    def slow_write(fd: int, data: bytes) -> None:
        started.set()
        time.sleep(0.3)
        write(fd, data)
        finished.set()

    monkeypatch.setattr(folder, "_write_all", slow_write)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"Inhalt"

    target = FolderTarget(tmp_path / "export")
    put = target.put_stream("dokumente/a.pdf", chunks(), "application/pdf", SHORT_LIVED)
    task = asyncio.ensure_future(put)
    assert await asyncio.to_thread(started.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished.is_set()
    assert list((tmp_path / "export").rglob(".*.partial")) == []
    assert not (tmp_path / "export" / "dokumente" / "a.pdf").exists()


async def test_folder_files_are_world_readable(tmp_path: Path) -> None:
    """Written files can be read by the web server's user."""
    target = FolderTarget(tmp_path / "export")
    await target.put_bytes("index.html", b"<p>", "text/html", SHORT_LIVED)
    assert (tmp_path / "export" / "index.html").stat().st_mode & 0o044 == 0o044


async def _headers(container: ContainerClient, path: str) -> tuple[str | None, str | None]:
    props = await container.get_blob_client(path).get_blob_properties()
    return props.content_settings.content_type, props.content_settings.cache_control


async def test_blob_publication_sets_content_type_and_cache_control(
    azurite: str, store: StateStore
) -> None:
    """On blobs, versioned files are immutable, stable paths and the index short-lived."""
    settings = blob_settings(azurite)
    target = BlobTarget.from_settings(settings)
    await target.ensure_container()
    publisher = Publisher(
        target, PublicationRepository(store), SiteOptions(settings.public_base_url, "Titel")
    )
    content = b"%PDF-1.7 Inhalt"
    result = await publisher.publish(release(content), opener(content))
    base = settings.public_base_url + "/"
    container = ContainerClient(
        azurite,
        settings.container,
        credential={"account_name": "devstoreaccount1", "account_key": DEV_ACCOUNT_KEY},
    )
    try:
        versioned = result.versioned_url.removeprefix(base)
        stable = result.stable_url.removeprefix(base)
        assert await _headers(container, versioned) == ("application/pdf", IMMUTABLE)
        assert await _headers(container, stable) == ("application/pdf", SHORT_LIVED)
        assert await _headers(container, "index.html") == ("text/html; charset=utf-8", SHORT_LIVED)
        assert (await _headers(container, "feed.xml"))[0] == "application/atom+xml; charset=utf-8"
    finally:
        await container.close()
        await publisher.aclose()


async def test_blob_target_works_on_the_static_website_container(azurite: str) -> None:
    """A connection string and the default ``$web`` container are enough."""
    endpoint = f"BlobEndpoint={azurite};AccountName=devstoreaccount1;AccountKey={DEV_ACCOUNT_KEY}"
    from pydantic import SecretStr

    settings = BlobTargetSettings(
        connection_string=SecretStr(endpoint), public_base_url="https://web.example"
    )
    assert settings.container == "$web"
    target = BlobTarget.from_settings(settings)
    try:
        await target.ensure_container()
        await target.ensure_container()

        async def chunks() -> AsyncIterator[bytes]:
            yield b"<h1>"

        await target.put_stream("index.html", chunks(), "text/html", SHORT_LIVED)
        assert await target.get_bytes("index.html") == b"<h1>"
    finally:
        await target.aclose()


async def test_blob_errors_name_no_secret(azurite: str) -> None:
    """A refused request raises ExportTargetError whose text holds no key."""
    wrong = blob_settings(azurite).model_copy(
        update={"account_key": SecretStr("d3Jvbmcta2V5LXZhbHVl")}
    )
    target = BlobTarget.from_settings(wrong)
    try:
        with pytest.raises(ExportTargetError) as caught:
            await target.put_bytes("index.html", b"x", "text/html", SHORT_LIVED)
    finally:
        await target.aclose()
    assert "d3Jvbmcta2V5LXZhbHVl" not in str(caught.value)
    assert DEV_ACCOUNT_KEY not in str(caught.value)

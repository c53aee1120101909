"""Publishing and withdrawing releases on a folder export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest

from integration.errors import HashMismatch
from integration.export import FolderTarget
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests.adapter.export.builders import opener, release
from tests.adapter.export.conftest import BASE_URL, PublisherFactory

V1 = b"%PDF Fassung eins " * 500
V2 = b"%PDF Fassung zwei, deutlich laenger " * 700


def manifest(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "manifest.json").read_text("utf-8"))
    return data


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


async def test_publish_puts_exact_bytes_at_stable_and_versioned_paths(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """The voted bytes land at both paths and the URLs point at them."""
    result = await make_publisher().publish(release(V1), opener(V1))
    assert result.stable_url == f"{BASE_URL}/dokumente/leitfaden-oeffentlichkeitsarbeit.pdf"
    assert result.versioned_url.startswith(
        f"{BASE_URL}/versionen/leitfaden-oeffentlichkeitsarbeit/1.0-"
    )
    for url in (result.stable_url, result.versioned_url):
        assert (export_root / url.removeprefix(BASE_URL + "/")).read_bytes() == V1
    [doc] = manifest(export_root)["documents"]
    assert doc["urls"] == {"stable": result.stable_url, "versioned": result.versioned_url}
    assert doc["size"] == len(V1)


async def test_hash_mismatch_publishes_nothing(
    make_publisher: PublisherFactory, export_root: Path, store: StateStore
) -> None:
    """Bytes other than the voted ones raise HashMismatch and leave no trace."""
    with pytest.raises(HashMismatch):
        await make_publisher().publish(release(V1), opener(V1 + b"!"))
    assert files(export_root) == []
    assert PublicationRepository(store).journal() == []


async def test_mismatch_keeps_the_previous_release(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A refused new version leaves the old release public and listed."""
    publisher = make_publisher()
    await publisher.publish(release(V1), opener(V1))
    before = {p: (export_root / p).read_bytes() for p in files(export_root)}
    with pytest.raises(HashMismatch):
        await publisher.publish(release(V2, version="2.0"), opener(V1))
    assert {p: (export_root / p).read_bytes() for p in files(export_root)} == before


@pytest.mark.parametrize("keep_archive", [True, False])
async def test_new_release_replaces_stable_copy(
    make_publisher: PublisherFactory, export_root: Path, keep_archive: bool
) -> None:
    """A new version replaces the stable bytes; the old versioned copy stays only as archive."""
    publisher = make_publisher(keep_archive=keep_archive)
    first = await publisher.publish(release(V1), opener(V1))
    second = await publisher.publish(release(V2, version="2.0", days=3), opener(V2))
    assert second.stable_url == first.stable_url
    assert (export_root / second.stable_url.removeprefix(BASE_URL + "/")).read_bytes() == V2
    old = export_root / first.versioned_url.removeprefix(BASE_URL + "/")
    assert old.exists() is keep_archive
    [doc] = manifest(export_root)["documents"]
    assert doc["version"] == "2.0"


async def test_publishing_the_same_release_again_changes_nothing(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A repeated publication (e.g. after a restart) neither streams nor adds a feed entry."""
    publisher = make_publisher()
    first = await publisher.publish(release(V1), opener(V1))
    feed = (export_root / "feed.xml").read_bytes()

    async def never() -> Any:
        raise AssertionError("content must not be downloaded again")
        yield b""  # pragma: no cover - makes this an async generator

    again = await publisher.publish(release(V1), never)
    assert again == first
    assert (export_root / "feed.xml").read_bytes() == feed


async def test_same_release_with_new_title_updates_the_listing(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """Changed metadata of the public release reaches the manifest without re-publishing."""
    publisher = make_publisher()
    await publisher.publish(release(V1), opener(V1))
    await publisher.publish(release(V1, title="Neuer Titel"), opener(b"unused"))
    assert manifest(export_root)["documents"][0]["title"] == "Neuer Titel"


@pytest.mark.parametrize(("keep_archive", "archived"), [(True, 2), (False, 0)])
async def test_withdrawal_leaves_no_public_copy(
    make_publisher: PublisherFactory, export_root: Path, keep_archive: bool, archived: int
) -> None:
    """A release no longer expected leaves the public root entirely (stable path, every
    versioned copy, listing) and its feed entries give way to the tombstone; versioned
    copies are kept only in the archive beside the root."""
    publisher = make_publisher(keep_archive=keep_archive)
    await publisher.publish(release(V1), opener(V1))
    await publisher.publish(release(V2, version="2.0", days=1), opener(V2))
    report = await publisher.reconcile([])
    assert report.removed == ("01ABCDOC",)
    assert manifest(export_root)["documents"] == []
    assert [p for p in files(export_root) if p.startswith(("dokumente/", "versionen/"))] == []
    archive = export_root.with_name("export-archiv")
    assert len([p for p in files(archive) if p.startswith("versionen/")]) == archived
    feed = feedparser.parse((export_root / "feed.xml").read_bytes())
    assert [e.title.split(":")[0] for e in feed.entries] == ["Zurückgezogen"]
    assert "Leitfaden" not in (export_root / "index.html").read_text("utf-8").split("<main")[1]


async def test_nothing_published_and_nothing_expected_withdraws_nothing(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """With no publication there is nothing to withdraw: no removal, no tombstone."""
    report = await make_publisher().reconcile([])
    assert report.removed == ()
    assert "Zurückgezogen" not in (export_root / "feed.xml").read_text("utf-8")


async def test_same_file_name_gets_a_stable_suffix(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """Two documents named alike get distinct paths; a rename keeps the stable URL."""
    publisher = make_publisher()
    a = await publisher.publish(release(V1, document_id="A"), opener(V1))
    b = await publisher.publish(release(V2, document_id="B"), opener(V2))
    assert a.stable_url != b.stable_url
    assert b.stable_url.startswith(f"{BASE_URL}/dokumente/leitfaden-oeffentlichkeitsarbeit-")
    renamed = release(V2, document_id="A", version="2.0", file_name="Anderer Name.pdf")
    again = await publisher.publish(renamed, opener(V2))
    assert again.stable_url == a.stable_url


async def test_reconcile_removes_what_was_not_released(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """Entries not expected are withdrawn, stray files swept, missing releases reported."""
    publisher = make_publisher(keep_archive=False)
    kept = release(V1, document_id="A")
    await publisher.publish(kept, opener(V1))
    await publisher.publish(release(V2, document_id="B", file_name="b.pdf"), opener(V2))
    await FolderTarget(export_root).put_bytes("dokumente/fremd.pdf", b"x", "", "")
    new = release(V2, document_id="C", file_name="c.pdf")
    report = await publisher.reconcile([kept, new])
    assert report.removed == ("B",)
    assert report.swept == ("dokumente/fremd.pdf",)
    assert report.missing == (new,)
    assert [d["id"] for d in manifest(export_root)["documents"]] == ["A"]
    published = [p for p in files(export_root) if p.startswith(("dokumente/", "versionen/"))]
    assert published[0] == "dokumente/leitfaden-oeffentlichkeitsarbeit.pdf"
    assert [p.split("/")[1] for p in published[1:]] == ["leitfaden-oeffentlichkeitsarbeit"]


async def test_reconcile_restores_a_deleted_stable_copy(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A stable copy deleted behind the service's back comes back from the versioned one."""
    publisher = make_publisher()
    result = await publisher.publish(release(V1), opener(V1))
    stable = export_root / result.stable_url.removeprefix(BASE_URL + "/")
    stable.unlink()
    report = await publisher.reconcile([release(V1)])
    assert stable.read_bytes() == V1
    assert report.missing == ()

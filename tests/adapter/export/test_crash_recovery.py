"""A crash after any step of a publication, then a restart: the export is consistent."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import feedparser
import pytest

from integration.export import (
    ExportTarget,
    FolderTarget,
    PublicRelease,
    Publisher,
    SiteOptions,
)
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests.adapter.export.builders import opener, release
from tests.adapter.export.conftest import BASE_URL

OLD = b"%PDF alte Fassung " * 400
NEW = b"%PDF neue Fassung, anders " * 500
OLD_RELEASE = release(OLD, version="1.0")
NEW_RELEASE = release(NEW, version="2.0", days=7)


class Crash(Exception):
    """The process died here."""


class CrashingTarget:
    """Passes calls to ``inner``; raises ``Crash`` right after the ``crash_after``-th write."""

    def __init__(self, inner: ExportTarget, crash_after: int | None) -> None:
        self.inner = inner
        self.crash_after = crash_after
        self.writes = 0

    def _count(self) -> None:
        self.writes += 1
        if self.writes == self.crash_after:
            raise Crash

    async def put_stream(
        self, path: str, chunks: AsyncIterator[bytes], content_type: str, cache_control: str
    ) -> None:
        await self.inner.put_stream(path, chunks, content_type, cache_control)
        self._count()

    async def put_bytes(
        self, path: str, data: bytes, content_type: str, cache_control: str
    ) -> None:
        await self.inner.put_bytes(path, data, content_type, cache_control)
        self._count()

    async def copy(self, source: str, path: str, content_type: str, cache_control: str) -> None:
        await self.inner.copy(source, path, content_type, cache_control)
        self._count()

    async def delete(self, path: str) -> None:
        await self.inner.delete(path)
        self._count()

    async def archive(self, path: str) -> None:
        await self.inner.archive(path)
        self._count()

    async def get_bytes(self, path: str) -> bytes | None:
        return await self.inner.get_bytes(path)

    async def exists(self, path: str) -> bool:
        return await self.inner.exists(path)

    async def list(self, prefix: str) -> list[str]:
        return await self.inner.list(prefix)

    async def discard_partials(self) -> None:
        await self.inner.discard_partials()

    async def aclose(self) -> None:
        await self.inner.aclose()


def publisher(target: ExportTarget, store: StateStore, keep_archive: bool) -> Publisher:
    options = SiteOptions(BASE_URL, "Allianz", keep_archive=keep_archive)
    return Publisher(target, PublicationRepository(store), options)


def assert_consistent(root: Path, allowed: dict[str, bytes]) -> str:
    """The stable copy is one whole release, and manifest, index and feed name that one."""
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    [doc] = manifest["documents"]
    stable = (root / doc["urls"]["stable"].removeprefix(BASE_URL + "/")).read_bytes()
    versioned = (root / doc["urls"]["versioned"].removeprefix(BASE_URL + "/")).read_bytes()
    version = next(v for v, data in allowed.items() if data == stable)
    assert versioned == stable
    assert doc["version"] == version
    assert doc["sha256"] == hashlib.sha256(stable).hexdigest()
    index = (root / "index.html").read_text("utf-8")
    assert f"<dd>{version} (" in index
    assert [v for v in allowed if f"<dd>{v} (" in index] == [version]
    feed = feedparser.parse((root / "feed.xml").read_bytes())
    assert feed.entries[0].title.endswith(f"(Version {version})")
    assert sorted(p.name for p in (root / "dokumente").iterdir()) == [
        Path(doc["urls"]["stable"]).name
    ]
    return version


async def _crash_run(
    tmp: Path, k: int | None, keep_archive: bool, crash_in_stream: bool = False
) -> tuple[Path, StateStore, int]:
    root = tmp / "export"
    store = StateStore.open(tmp / "state.db")
    await publisher(FolderTarget(root), store, keep_archive).publish(OLD_RELEASE, opener(OLD))
    crashing = CrashingTarget(FolderTarget(root), k)
    content = opener(NEW)
    if crash_in_stream:

        async def broken() -> AsyncIterator[bytes]:
            yield NEW[:1000]
            raise Crash

        content = broken
    with contextlib.suppress(Crash):
        await publisher(crashing, store, keep_archive).publish(NEW_RELEASE, content)
    return root, store, crashing.writes


async def _restart(root: Path, store: StateStore, keep_archive: bool) -> str:
    restarted = publisher(FolderTarget(root), store, keep_archive)
    report = await restarted.reconcile([NEW_RELEASE])
    version = assert_consistent(root, {"1.0": OLD, "2.0": NEW})
    # whatever was rolled back is reported missing and can simply be published again
    assert report.missing == ((NEW_RELEASE,) if version == "1.0" else ())
    for missing in report.missing:
        await restarted.publish(missing, opener(NEW))
    assert assert_consistent(root, {"1.0": OLD, "2.0": NEW}) == "2.0"
    return version


@pytest.mark.parametrize("keep_archive", [True, False])
async def test_crash_after_every_write_recovers(tmp_path: Path, keep_archive: bool) -> None:
    """For every k, a crash after the k-th write of a publication ends consistent."""
    _, store, writes = await _crash_run(tmp_path / "count", None, keep_archive)
    store.close()
    # versioned, stable, type embed page, manifest, index, embed, feed (and the superseded
    # copy's removal)
    assert writes == (7 if keep_archive else 8)
    outcomes = []
    for k in range(1, writes + 1):
        root, store, _ = await _crash_run(tmp_path / f"k{k}", k, keep_archive)
        try:
            outcomes.append(await _restart(root, store, keep_archive))
        finally:
            store.close()
    # before the versioned copy is verified the old release stays, afterwards the new wins
    assert outcomes[0] == "1.0"
    assert set(outcomes[1:]) == {"2.0"}


async def test_crash_while_streaming_keeps_the_old_release(tmp_path: Path) -> None:
    """A download that dies midway leaves the old release, and a restart cleans up."""
    root, store, _ = await _crash_run(tmp_path, None, True, crash_in_stream=True)
    try:
        assert await _restart(root, store, True) == "1.0"
    finally:
        store.close()


@pytest.mark.parametrize("keep_archive", [True, False])
async def test_crash_during_withdrawal_finishes_it(tmp_path: Path, keep_archive: bool) -> None:
    """A withdrawal by reconcile interrupted after any write is completed by the restart,
    and leaves no public file of the release, only (when kept) its archived copy."""
    expected: list[PublicRelease] = []  # the release is withdrawn in SharePoint
    # delete stable, archive or delete versioned, then type embed page, manifest, index,
    # embed, feed
    for k in range(1, 8):
        root = tmp_path / f"k{k}" / "export"
        with StateStore.open(tmp_path / f"k{k}" / "state.db") as store:
            first = publisher(FolderTarget(root), store, keep_archive)
            await first.publish(OLD_RELEASE, opener(OLD))
            crashing = CrashingTarget(FolderTarget(root), k)
            with pytest.raises(Crash):
                await publisher(crashing, store, keep_archive).reconcile(expected)
            restarted = publisher(FolderTarget(root), store, keep_archive)
            report = await restarted.reconcile(expected)
            # only a crash before the state was committed leaves the entry to withdraw again
            assert report.removed == (("01ABCDOC",) if k <= 2 else ())
            manifest = json.loads((root / "manifest.json").read_text("utf-8"))
            assert manifest["documents"] == []
            assert not (root / "dokumente").exists()
            assert not (root / "versionen").exists()
            archived = sorted(p.read_bytes() for p in root.parent.glob("export-archiv/**/*.*"))
            assert archived == ([OLD] if keep_archive else [])
            feed = feedparser.parse((root / "feed.xml").read_bytes())
            # the tombstone replaced the release's entry
            assert [e.title.split(":")[0] for e in feed.entries] == ["Zurückgezogen"]

"""The sync cycle against the Graph simulator on loopback, through the real msgraph-sdk path."""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from approval.documents import DocumentAdded, DocumentChanged, DocumentRemoved
from config import load_settings
from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from integration.errors import ForeignHostRefused, GraphUnreachable
from integration.state.records import Cursor
from jobs.bootstrap import bootstrap
from jobs.runtime import Runtime
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory

DELTA = "GET /drives/{id}/root/delta"
BATCH = "POST /$batch"
LISTING = "GET /sites/{id}/lists/{id}/items"
DOC = "Dokument 00.docx"


def _kinds(events: object) -> list[tuple[str, str]]:
    out = []
    for rec in events:  # type: ignore[attr-defined]
        ev = rec.event
        doc = ev.after if isinstance(ev, DocumentChanged) else ev.document
        out.append((type(ev).__name__, doc.name))
    return sorted(out)


def _delta_round_trips(tenant: Tenant) -> int:
    return sum(n for key, n in tenant.stats.round_trips.items() if key.endswith("/delta"))


async def test_first_cycle_records_every_document(runtime: RuntimeFactory) -> None:
    """The first cycle announces each file once, with its fields read."""
    async with runtime() as rt:
        report = await rt.watcher.cycle()
    assert _kinds(report.events) == [("DocumentAdded", f"Dokument {i:02d}.docx") for i in range(3)]
    added = report.events[0].event
    assert isinstance(added, DocumentAdded)
    assert added.document.fields["FreigabeStatus"] == "Entwurf"
    # SharePoint lists no hash until a file was downloaded once; the sync does not download
    assert added.document.content_hash is None


@asynccontextmanager
async def _watching(
    tmp_path: Path, *, libraries: int = 1, documents: int = 2, generated: int = 0, **graph: Any
) -> AsyncIterator[tuple[Tenant, Runtime]]:
    """A tenant of ``libraries`` libraries on loopback and the runtime watching all of them."""
    tenant = load_scenario(
        support.scenario(documents=documents, generated=generated, libraries=libraries)
    )
    async with SimulatorServer(tenant) as server:
        data = support.config(server.base_url, tmp_path / "s.sqlite", libraries=libraries, **graph)
        settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
        async with bootstrap(settings) as rt:
            yield tenant, rt


@pytest.mark.parametrize(("libraries", "round_trips"), [(5, 1), (20, 1), (21, 2)])
async def test_idle_cycle_asks_every_library_in_one_batch(
    tmp_path: Path, libraries: int, round_trips: int
) -> None:
    """With nothing changed, a cycle is one $batch of every library's delta request (20 a
    batch, Graph's limit): one round trip, still one operation per library."""
    async with _watching(tmp_path, libraries=libraries) as (tenant, rt):
        await rt.watcher.cycle()
        tenant.stats.reset()
        report = await rt.watcher.cycle()
    assert report.events == ()
    assert tenant.stats.total_round_trips == round_trips
    assert tenant.stats.round_trips[BATCH] == round_trips
    assert tenant.stats.total_operations == libraries
    assert tenant.stats.operations[DELTA] == libraries


async def test_changes_in_batched_libraries_are_each_recorded(tmp_path: Path) -> None:
    """Each library's answer inside the batch is applied to that library: its changes, its
    next page (followed as before), its delta link for the next cycle. (listItem delta: its
    links keep the page size, which the delta link taken for a listing pass has not.)"""
    watch: dict[str, Any] = {"page_size": 2, "watch_strategy": "list_item_delta"}
    async with _watching(tmp_path, libraries=3, documents=3, **watch) as (tenant, rt):
        await rt.watcher.cycle()
        for n in range(3):
            doc = tenant.find("Bibliothek 2", f"Dokument {n:02d}.docx")
            tenant.set_fields(doc, {"Title": "Neu"}, by=support.AUTHOR)
        tenant.set_fields(tenant.find("Bibliothek 0", DOC), {"Title": "Neu"}, by=support.AUTHOR)
        report = await rt.watcher.cycle()
        tenant.stats.reset()
        again = await rt.watcher.cycle()
    assert [(lib.key, lib.event_count) for lib in report.libraries] == [
        ("lib0", 1),
        ("lib1", 0),
        ("lib2", 3),
    ]
    assert report.libraries[2].pages == 2  # three changes, two a page
    assert again.event_count == 0
    assert tenant.stats.total_round_trips == 1


async def test_expired_token_inside_the_batch_resyncs_only_its_library(tmp_path: Path) -> None:
    """An inner 410 starts a full pass of that library alone; the others go on by delta."""
    async with _watching(tmp_path, libraries=3) as (tenant, rt):
        await rt.watcher.cycle()
        tenant.set_fields(tenant.find("Bibliothek 1", DOC), {"Title": "Neu"}, by=support.AUTHOR)
        tenant.expire_delta_tokens("Bibliothek 1")
        report = await rt.watcher.cycle()
    assert [lib.resynced for lib in report.libraries] == [False, True, False]
    assert _kinds(report.events) == [("DocumentChanged", DOC)]


async def test_throttled_delta_inside_the_batch_is_sent_again(tmp_path: Path) -> None:
    """An inner 429 on one library's delta is waited out and asked again; nothing is lost."""
    async with _watching(tmp_path, libraries=2) as (tenant, rt):
        await rt.watcher.cycle()
        tenant.set_fields(tenant.find("Bibliothek 1", DOC), {"Title": "Neu"}, by=support.AUTHOR)
        tenant.stats.reset()
        tenant.faults.add(
            kind="status", endpoint=DELTA, status=429, retry_after=1, count=1, inner=True
        )
        report = await rt.watcher.cycle()
    assert _kinds(report.events) == [("DocumentChanged", DOC)]
    assert tenant.stats.operations[DELTA] == 3


@pytest.mark.parametrize(
    "changed",
    [1, 5, 6, 10, 100, 500],
    ids=["0.1%", "batch-as-dear-as-listing", "batch-dearer-by-one", "1%", "10%", "50%"],
)
async def test_k_changes_cost_no_more_than_batches_or_a_listing(
    tmp_path: Path, changed: int
) -> None:
    """K changed files of 1,000 cost the cheaper of: ceil(K/200) delta pages and K field
    reads in batches of 20, or the delta pages read and a full pass by listing (ceil(N/200)
    pages); a tie goes to the batches, which take fewer round trips. The listing reuses the
    delta link of a delta read to its end; one cut short needs a delta link of its own."""
    items = 1000
    async with _watching(tmp_path, documents=0, generated=items, page_size=200) as (tenant, rt):
        await rt.watcher.cycle()
        for n in range(1, changed + 1):
            doc = tenant.find("Bibliothek 0", f"Dokument {n:06d}.docx")
            tenant.set_fields(doc, {"FreigabeStatus": "Zur Abstimmung"}, by=support.AUTHOR)
        tenant.stats.reset()
        report = await rt.watcher.cycle()
    assert report.event_count == changed
    batched = math.ceil(changed / 200) + changed
    cut_short = changed > 200  # the first delta page already decides, before the last
    listed = 1 + math.ceil(items / 200) + (1 if cut_short else 0)
    assert tenant.stats.total_operations <= min(batched, listed)
    if batched <= listed:
        assert tenant.stats.round_trips[BATCH] == math.ceil(changed / 20)
    else:
        assert BATCH not in tenant.stats.round_trips
        assert tenant.stats.operations[DELTA] == (2 if cut_short else 1)


async def test_reads_already_applied_do_not_tip_a_cycle_into_a_listing(tmp_path: Path) -> None:
    """Field reads of pages already applied (after 20 held pages) are spent: only the reads
    still avoidable weigh against a listing, so a long cycle costs no more than its batches."""
    async with _watching(tmp_path, documents=25, page_size=1) as (tenant, rt):
        await rt.watcher.cycle()
        done = rt.store.get_cursor("lib0")
        assert done is not None
        # one change a page: the delta link a listing pass takes carries no $top of its own
        rt.store.apply_page(
            "lib0",
            cursor=Cursor(done.link + "&$top=1", True, False),
            upserts=(),
            removals=(),
            events=(),
        )
        for n in range(25):
            doc = tenant.find("Bibliothek 0", f"Dokument {n:02d}.docx")
            tenant.set_fields(doc, {"Title": "Neu"}, by=support.AUTHOR)
        for n in range(5):
            tenant.add_document(
                "/sites/allianz", "Bibliothek 0", f"Neu {n}.docx", b"x", {}, by=support.AUTHOR
            )
        tenant.stats.reset()
        report = await rt.watcher.cycle()
    [lib] = report.libraries
    assert lib.event_count == 30
    assert not lib.resynced
    assert tenant.stats.total_operations == lib.pages + 30
    assert LISTING not in tenant.stats.operations


async def test_expired_delta_link_resyncs_without_loss_or_repeat(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """After a 410 the full pass announces exactly what changed meanwhile, once."""
    async with runtime() as rt:
        await rt.watcher.cycle()
        tenant.set_fields(
            tenant.find("Bibliothek 0", "Dokument 00.docx"), {"Title": "Neu"}, by=support.AUTHOR
        )
        tenant.delete(tenant.find("Bibliothek 0", "Dokument 01.docx"), by=support.AUTHOR)
        tenant.add_document(
            "/sites/allianz",
            "Bibliothek 0",
            "Dokument neu.docx",
            b"x",
            {"FreigabeStatus": "Entwurf"},
            by=support.AUTHOR,
        )
        tenant.expire_delta_tokens("Bibliothek 0")
        report = await rt.watcher.cycle()
        again = await rt.watcher.cycle()
    assert report.libraries[0].resynced
    assert _kinds(report.events) == [
        ("DocumentAdded", "Dokument neu.docx"),
        ("DocumentChanged", "Dokument 00.docx"),
        ("DocumentRemoved", "Dokument 01.docx"),
    ]
    changed = next(e.event for e in report.events if isinstance(e.event, DocumentChanged))
    assert isinstance(changed, DocumentChanged)
    assert changed.changed_fields == ("Title",)
    assert again.events == ()


async def test_throttled_delta_is_waited_out(tenant: Tenant, runtime: RuntimeFactory) -> None:
    """429 with Retry-After is retried by the SDK after the given delay; the cycle completes."""
    tenant.faults.add(kind="status", endpoint=DELTA, status=429, retry_after=1, count=2)
    async with runtime() as rt:
        started = time.monotonic()
        report = await rt.watcher.cycle()
    assert time.monotonic() - started >= 1.9
    assert len(report.events) == 3
    assert tenant.stats.round_trips[DELTA] == 3


async def test_throttled_request_inside_batch_is_sent_again(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """An inner 429 of a $batch is retried after its own Retry-After; no item is lost."""
    async with runtime() as rt:
        await rt.watcher.cycle()  # the first pass lists the fields: no batch
        # one change of three files: reading its fields is cheaper than listing them
        tenant.set_fields(tenant.find("Bibliothek 0", DOC), {"Title": "Neu"}, by=support.AUTHOR)
        tenant.stats.reset()
        tenant.faults.add(
            kind="status",
            endpoint="GET /sites/{id}/lists/{id}/items/{id}",
            status=429,
            retry_after=1,
            count=1,
            inner=True,
        )
        report = await rt.watcher.cycle()
    assert len(report.events) == 1
    assert tenant.stats.round_trips[BATCH] == 2


async def test_dropped_connection_fails_the_cycle_and_the_next_one_catches_up(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """A dropped connection is a clear error; the following cycle records every event once."""
    async with runtime() as rt:
        await rt.watcher.cycle()
        tenant.set_fields(
            tenant.find("Bibliothek 0", "Dokument 02.docx"), {"Title": "X"}, by=support.AUTHOR
        )
        tenant.faults.add(kind="drop", endpoint=DELTA, count=1)
        with pytest.raises(GraphUnreachable):
            await rt.watcher.cycle()
        report = await rt.watcher.cycle()
    assert _kinds(report.events) == [("DocumentChanged", "Dokument 02.docx")]


@pytest.mark.parametrize("libraries", [1, 3])
async def test_foreign_delta_link_is_refused(tmp_path: Path, libraries: int) -> None:
    """A stored link to another host is refused before any request carries the token there,
    and before the batch it would have joined goes out."""
    async with _watching(tmp_path, libraries=libraries) as (tenant, rt):
        await rt.watcher.cycle()
        rt.store.apply_page(
            "lib0",
            cursor=Cursor(
                link="https://graph.evil.example/v1.0/drives/x/root/delta?token=1",
                complete=True,
                resync=False,
            ),
            upserts=(),
            removals=(),
            events=(),
        )
        tenant.stats.reset()
        with pytest.raises(ForeignHostRefused, match=r"graph\.evil\.example"):
            await rt.watcher.cycle()
    assert tenant.stats.total_round_trips == 0


async def test_renamed_file_is_a_change_not_a_new_document(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """A rename keeps the driveItem id: one change naming the new file name."""
    async with runtime() as rt:
        await rt.watcher.cycle()
        tenant.rename(
            tenant.find("Bibliothek 0", "Dokument 00.docx"), "Umbenannt.docx", by=support.AUTHOR
        )
        report = await rt.watcher.cycle()
    [rec] = report.events
    assert isinstance(rec.event, DocumentChanged)
    assert rec.event.after.name == "Umbenannt.docx"
    assert "FileLeafRef" in rec.event.changed_fields


@pytest.mark.parametrize("listed", [False, True], ids=["hash-after-download", "hash-listed"])
async def test_content_edit_is_a_content_change(
    tenant: Tenant, runtime: RuntimeFactory, listed: bool
) -> None:
    """A new file content is reported as a content change: by its new quickXorHash, or,
    while Graph lists no hash for it (as until its first download), because none is known."""
    tenant.quirks.hash_after_download = not listed
    async with runtime() as rt:
        await rt.watcher.cycle()
        tenant.edit_content(
            tenant.find("Bibliothek 0", "Dokument 01.docx"), b"neuer Inhalt", by=support.AUTHOR
        )
        report = await rt.watcher.cycle()
    [rec] = report.events
    assert isinstance(rec.event, DocumentChanged)
    assert rec.event.content_changed
    if listed:
        assert rec.event.before.content_hash != rec.event.after.content_hash
    else:
        assert rec.event.after.content_hash is None


async def test_removed_file_is_announced_once(tenant: Tenant, runtime: RuntimeFactory) -> None:
    """A deletion reported by delta becomes one DocumentRemoved and leaves the state."""
    async with runtime() as rt:
        await rt.watcher.cycle()
        tenant.delete(tenant.find("Bibliothek 0", "Dokument 00.docx"), by=support.AUTHOR)
        report = await rt.watcher.cycle()
        assert rt.store.count_snapshots("lib0") == 2
    [rec] = report.events
    assert isinstance(rec.event, DocumentRemoved)

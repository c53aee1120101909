"""The second watch strategy: listItem delta with fields and driveItem expanded inline."""

from __future__ import annotations

from approval.documents import DocumentAdded, DocumentChanged
from freigabe_devtools.graphsim import Tenant
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory

LIST_DELTA = "GET /sites/{id}/lists/{id}/items/delta"


async def test_list_item_delta_sees_the_same_events_without_batches(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """Fields arrive inline: the first cycle and a change need no $batch reads."""
    async with runtime(watch_strategy="list_item_delta") as rt:
        first = await rt.watcher.cycle()
        tenant.set_fields(
            tenant.find("Bibliothek 0", "Dokument 01.docx"), {"Title": "Neu"}, by=support.AUTHOR
        )
        tenant.stats.reset()
        second = await rt.watcher.cycle()
    assert len(first.events) == 3
    added = first.events[0].event
    assert isinstance(added, DocumentAdded)
    assert added.document.content_hash is None  # listed only after a first download
    assert added.document.fields["FreigabeStatus"] == "Entwurf"
    [changed] = second.events
    assert isinstance(changed.event, DocumentChanged)
    assert changed.event.changed_fields == ("Title",)
    assert tenant.stats.total_round_trips == 1
    assert tenant.stats.round_trips[LIST_DELTA] == 1


async def test_switching_strategy_resyncs_without_repeating_events(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """A change of strategy starts a full pass that is reconciled against the state."""
    async with runtime() as rt:
        await rt.watcher.cycle()
    async with runtime(watch_strategy="list_item_delta") as rt:
        report = await rt.watcher.cycle()
    assert report.events == ()
    assert report.libraries[0].resynced


async def test_tenant_ignoring_field_expansion_is_reported_by_check(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    """check tells whether listItem delta honours $expand=fields."""
    from jobs.check import run_check

    tenant.quirks.list_item_delta_fields = False
    async with runtime() as rt:
        text, ok = await run_check(rt.settings)
    assert ok
    assert "liefert keine Felder" in text
    tenant.quirks.list_item_delta_fields = True
    async with runtime() as rt:
        text, _ = await run_check(rt.settings)
    assert "list_item_delta  korrekt" in text

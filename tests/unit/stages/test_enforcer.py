"""The enforcer on the SharePoint fake: what it writes, what it records, and what not."""

from __future__ import annotations

import pytest

from approval import Status
from config import Settings
from integration.state import StateStore
from jobs.enforce import Enforcer, EnforceReport
from jobs.stage_settings import enforce_settings, sync_settings
from jobs.sync import Watcher
from tests import support
from tests.fake_ledger import RecordingLedger
from tests.fake_sharepoint import FakeDocument, FakeSharePoint

SUBMISSION = {**support.COMPLETE, "FreigabeStatus": Status.VOTING.value}


class _Crash(BaseException):
    """Stands for the process dying (not an error any code would catch)."""


class _Service:
    """One process of the service: a watcher and an enforcer on the same store and ledger."""

    def __init__(
        self,
        settings: Settings,
        sharepoint: FakeSharePoint,
        store: StateStore,
        ledger: RecordingLedger,
        clock: support.Clock,
    ) -> None:
        self.watcher = Watcher(sync_settings(settings), sharepoint, store, clock=clock)
        self.enforcer = Enforcer(
            enforce_settings(settings),
            sharepoint,
            store,
            resolved=self.watcher.resolved,
            clock=clock,
            ledger=ledger,
        )

    async def cycle(self) -> EnforceReport:
        await self.watcher.cycle()
        return await self.enforcer.run()


@pytest.fixture
async def service(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
) -> _Service:
    """The service after its first pass over the library (the document is a draft)."""
    started = _Service(settings, sharepoint, store, ledger, clock)
    await started.cycle()
    sharepoint.calls.clear()
    return started


async def _submit(sharepoint: FakeSharePoint, doc: FakeDocument, clock: support.Clock) -> None:
    sharepoint.edit(doc, SUBMISSION, by=support.UPNS["DWV"])
    clock.advance(minutes=1)


async def test_a_complete_submission_opens_a_round_and_writes_its_columns(
    service: _Service,
    sharepoint: FakeSharePoint,
    ledger: RecordingLedger,
    document: FakeDocument,
    clock: support.Clock,
) -> None:
    await _submit(sharepoint, document, clock)
    report = await service.cycle()
    round_ = ledger.open_round(document.item_id)
    assert round_ is not None
    assert round_.number == 1
    assert report.writes == 1
    [write] = sharepoint.written()
    assert (write.values["AbstimmungFassung"] or "").startswith("Version 2.0, Hash ")
    assert document.fields["FreigabeStatus"] == Status.VOTING.value
    assert document.fields["AbstimmungFrist"]
    assert [a.event for a in ledger.audits] == ["approval.submitted"]
    assert ledger.pending_write(document.item_id) is None


async def test_a_vote_by_a_non_approver_is_reverted(
    service: _Service,
    sharepoint: FakeSharePoint,
    ledger: RecordingLedger,
    document: FakeDocument,
    clock: support.Clock,
) -> None:
    await _submit(sharepoint, document, clock)
    await service.cycle()
    sharepoint.edit(document, {"Votum_DWV": "Zustimmung"}, by=support.OUTSIDER)
    clock.advance(minutes=1)
    await service.cycle()
    assert "Votum_DWV" not in document.fields
    round_ = ledger.open_round(document.item_id)
    assert round_ is not None
    assert round_.votes.get("DWV") is None
    # the service learnt who voted from the version history, not from "modified by"
    assert any(c.method == "item_versions" for c in sharepoint.calls)


async def test_a_412_on_the_write_is_a_conflict_and_nothing_is_recorded(
    service: _Service,
    sharepoint: FakeSharePoint,
    ledger: RecordingLedger,
    document: FakeDocument,
    clock: support.Clock,
) -> None:
    steps = len(ledger.steps)
    await _submit(sharepoint, document, clock)
    sharepoint.conflict_next_write()
    report = await service.cycle()
    assert report.conflicts == (document.name,)
    assert sharepoint.written() == []
    assert [w.stored for w in sharepoint.writes] == [False]
    assert len(ledger.steps) == steps
    assert ledger.open_round(document.item_id) is None
    assert ledger.pending_write(document.item_id) is None


async def test_a_crash_between_the_write_and_the_commit_finishes_the_step_once(
    settings: Settings,
    service: _Service,
    sharepoint: FakeSharePoint,
    store: StateStore,
    ledger: RecordingLedger,
    document: FakeDocument,
    clock: support.Clock,
) -> None:
    """The write reached SharePoint and the process died before recording the step: the
    next process records that step once instead of deciding again."""
    await _submit(sharepoint, document, clock)
    sharepoint.fail("update_fields", _Crash(), after=True)
    await service.watcher.cycle()
    with pytest.raises(_Crash):
        await service.enforcer.run()
    assert len(sharepoint.written()) == 1  # the write itself went through
    assert ledger.open_round(document.item_id) is None
    written, versions = dict(document.fields), len(document.versions)

    restarted = _Service(settings, sharepoint, store, ledger, clock)
    await restarted.cycle()
    await restarted.cycle()
    round_ = ledger.open_round(document.item_id)
    assert round_ is not None
    assert round_.number == 1
    assert len(sharepoint.written()) == 1
    assert document.fields == written
    assert len(document.versions) == versions
    assert [a.event for a in ledger.audits].count("approval.submitted") == 1
    assert ledger.pending_write(document.item_id) is None

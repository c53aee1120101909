"""The notify stage on the fakes: a recorded notice becomes one outbox entry, sent once."""

from __future__ import annotations

import pytest

from approval import NoticeKind, Notify
from config import Settings
from integration.state import StateStore
from integration.teams import ChannelRouter, MailNotifier
from jobs.notify import NotifyStage
from jobs.stage_settings import notify_settings, sync_settings
from jobs.sync import Watcher
from ports.ledger import Step
from tests import support
from tests.fake_ledger import RecordingLedger
from tests.fake_sharepoint import FakeDocument, FakeSharePoint
from tests.unit.teams.test_mail_notifier import RecordingMailer
from tests.unit.teams.test_notifier import Recording


@pytest.fixture
def teams() -> Recording:
    return Recording()


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture
async def stage(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
    teams: Recording,
    mailer: RecordingMailer,
) -> NotifyStage:
    watcher = Watcher(sync_settings(settings), sharepoint, store, clock=clock)
    await watcher.cycle()
    # the routes bootstrap would build: Teams, and mail when reminders by mail are configured
    routes = ChannelRouter({"teams": teams, "mail": MailNotifier(mailer, "team@example.org")})
    return NotifyStage(
        notify_settings(settings),
        store,
        routes,
        resolved=watcher.resolved,
        public_url=lambda _: None,
        clock=clock,
        ledger=ledger,
    )


async def test_a_notice_is_queued_once_and_delivered_once(
    stage: NotifyStage,
    ledger: RecordingLedger,
    document: FakeDocument,
    teams: Recording,
    mailer: RecordingMailer,
    clock: support.Clock,
) -> None:
    notice = Notify(
        NoticeKind.MISSING_METADATA,
        document.item_id,
        key=f"{document.item_id}:missing:1",
        at=clock(),
        missing=("Dokumenttyp",),
    )
    ledger.commit_step(Step("lib0", document.item_id, processed={}, effects=(notice,)))
    assert await stage.queue_notices() == 1
    [entry] = stage.outbox.due(clock(), 10)
    assert (entry.channel, entry.kind) == ("teams:default", "missing_metadata")
    first = await stage.run()
    again = await stage.run()
    assert (first.queued, first.delivery.sent) == (0, 1)
    assert (again.queued, again.delivery.sent) == (0, 0)
    [(channel, card)] = teams.sent
    assert channel == "default"
    assert document.name in str(card)
    assert mailer.sent == []

"""The publish stage on the SharePoint fake, into a folder export in ``tmp_path``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from approval import Choice, Tally, VotedVersion
from config import Settings
from config.export import FolderTargetSettings
from integration.export import Publisher, open_publisher
from integration.quickxor import quickxor_hash
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from jobs.bootstrap import export_settings
from jobs.publish import PublishStage
from jobs.stage_settings import publish_settings, sync_settings
from jobs.sync import Watcher
from ports.ledger import Release, ReleaseVote, Step
from tests import support
from tests.fake_ledger import RecordingLedger
from tests.fake_sharepoint import FakeDocument, FakeSharePoint
from tests.unit.stages.conftest import CONTENT


@pytest.fixture
async def watcher(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    clock: support.Clock,
    document: FakeDocument,
) -> Watcher:
    """A watcher that has seen the library once: the store knows the document."""
    watching = Watcher(sync_settings(settings), sharepoint, store, clock=clock)
    await watching.cycle()
    return watching


@pytest.fixture
async def publisher(
    settings: Settings, store: StateStore, clock: support.Clock
) -> AsyncIterator[Publisher]:
    opened = open_publisher(export_settings(settings), PublicationRepository(store), clock=clock)
    yield opened
    await opened.aclose()


def _released(doc: FakeDocument, content_hash: str, clock: support.Clock) -> Step:
    approve = tuple(o for o in support.ORGS if o != "KIV")
    release = Release(
        document_id=doc.item_id,
        library="lib0",
        name=doc.name,
        title=doc.name,
        summary=None,
        document_type=None,
        web_url=None,
        version=VotedVersion(doc.versions[-1].label, content_hash),
        round=1,
        lead_org="DWV",
        released_at=clock(),
        rule=None,
        votes={o: ReleaseVote(Choice.APPROVE) for o in approve} | {"KIV": None},
        tally=Tally(approve, (), (), ("KIV",)),
    )
    return Step("lib0", doc.item_id, processed={}, effects=(release,))


def _exported_with(settings: Settings, content: bytes) -> list[Path]:
    """The files of the folder export that hold ``content``."""
    target = export_settings(settings).target
    assert isinstance(target, FolderTargetSettings)
    return [p for p in target.path.rglob("*") if p.is_file() and p.read_bytes() == content]


def _stage(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    publisher: Publisher,
    watcher: Watcher,
    ledger: RecordingLedger,
    clock: support.Clock,
) -> PublishStage:
    return PublishStage(
        publish_settings(settings),
        sharepoint,
        store,
        publisher,
        resolved=watcher.resolved,
        clock=clock,
        ledger=ledger,
    )


async def test_a_release_is_downloaded_published_and_linked(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    publisher: Publisher,
    watcher: Watcher,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
) -> None:
    ledger.commit_step(_released(document, quickxor_hash(CONTENT), clock))
    stage = _stage(settings, sharepoint, store, publisher, watcher, ledger, clock)
    report = await stage.run()
    assert report.failures == 0, report.lines
    assert _exported_with(settings, CONTENT)
    url = stage.public_url(document.item_id)
    assert url is not None
    assert document.fields["OeffentlicherLink"] == url
    [download] = [c for c in sharepoint.calls if c.method == "download"]
    assert download.args == ("lib0", document.item_id, None)  # the current content
    [(_, recorded)] = ledger.current_releases().items()
    assert recorded.round == 1
    assert ledger.pending_write(document.item_id) is None


async def test_content_that_is_not_the_voted_one_is_not_published(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    publisher: Publisher,
    watcher: Watcher,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
) -> None:
    ledger.commit_step(_released(document, quickxor_hash(b"what was voted on"), clock))
    stage = _stage(settings, sharepoint, store, publisher, watcher, ledger, clock)
    report = await stage.run()
    assert report.failures == 1
    assert any("Inhalt passt nicht zum Hash" in line for line in report.lines)
    assert not _exported_with(settings, CONTENT)
    assert stage.public_url(document.item_id) is None
    assert sharepoint.written() == []
    [download] = [c for c in sharepoint.calls if c.method == "download"]
    assert download.args == ("lib0", document.item_id, document.versions[-1].label)

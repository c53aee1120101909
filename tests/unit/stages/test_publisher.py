"""The publish stage on the SharePoint fake, into a folder export in ``tmp_path``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from approval import Choice, Tally, VotedVersion
from config import Settings
from config.export import FolderTargetSettings
from integration.errors import GraphError
from integration.export import Publisher, open_publisher
from integration.quickxor import quickxor_hash
from integration.state import StateStore
from integration.state.problems import ProblemStore
from integration.state.publications import PublicationRepository
from jobs.bootstrap import export_settings
from jobs.publish import PublishStage
from jobs.stage_settings import publish_settings, sync_settings
from jobs.sync import Watcher
from ports.ledger import Release, ReleaseVote, Step
from ports.problems import Stage
from tests import support
from tests.fake_ledger import RecordingLedger
from tests.fake_sharepoint import PDF_PREFIX, FakeDocument, FakeSharePoint
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


async def test_a_failed_conversion_holds_up_only_the_pdf_and_is_retried(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    publisher: Publisher,
    watcher: Watcher,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
) -> None:
    """Graph fails the PDF once: the .docx is published and linked all the same, the PDF is
    a problem of its own; the next pass publishes it beside the .docx and clears the problem."""
    document.name = "Bericht.docx"
    ledger.commit_step(_released(document, quickxor_hash(CONTENT), clock))
    sharepoint.fail("download_pdf", GraphError("PDF: Graph answered 503", status=503))
    stage = _stage(settings, sharepoint, store, publisher, watcher, ledger, clock)
    report = await stage.run()
    assert report.failures == 1
    assert any("Bericht.docx: PDF NICHT veröffentlicht" in line for line in report.lines)
    assert document.fields["OeffentlicherLink"] == stage.public_url(document.item_id)
    [problem] = ProblemStore(store).all()
    assert (problem.stage, problem.status) == (Stage.PUBLISH, 503)
    assert problem.message.startswith("PDF: ")
    await watcher.cycle()  # the link the stage wrote comes back
    report = await stage.run()
    assert report.failures == 0, report.lines
    pdfs = _exported_with(settings, PDF_PREFIX + CONTENT)
    assert sorted(p.suffix for p in pdfs) == [".pdf", ".pdf"]  # stable and versioned
    assert ProblemStore(store).all() == []


async def test_no_pdf_of_content_saved_during_the_conversion(
    settings: Settings,
    sharepoint: FakeSharePoint,
    store: StateStore,
    publisher: Publisher,
    watcher: Watcher,
    ledger: RecordingLedger,
    clock: support.Clock,
    document: FakeDocument,
) -> None:
    """Graph lists another hash after the conversion: no PDF becomes visible and it is a
    problem; once the content differs from the voted one before converting, no PDF is asked
    for at all (Graph converts only the current content) and the problem goes."""
    document.name = "Bericht.docx"
    ledger.commit_step(_released(document, quickxor_hash(CONTENT), clock))
    sharepoint.save_during_next_pdf(document, b"eine neuere Fassung")
    stage = _stage(settings, sharepoint, store, publisher, watcher, ledger, clock)
    report = await stage.run()
    assert report.failures == 1
    assert stage.public_url(document.item_id) is not None
    assert not _exported_with(settings, PDF_PREFIX + CONTENT)
    [problem] = ProblemStore(store).all()
    assert problem.stage is Stage.PUBLISH
    assert quickxor_hash(b"eine neuere Fassung") in problem.message  # what Graph lists now
    conversions = [c for c in sharepoint.calls if c.method == "download_pdf"]
    await watcher.cycle()
    report = await stage.run()
    assert report.failures == 0, report.lines
    assert [c for c in sharepoint.calls if c.method == "download_pdf"] == conversions
    assert ProblemStore(store).all() == []

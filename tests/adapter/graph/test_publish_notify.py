"""Released documents reach the export and Teams through the whole cycle."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from integration.state.problems import ProblemStore
from jobs.runtime import Runtime
from tests import support
from tests.adapter.graph.conftest import APPROVERS, RuntimeFactory, release

LIB = "Bibliothek 0"
DOC = "Dokument 00.docx"
FIELDS_WRITE = "PATCH /sites/{id}/lists/{id}/items/{id}/fields"
VERSIONS = "GET /sites/{id}/lists/{id}/items/{id}/versions"
ORIGINAL = b"Inhalt 0/0\n"


class Recording(httpx.AsyncBaseTransport):
    """Passes requests to the network and remembers (path, had Authorization)."""

    def __init__(self) -> None:
        self._wire = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, bool]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, "authorization" in request.headers))
        return await self._wire.handle_async_request(request)

    async def aclose(self) -> None:
        await self._wire.aclose()


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def tenant(clock: support.Clock) -> Tenant:
    return load_scenario(support.scenario(documents=2), clock=clock)


@pytest.fixture
def wire() -> Recording:
    return Recording()


STATUS_URL = "https://intranet.example/freigabe/status"


@pytest.fixture
async def rt(
    runtime: RuntimeFactory,
    server: SimulatorServer,
    clock: support.Clock,
    tmp_path: Path,
    wire: Recording,
) -> AsyncIterator[Runtime]:
    export = tmp_path / "export"
    extra: dict[str, Any] = {
        "teams": {"webhooks": {"default": f"{server.root_url}/_sim/webhooks/kanal"}},
        "export": {
            "target": {
                "kind": "folder",
                "path": str(export),
                "public_base_url": "https://allianz.example/freigaben",
            }
        },
        "worker": {"status": {"url": STATUS_URL}},
    }
    async with runtime(clock=clock, extra=extra, transport=wire) as opened:
        await opened.cycle()
        yield opened


async def _release(
    rt: Runtime, tenant: Tenant, clock: support.Clock, *, edit: bool = False, name: str = DOC
) -> None:
    await release(rt, tenant, clock, LIB, name, edit=edit)


def _export(rt: Runtime) -> Path:
    assert rt.settings.export is not None
    return Path(rt.settings.export.target.path)  # type: ignore[union-attr]


@pytest.mark.parametrize("rewritten", [True, False], ids=["office-rewrite", "bytes-as-stored"])
async def test_release_is_published_linked_and_announced(
    rt: Runtime,
    tenant: Tenant,
    clock: support.Clock,
    server: SimulatorServer,
    wire: Recording,
    rewritten: bool,
) -> None:
    """The voted content goes public (as SharePoint serves a .docx: with its properties
    written in), the link goes into SharePoint in the same cycle, a card is posted."""
    tenant.quirks.office_rewrite = rewritten
    await _release(rt, tenant, clock)
    manifest = json.loads((_export(rt) / "manifest.json").read_text())
    [entry] = manifest["documents"]
    stable = _export(rt) / entry["urls"]["stable"].removeprefix(
        "https://allianz.example/freigaben/"
    )
    data = stable.read_bytes()
    assert data.startswith(ORIGINAL)
    assert (data != ORIGINAL) is rewritten
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["verified_by"] == ("listed" if rewritten else "quickxor")
    fields = tenant.fields(tenant.find(LIB, DOC))
    assert fields["OeffentlicherLink"] == entry["urls"]["stable"]
    cards = server.app.webhooks.messages("kanal")
    kinds = [c["attachments"][0]["content"]["id"].split("/")[-2] for c in cards]
    assert "released" in " ".join(kinds) or any(
        "released" in c["attachments"][0]["content"]["id"] for c in cards
    )
    released = next(c for c in cards if "/released" in c["attachments"][0]["content"]["id"])
    assert entry["urls"]["stable"] in json.dumps(released)
    downloads = [(path, auth) for path, auth in wire.seen if path.startswith("/_sim/download")]
    assert downloads
    assert not any(auth for _, auth in downloads)


async def test_a_link_write_whose_answer_was_lost_stays_the_services_own(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """The connection breaks after the link write reached SharePoint: the write stays
    announced, so the next cycles take the link for the service's own without asking the
    version history who set it, and neither revert it nor write it again."""
    doc = tenant.find(LIB, DOC)
    tenant.set_fields(
        doc, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    for voter, org in APPROVERS:
        tenant.set_fields(doc, {f"Votum_{org}": "Zustimmung"}, by=voter)
        clock.advance(minutes=1)
    await rt.watcher.cycle()
    await rt.enforcer.run()
    tenant.faults.add(kind="drop", applied=True, endpoint=FIELDS_WRITE)
    linking = await rt.publish.run()
    assert linking.failures == 1, linking.lines
    link = tenant.fields(doc)["OeffentlicherLink"]
    assert link
    writes = tenant.stats.operations[FIELDS_WRITE]
    history = tenant.stats.operations[VERSIONS]
    for _ in range(3):
        clock.advance(minutes=1)
        await rt.cycle()
    assert tenant.fields(doc)["OeffentlicherLink"] == link
    assert tenant.fields(doc)["FreigabeStatus"] == "Freigegeben"
    assert tenant.stats.operations[FIELDS_WRITE] == writes
    assert tenant.stats.operations[VERSIONS] == history
    assert ProblemStore(rt.store).all() == []  # the write arrived: nothing is stuck


async def test_freeze_publishes_the_voted_version_not_the_later_edit(
    runtime: RuntimeFactory,
    server: SimulatorServer,
    tenant: Tenant,
    clock: support.Clock,
    tmp_path: Path,
) -> None:
    """With on_edit freeze the export gets the recorded file version that was voted on."""
    extra: dict[str, Any] = {
        "export": {
            "target": {
                "kind": "folder",
                "path": str(tmp_path / "ex"),
                "public_base_url": "https://allianz.example/f",
            }
        },
    }
    async with runtime(clock=clock, extra=extra, process={"rule": {"on_edit": "freeze"}}) as rt:
        await rt.cycle()
        await _release(rt, tenant, clock, edit=True)
    [published] = list((tmp_path / "ex" / "dokumente").iterdir())
    # the recorded version, as SharePoint serves it (a .docx: properties written in)
    assert published.read_bytes().startswith(ORIGINAL)
    manifest = json.loads((tmp_path / "ex" / "manifest.json").read_text())
    assert manifest["documents"][0]["verified_by"] == "version"


async def test_withdrawal_removes_the_document_and_leaves_a_tombstone(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """Zurückgezogen: gone from the stable path, manifest and index; the feed tells it."""
    await _release(rt, tenant, clock)
    tenant.set_fields(
        tenant.find(LIB, DOC), {"FreigabeStatus": "Zurückgezogen"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    manifest = json.loads((_export(rt) / "manifest.json").read_text())
    assert manifest["documents"] == []
    assert not list((_export(rt) / "dokumente").glob("*"))
    assert not list((_export(rt) / "versionen").rglob("*.docx"))  # no public copy at all
    feed = feedparser.parse((_export(rt) / "feed.xml").read_text())
    assert [e.tags[0].term for e in feed.entries] == ["withdrawal"]  # the tombstone replaces it
    assert any(
        "/withdrawn" in c["attachments"][0]["content"]["id"]
        for c in server.app.webhooks.messages("kanal")
    )


async def test_outbox_survives_a_failing_webhook(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """Cards the webhook refused for a while are delivered later, each once."""
    tenant.faults.add(kind="status", endpoint="/_sim/webhooks/*", status=503, count=None)
    await _release(rt, tenant, clock)
    assert server.app.webhooks.messages("kanal") == []
    pending = rt.notify.outbox.counts()
    tenant.faults.clear()
    clock.advance(hours=2)
    await rt.cycle()
    clock.advance(hours=2)
    await rt.cycle()
    cards = server.app.webhooks.messages("kanal")
    assert len(cards) == pending.pending
    assert len({c["attachments"][0]["content"]["id"] for c in cards}) == len(cards)


async def test_reminder_and_digest_reach_the_channel_once(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """Near the deadline the reminder names who has not voted; the digest lists open rounds;
    running either twice the same day adds nothing."""
    doc = tenant.find(LIB, DOC)
    tenant.set_fields(
        doc, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    tenant.set_fields(doc, {"Votum_DWV": "Zustimmung"}, by=support.UPNS["DWV"])
    clock.advance(days=12, hours=1)  # two days before the 14-day deadline
    await rt.cycle()
    assert await rt.notify.remind() == 1
    assert await rt.notify.remind() == 0
    assert await rt.notify.digest() == 1
    assert await rt.notify.digest() == 0
    await rt.notify.deliver()
    ids = [c["attachments"][0]["content"]["id"] for c in server.app.webhooks.messages("kanal")]
    reminder = next(
        c
        for c in server.app.webhooks.messages("kanal")
        if "reminder" in c["attachments"][0]["content"]["id"]
    )
    text = json.dumps(reminder, ensure_ascii=False)
    assert "BLP" in text
    assert "KIV" in text
    assert any("digest" in i for i in ids)
    digest = next(
        c
        for c in server.app.webhooks.messages("kanal")
        if "digest" in c["attachments"][0]["content"]["id"]
    )
    assert digest["attachments"][0]["content"]["actions"] == [
        {"type": "Action.OpenUrl", "title": "Statusseite öffnen", "url": STATUS_URL}
    ]


async def test_permanent_webhook_failure_is_recorded_and_shown_in_status(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """A webhook answering 400 gives up at once; status lists the failure with its reason."""
    from jobs.status import status_text

    tenant.faults.add(kind="status", endpoint="/_sim/webhooks/*", status=400, count=None)
    await _release(rt, tenant, clock)
    counts = rt.notify.outbox.counts()
    assert counts.failed >= 1
    assert counts.sent == 0
    text = status_text(rt.settings, rt.store)
    assert f"{counts.failed} endgültig fehlgeschlagen" in text
    assert "released" in text


async def test_resync_and_replay_post_no_card_twice(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """A 410 resync and a replayed notify pass find every notice already queued."""
    await _release(rt, tenant, clock)
    before = len(server.app.webhooks.messages("kanal"))
    tenant.expire_delta_tokens(LIB)
    await rt.cycle()
    rt.store.set_checkpoint("notify", 0)
    rt.store.set_checkpoint("enforce", 0)
    await rt.cycle()
    assert len(server.app.webhooks.messages("kanal")) == before
    assert server.app.webhooks.summary("kanal")["duplicates"] == 0


@pytest.mark.parametrize("withdrawn", ["Zurückgezogen", " zurückgezogen "])
async def test_a_lost_state_adopts_the_export_and_still_follows_a_withdrawal(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock, tmp_path: Path, withdrawn: str
) -> None:
    """State file gone and the document withdrawn meanwhile (the word as the core reads it,
    typed in another case too): the export is adopted, then the withdrawal unpublishes it
    with a tombstone; nothing else is swept away."""
    export = tmp_path / "ex"
    extra: dict[str, Any] = {
        "export": {
            "target": {
                "kind": "folder",
                "path": str(export),
                "public_base_url": "https://a.example",
            }
        },
    }
    async with runtime(clock=clock, extra=extra) as first:
        await first.cycle()
        await _release(first, tenant, clock)
    for path in tmp_path.glob("state.sqlite*"):
        path.unlink()
    lib = tenant.library(LIB)
    status = lib.columns["freigabestatus"]
    lib.columns["freigabestatus"] = dataclasses.replace(status, allow_text_entry=True)
    tenant.set_fields(tenant.find(LIB, DOC), {"FreigabeStatus": withdrawn}, by=support.UPNS["DWV"])
    async with runtime(clock=clock, extra=extra) as second:
        full = await second.cycle()
    assert any("im Export, in SharePoint zurückgezogen" in line for line in full.publish.lines)
    manifest = json.loads((export / "manifest.json").read_text())
    assert manifest["documents"] == []
    feed = feedparser.parse((export / "feed.xml").read_text())
    assert [e.tags[0].term for e in feed.entries] == ["withdrawal"]
    assert not list(export.glob("dokumente/*"))
    assert not list((export / "versionen").rglob("*.docx"))
    # kept (keep_archive), outside the public root
    assert list(export.with_name(f"{export.name}-archiv").rglob("*.docx"))


async def test_a_symlink_in_one_documents_folder_holds_up_only_that_document(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """A folder symlink under versionen/ for one document: that one is stuck and shown, the
    other is published, the cards still go out, and the next cycle does not fail."""
    await _release(rt, tenant, clock)
    (_export(rt) / "versionen" / "dokument-01").symlink_to(_export(rt) / "dokumente")
    await _release(rt, tenant, clock, name="Dokument 01.docx")
    full = await rt.cycle()
    stuck = ProblemStore(rt.store).all()
    assert [(p.name, p.stage.value) for p in stuck] == [("Dokument 01.docx", "publish")]
    manifest = json.loads((_export(rt) / "manifest.json").read_text())
    assert [d["title"] for d in manifest["documents"]] == ["Dokument 0"]
    assert not full.failed
    cards = server.app.webhooks.messages("kanal")
    assert any("/released" in c["attachments"][0]["content"]["id"] for c in cards)


async def test_a_symlink_at_the_index_fails_the_export_not_the_cycle(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """index.html replaced by a symlink: the site cannot be written, which the cycle reports
    as failed, but enforcement and the cards go on."""
    (_export(rt) / "index.html").unlink(missing_ok=True)
    (_export(rt) / "index.html").symlink_to(_export(rt) / "feed.xml")
    doc = tenant.find(LIB, DOC)
    tenant.set_fields(
        doc, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    for voter, org in APPROVERS:
        tenant.set_fields(doc, {f"Votum_{org}": "Zustimmung"}, by=voter)
    clock.advance(minutes=1)
    full = await rt.cycle()
    assert full.failed
    assert any("Export" in line and "index.html" in line for line in full.publish.lines)
    assert any("Freigegeben" in line for line in full.enforce.lines)
    cards = server.app.webhooks.messages("kanal")
    assert any("/released" in c["attachments"][0]["content"]["id"] for c in cards)
    assert "Export" in ProblemStore(rt.store).all()[0].name
    await rt.cycle()
    (problem,) = ProblemStore(rt.store).all()
    assert problem.attempts == 2  # the same problem, not a new one every cycle
    (card,) = _stuck_cards(server)
    assert card["id"].startswith("stuck/publish/export:site/")
    assert "Export nicht geschrieben" in json.dumps(card, ensure_ascii=False)
    assert "actions" not in card  # about no document: nothing to open in SharePoint


def _stuck_cards(server: SimulatorServer) -> list[dict[str, Any]]:
    """The stuck cards the channel received, each once (a second post would count too)."""
    cards = [m["attachments"][0]["content"] for m in server.app.webhooks.messages("kanal")]
    assert server.app.webhooks.summary("kanal")["duplicates"] == 0
    return [c for c in cards if c["id"].startswith("stuck/")]


async def test_a_document_open_in_office_is_announced_once_per_problem(
    rt: Runtime, tenant: Tenant, clock: support.Clock, server: SimulatorServer
) -> None:
    """A document locked while it is submitted: no card for the first failed cycle (the next
    one may catch up), then one card says it is open in Office, however many cycles it stays
    locked; after it was closed and caught up, a new lock is a new problem with a new card."""
    doc = tenant.find(LIB, DOC)
    tenant.lock(doc, by=support.AUTHOR)
    submitted = {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}
    tenant.set_fields(doc, submitted, by=support.UPNS["DWV"])
    clock.advance(minutes=1)
    await rt.cycle()
    assert ProblemStore(rt.store).all()
    assert _stuck_cards(server) == []
    for _ in range(3):
        clock.advance(minutes=1)
        await rt.cycle()
    (card,) = _stuck_cards(server)
    text = json.dumps(card, ensure_ascii=False)
    assert "Hängt: Dokument 00.docx" in text
    assert "In Office geöffnet" in text
    assert card["actions"][0]["url"].endswith("/Dokument%2000.docx")
    tenant.unlock(doc)
    clock.advance(minutes=1)
    await rt.cycle()
    assert ProblemStore(rt.store).all() == []
    assert len(_stuck_cards(server)) == 1  # solved: no card for it
    tenant.lock(doc, by=support.AUTHOR)
    tenant.set_fields(doc, {"Votum_DWV": "Zustimmung"}, by=support.UPNS["DWV"])
    for _ in range(2):
        clock.advance(minutes=1)
        await rt.cycle()
    assert len(_stuck_cards(server)) == 2


async def test_a_lost_state_adopts_the_export_as_releases_of_round_0(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock, tmp_path: Path
) -> None:
    """State file gone, the document still released: the export's release is taken over
    as the ledger's release of round 0, with the manifest's votes and no rule, and
    ``status`` tells when; the export stays as it was."""
    from approval import Choice
    from integration.state.rounds import RoundStore
    from jobs.status import status_text

    export = tmp_path / "ex"
    extra: dict[str, Any] = {
        "export": {
            "target": {"kind": "folder", "path": str(export), "public_base_url": "https://a.ex"}
        },
    }
    async with runtime(clock=clock, extra=extra) as first:
        await first.cycle()
        await _release(first, tenant, clock)
        [released] = RoundStore(first.store).current_releases().values()
    manifest = (export / "manifest.json").read_bytes()
    for path in tmp_path.glob("state.sqlite*"):
        path.unlink()
    clock.advance(days=1)
    async with runtime(clock=clock, extra=extra) as second:
        full = await second.cycle()
        current = RoundStore(second.store).current_releases()
        status = status_text(second.settings, second.store)
    assert any("aus dem vorhandenen Export übernommen" in line for line in full.publish.lines)
    [adopted] = current.values()
    assert (adopted.document_id, adopted.library, adopted.name) == (
        released.document_id,
        released.library,
        released.name,
    )
    assert (adopted.round, adopted.rule, adopted.adopted_at) == (0, None, clock.now)
    assert (adopted.version, adopted.lead_org, adopted.title) == (
        released.version,
        released.lead_org,
        released.title,
    )
    assert adopted.released_at == released.released_at
    assert {org: v.choice if v else None for org, v in adopted.votes.items()} == {
        org: Choice.APPROVE for org in ("BLP", "DWV", "KIV", "SPV")
    }
    assert adopted.tally.approve == ("BLP", "DWV", "KIV", "SPV")
    assert "Freigegeben: 1 Dokument, davon veröffentlicht: 1" in status
    local = clock.now.astimezone(ZoneInfo(second.settings.process.timezone))
    assert (
        f"Aus dem vorhandenen Export übernommen: 1 Dokument (am {local:%d.%m.%Y %H:%M}"
    ) in status
    assert (
        json.loads((export / "manifest.json").read_bytes())["documents"]
        == json.loads(manifest)["documents"]
    )

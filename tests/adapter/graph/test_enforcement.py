"""The release process enforced in SharePoint: end to end against the simulator.

Each test drives members' actions in the simulated tenant, runs the service's cycle (sync,
then enforcement) and asserts the SharePoint fields and the audit log afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from structlog.testing import capture_logs

from freigabe_devtools.graphsim import DocumentHandle, SimulatorServer, Tenant, load_scenario
from integration.graph.sharepoint import GraphSharePoint
from integration.state.rounds import RoundStore
from jobs.enforce import Enforcer
from jobs.runtime import Runtime
from jobs.stage_settings import enforce_settings
from ports.ledger import Step
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory

LIB = "Bibliothek 0"
DOC = "Dokument 00.docx"  # lead: DWV
VERSIONS = "GET /sites/{id}/lists/{id}/items/{id}/versions"


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def tenant(clock: support.Clock) -> Tenant:
    return load_scenario(support.scenario(documents=3), clock=clock)


@pytest.fixture
async def rt(runtime: RuntimeFactory, clock: support.Clock) -> AsyncIterator[Runtime]:
    async with runtime(clock=clock) as opened:
        await _cycle(opened)
        yield opened


async def _cycle(rt: Runtime) -> list[str]:
    await rt.watcher.cycle()
    report = await rt.enforcer.run()
    return list(report.lines)


def _doc(tenant: Tenant, name: str = DOC) -> DocumentHandle:
    return tenant.find(LIB, name)


def _fields(tenant: Tenant, name: str = DOC) -> dict[str, Any]:
    return tenant.fields(_doc(tenant, name))


def _audit_kinds(rt: Runtime) -> list[str]:
    return [entry.kind for entry in rt.store.iter_audit()]


async def _submit(rt: Runtime, tenant: Tenant, clock: support.Clock, name: str = DOC) -> None:
    tenant.set_fields(
        _doc(tenant, name),
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["DWV"],
    )
    clock.advance(minutes=1)
    await _cycle(rt)


async def _vote(
    rt: Runtime,
    tenant: Tenant,
    clock: support.Clock,
    votes: dict[str, tuple[str, str]],
    name: str = DOC,
) -> list[str]:
    for voter, (column, choice) in votes.items():
        tenant.set_fields(_doc(tenant, name), {column: choice}, by=voter)
        clock.advance(minutes=1)
    return await _cycle(rt)


ALL_APPROVE = {
    support.UPNS["DWV"]: ("Votum_DWV", "Zustimmung"),
    support.GUEST: ("Votum_BLP", "Zustimmung"),
    support.UPNS["SPV"]: ("Votum_SPV", "Zustimmung"),
    support.UPNS["KIV"]: ("Votum_KIV", "Enthaltung"),
}


async def test_submission_without_required_metadata_goes_back_to_draft(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Missing required columns: status back to Entwurf, the reason in the protocol."""
    tenant.set_fields(_doc(tenant), {"FreigabeStatus": "Zur Abstimmung"}, by=support.AUTHOR)
    await _cycle(rt)
    fields = _fields(tenant)
    assert fields["FreigabeStatus"] == "Entwurf"
    assert "Zusammenfassung" in fields["FreigabeProtokoll"]
    assert "Dokumenttyp" in fields["FreigabeProtokoll"]
    assert RoundStore(rt.store).open_round(_doc(tenant).item_id) is None
    assert any("missing" in kind for kind in _audit_kinds(rt))


async def test_complete_submission_opens_a_round_bound_to_the_content(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """A complete submission opens round 1 on the exact version and hash, with a deadline."""
    await _submit(rt, tenant, clock)
    fields = _fields(tenant)
    item = tenant.item(_doc(tenant))
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.number == 1
    assert (
        fields["AbstimmungFassung"]
        == f"Version {round_.version.label}, Hash {round_.version.content_hash}"
    )
    assert round_.version.content_hash == item.current.content.quickxor
    assert fields["AbstimmungFrist"].startswith("2026-11-16")
    assert fields["FreigabeStatus"] == "Zur Abstimmung"
    assert not any(k.startswith("Votum_") for k in fields)
    assert "approval.submitted" in _audit_kinds(rt)


@pytest.mark.parametrize("typed", ["zur abstimmung", " ZUR ABSTIMMUNG "])
async def test_submission_in_another_case_is_bound_to_the_content(
    rt: Runtime, tenant: Tenant, clock: support.Clock, typed: str
) -> None:
    """A fill-in status the core reads as "Zur Abstimmung" gets the content hash Graph did
    not list, as the exact word does: the round is bound to the content, not to ""."""
    lib = tenant.library(LIB)
    status = lib.columns["freigabestatus"]
    lib.columns["freigabestatus"] = dataclasses.replace(status, allow_text_entry=True)
    tenant.set_fields(
        _doc(tenant), {**support.COMPLETE, "FreigabeStatus": typed}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await _cycle(rt)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.version.content_hash == tenant.item(_doc(tenant)).current.content.quickxor


async def test_vote_by_non_approver_is_reverted_and_recorded(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """A KIV approver setting DWV's vote is undone; the round does not count it."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, {support.UPNS["KIV"]: ("Votum_DWV", "Zustimmung")})
    assert "Votum_DWV" not in _fields(tenant)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.votes == {}
    assert any("revert" in kind for kind in _audit_kinds(rt))


@pytest.mark.parametrize(
    ("voter", "column"),
    [
        (support.GUEST, "Votum_BLP"),  # a guest account of another tenant
        (support.UPNS["SPV"], "Votum_SPV"),  # a member of the configured Entra group
        (support.UPNS["DWV"], "Votum_DWV"),  # a listed principal name
    ],
)
async def test_authorised_votes_count(
    rt: Runtime, tenant: Tenant, clock: support.Clock, voter: str, column: str
) -> None:
    """Approvers by UPN, as guests, or through a group cast their organisation's vote."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, {voter: (column, "Zustimmung")})
    assert _fields(tenant)[column] == "Zustimmung"
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    [vote] = round_.votes.values()
    assert vote.org == column.removeprefix("Votum_")


async def test_all_votes_release_the_voted_version(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Every organisation voted, no Ablehnung: the service sets Freigegeben and records it."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, ALL_APPROVE)
    fields = _fields(tenant)
    assert fields["FreigabeStatus"] == "Freigegeben"
    [recorded] = RoundStore(rt.store).releases(_doc(tenant).item_id)
    release = recorded.release
    assert fields["AbstimmungFassung"] == (
        f"Version {release.version.label}, Hash {release.version.content_hash}"
    )
    blp, kiv = release.votes["BLP"], release.votes["KIV"]
    assert blp is not None
    assert blp.voter is not None
    assert blp.voter.lower().startswith("tobias.wagner")
    assert kiv is not None
    assert kiv.choice == "Enthaltung"
    assert release.rule is not None
    assert release.rule.kind == "consensus"
    assert "approval.released" in _audit_kinds(rt)
    assert rt.store.verify_audit().ok


async def test_person_setting_released_is_reverted(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Only the service sets Freigegeben: a person who does is undone."""
    tenant.set_fields(_doc(tenant), {"FreigabeStatus": "Freigegeben"}, by=support.UPNS["DWV"])
    await _cycle(rt)
    assert _fields(tenant)["FreigabeStatus"] == "Entwurf"
    assert RoundStore(rt.store).releases(_doc(tenant).item_id) == []


@pytest.mark.parametrize("status", ["Freigegeben", "Abgelehnt"])
async def test_new_file_uploaded_with_a_service_status_is_reverted(
    rt: Runtime, tenant: Tenant, clock: support.Clock, status: str
) -> None:
    """A file added after the service watches is judged from nothing: an uploaded
    "Freigegeben" or "Abgelehnt" goes back to "Entwurf" and is reported."""
    site = tenant.library(LIB).site
    fields = {"Title": "Neu", "FreigabeStatus": status, "Federfuehrung": "DWV"}
    tenant.add_document(site, LIB, "Neu.docx", b"neu", fields, by=support.UPNS["DWV"])
    lines = await _cycle(rt)
    assert _fields(tenant, "Neu.docx")["FreigabeStatus"] == "Entwurf"
    assert any("Neu.docx" in line and "zurückgesetzt" in line for line in lines), lines
    assert RoundStore(rt.store).releases(_doc(tenant, "Neu.docx").item_id) == []


async def test_files_there_before_the_service_watched_are_taken_as_they_are(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock
) -> None:
    """The first pass over a library judges nothing: a release made before freigabe stays."""
    tenant.set_fields(_doc(tenant), {"FreigabeStatus": "Freigegeben"}, by=support.UPNS["DWV"])
    async with runtime(clock=clock) as fresh:
        lines = await _cycle(fresh)
    assert _fields(tenant)["FreigabeStatus"] == "Freigegeben"
    assert not any("zurückgesetzt" in line for line in lines), lines


async def test_rejection_at_the_deadline(rt: Runtime, tenant: Tenant, clock: support.Clock) -> None:
    """An Ablehnung stands at the deadline: the service sets Abgelehnt."""
    await _submit(rt, tenant, clock)
    votes = {**ALL_APPROVE, support.UPNS["DWV"]: ("Votum_DWV", "Ablehnung")}
    await _vote(rt, tenant, clock, votes)
    assert _fields(tenant)["FreigabeStatus"] == "Zur Abstimmung"  # may still change its mind
    clock.advance(days=15)
    await _cycle(rt)
    assert _fields(tenant)["FreigabeStatus"] == "Abgelehnt"
    assert RoundStore(rt.store).open_round(_doc(tenant).item_id) is None


async def test_silence_blocks_at_the_deadline(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """With the default rule, an organisation that never voted blocks the release."""
    await _submit(rt, tenant, clock)
    partial = {k: v for k, v in ALL_APPROVE.items() if v[0] != "Votum_KIV"}
    await _vote(rt, tenant, clock, partial)
    clock.advance(days=15)
    await _cycle(rt)
    assert _fields(tenant)["FreigabeStatus"] == "Abgelehnt"


async def test_edit_during_a_vote_restarts_the_round(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """New content during a round: round 2 on the new hash, votes cleared."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, {support.UPNS["DWV"]: ("Votum_DWV", "Zustimmung")})
    tenant.edit_content(_doc(tenant), b"neue Fassung", by=support.AUTHOR)
    clock.advance(minutes=1)
    await _cycle(rt)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.number == 2
    assert round_.votes == {}
    assert round_.version.content_hash == tenant.item(_doc(tenant)).current.content.quickxor
    assert "Votum_DWV" not in _fields(tenant)


async def test_vote_and_edit_between_two_cycles_are_both_handled(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """A vote on the old content, then an edit, in one interval: the vote is recorded for
    round 1, and round 2 starts on the new content without it."""
    await _submit(rt, tenant, clock)
    tenant.set_fields(_doc(tenant), {"Votum_KIV": "Zustimmung"}, by=support.UPNS["KIV"])
    clock.advance(minutes=1)
    tenant.edit_content(_doc(tenant), b"neue Fassung", by=support.AUTHOR)
    clock.advance(minutes=1)
    await _cycle(rt)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.number == 2
    assert round_.votes == {}
    assert "Votum_KIV" not in _fields(tenant)


async def test_freeze_keeps_the_round_on_the_voted_content(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock
) -> None:
    """With on_edit freeze, an edit leaves the round bound to the voted hash."""
    async with runtime(clock=clock, process={"rule": {"on_edit": "freeze"}}) as rt:
        await _cycle(rt)
        await _submit(rt, tenant, clock)
        voted = RoundStore(rt.store).open_round(_doc(tenant).item_id)
        tenant.edit_content(_doc(tenant), b"neue Fassung", by=support.AUTHOR)
        clock.advance(minutes=1)
        await _cycle(rt)
        await _vote(rt, tenant, clock, ALL_APPROVE)
        [recorded] = RoundStore(rt.store).releases(_doc(tenant).item_id)
    assert voted is not None
    assert recorded.release.version.content_hash == voted.version.content_hash
    assert recorded.release.round == 1


@pytest.mark.parametrize(
    ("who", "withdrawn"),
    [
        (support.UPNS["DWV"], True),  # an approver of the lead organisation
        (support.STEERING, True),  # the steering group, though it does not lead
        (support.OUTSIDER, False),  # neither: reverted
    ],
)
async def test_withdrawal_only_by_the_lead_or_the_steering_group(
    rt: Runtime, tenant: Tenant, clock: support.Clock, who: str, withdrawn: bool
) -> None:
    """Zurückgezogen by the lead or the steering group ends the release; anyone else's is undone."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, ALL_APPROVE)
    tenant.set_fields(_doc(tenant), {"FreigabeStatus": "Zurückgezogen"}, by=who)
    clock.advance(minutes=1)
    await _cycle(rt)
    expected = "Zurückgezogen" if withdrawn else "Freigegeben"
    assert _fields(tenant)["FreigabeStatus"] == expected
    [recorded] = RoundStore(rt.store).releases(_doc(tenant).item_id)
    assert (recorded.withdrawn_at is not None) is withdrawn
    assert ("approval.withdrawn" in _audit_kinds(rt)) is withdrawn


async def test_deleting_a_document_ends_its_round(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """A document deleted during a vote: its round is closed as cancelled, and audited."""
    await _submit(rt, tenant, clock)
    item_id = _doc(tenant).item_id
    tenant.delete(_doc(tenant), by=support.AUTHOR)
    await _cycle(rt)
    assert RoundStore(rt.store).open_round(item_id) is None
    assert "approval.document_removed" in _audit_kinds(rt)


def _orgs_with_deputy(valid_until: str) -> list[dict[str, Any]]:
    deputy = {
        "upn": support.OUTSIDER,
        "valid_from": "2026-01-01T00:00:00+01:00",
        "valid_until": valid_until,
    }
    return [
        {
            "code": "DWV",
            "name": "Verband DWV",
            "approvers": [support.UPNS["DWV"]],
            "deputies": [deputy],
        },
        {"code": "BLP", "name": "Verband BLP", "approvers": [support.UPNS["BLP"], support.GUEST]},
        {"code": "SPV", "name": "Verband SPV", "groups": [support.GROUP_SPV]},
        {"code": "KIV", "name": "Verband KIV", "approvers": [support.UPNS["KIV"]]},
    ]


@pytest.mark.parametrize(
    ("valid_until", "counts"),
    [("2027-01-01T00:00:00+01:00", True), ("2026-10-01T00:00:00+02:00", False)],
)
async def test_deputy_votes_only_within_the_validity_period(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock, valid_until: str, counts: bool
) -> None:
    """A deputy is an ordinary approver while the period holds, and nobody after it."""
    extra = {"organisations": _orgs_with_deputy(valid_until)}
    async with runtime(clock=clock, extra=extra) as rt:
        await _cycle(rt)
        await _submit(rt, tenant, clock)
        await _vote(rt, tenant, clock, {support.OUTSIDER: ("Votum_DWV", "Zustimmung")})
        round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert ("DWV" in round_.votes) is counts
    assert ("Votum_DWV" in _fields(tenant)) is counts


LEADS = {
    "leadership": [
        {
            "activity": "AG Schwammstadt",
            "lead": "BLP",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        }
    ]
}


async def test_lead_contradicting_the_steering_table_is_sent_back(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock
) -> None:
    """The table names BLP for the activity; a submission naming DWV goes back with reason."""
    async with runtime(clock=clock, process=LEADS) as rt:
        await _cycle(rt)
        await _submit(rt, tenant, clock)  # Dokument 00 has Federfuehrung DWV
    fields = _fields(tenant)
    assert fields["FreigabeStatus"] == "Entwurf"
    assert "BLP" in fields["FreigabeProtokoll"]


async def test_empty_lead_is_filled_from_the_steering_table(
    runtime: RuntimeFactory, tenant: Tenant, clock: support.Clock
) -> None:
    """Without a Federfuehrung the table's lead is filled in and the round opens."""
    async with runtime(clock=clock, process=LEADS) as rt:
        await _cycle(rt)
        tenant.set_fields(_doc(tenant), {"Federfuehrung": None}, by=support.AUTHOR)
        clock.advance(minutes=1)
        await _cycle(rt)
        await _submit(rt, tenant, clock)
        round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert _fields(tenant)["Federfuehrung"] == "BLP"
    assert round_ is not None
    assert round_.lead_org == "BLP"


async def test_concurrent_edit_is_not_overwritten(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """The write is conditional on the eTag: a person's edit in between wins, and the
    service decides again on the next cycle."""
    tenant.set_fields(_doc(tenant), {"FreigabeStatus": "Zur Abstimmung"}, by=support.AUTHOR)
    await rt.watcher.cycle()
    tenant.set_fields(_doc(tenant), support.COMPLETE, by=support.AUTHOR)  # between read and write
    with capture_logs() as logs:
        report = await rt.enforcer.run()
    assert report.conflicts == (DOC,)
    assert [e for e in logs if e["event"] == "enforce.conflict"] == [
        {"library": "lib0", "document": DOC, "event": "enforce.conflict", "log_level": "warning"}
    ]
    assert _fields(tenant)["Zusammenfassung"] == support.COMPLETE["Zusammenfassung"]
    await _cycle(rt)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None  # now complete: the submission opened a round


async def test_an_idle_cycle_logs_nothing_above_debug(rt: Runtime) -> None:
    """A worker polls every minute: a cycle that finds no news leaves the info log quiet."""
    with capture_logs() as logs:
        assert await _cycle(rt) == []
    assert {"sync.library_done", "sync.cycle_done"} <= {e["event"] for e in logs}
    assert {e["log_level"] for e in logs} == {"debug"}


async def test_replaying_a_cycle_changes_nothing(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Processing the same events again writes nothing and adds no audit entry."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, {support.UPNS["KIV"]: ("Votum_DWV", "Zustimmung")})
    await _cycle(rt)  # the service's own writes come back through delta
    entries = len(_audit_kinds(rt))
    fields = _fields(tenant)
    rt.store.set_checkpoint("enforce", 0)
    tenant.stats.reset()
    report = await rt.enforcer.run()
    assert report.writes == 0
    assert len(_audit_kinds(rt)) == entries
    assert _fields(tenant) == fields
    assert tenant.stats.round_trips.get("PATCH /sites/{id}/lists/{id}/items/{id}/fields", 0) == 0


async def test_version_history_is_read_only_for_changed_vote_columns(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Deciding reads versions only for items whose vote (or status) columns changed."""
    await _submit(rt, tenant, clock, "Dokument 01.docx")
    await _cycle(rt)
    tenant.set_fields(
        _doc(tenant, "Dokument 01.docx"), {"Votum_DWV": "Zustimmung"}, by=support.UPNS["DWV"]
    )
    tenant.set_fields(
        _doc(tenant, "Dokument 02.docx"), {"Title": "Nur der Titel"}, by=support.AUTHOR
    )
    tenant.stats.reset()
    await _cycle(rt)
    assert tenant.stats.operations[VERSIONS] == 1


async def test_audit_chain_verifies_and_detects_tampering(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """Every round and vote is in the hash-chained audit log, which verifies."""
    await _submit(rt, tenant, clock)
    await _vote(rt, tenant, clock, ALL_APPROVE)
    verification = rt.store.verify_audit()
    assert verification.ok
    assert verification.entries >= 5


async def test_server_on_loopback_serves(server: SimulatorServer) -> None:
    """The fixture's simulator is on loopback (a guard for the tests above)."""
    assert server.base_url.startswith("http://127.0.0.1:")


class _Crash(BaseException):
    """Stands for the process dying (not an error any code would catch)."""


class _DiesCommittingAStep(RoundStore):
    """The state's ledger of a process that dies as it records a step it wrote."""

    def commit_step(self, step: Step) -> int:
        raise _Crash


class _DiesCommittingDeferredSteps(RoundStore):
    """The state's ledger of a process that dies as it records the steps that wrote nothing."""

    def commit_steps(self, steps: Sequence[Step]) -> int:
        raise _Crash


def _dying_enforcer(rt: Runtime, clock: support.Clock, ledger: RoundStore) -> Enforcer:
    """The runtime's enforcer, but on ``ledger``: the process dies where it says."""
    sharepoint = GraphSharePoint(rt.graph, rt.settings.libraries)
    return Enforcer(
        enforce_settings(rt.settings),
        sharepoint,
        rt.store,
        resolved=rt.watcher.resolved,
        clock=clock,
        ledger=ledger,
    )


async def test_crash_after_the_write_finishes_the_step_without_repeating_it(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """The write reached SharePoint, the process died before recording the step: the next
    run records that step once instead of deciding again (no second round, no repeat)."""
    tenant.set_fields(
        _doc(tenant),
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["DWV"],
    )
    clock.advance(minutes=1)
    await rt.watcher.cycle()
    with pytest.raises(_Crash):
        await _dying_enforcer(rt, clock, _DiesCommittingAStep(rt.store)).run()
    written = _fields(tenant)
    assert written["AbstimmungFassung"]  # the write itself went through
    versions = len(tenant.item(_doc(tenant)).versions)
    await _cycle(rt)
    await _cycle(rt)
    round_ = RoundStore(rt.store).open_round(_doc(tenant).item_id)
    assert round_ is not None
    assert round_.number == 1
    assert _fields(tenant) == written
    assert len(tenant.item(_doc(tenant)).versions) == versions
    assert _audit_kinds(rt).count("approval.submitted") == 1


async def test_crash_after_the_release_write_still_lets_the_link_land(
    rt: Runtime, tenant: Tenant, clock: support.Clock
) -> None:
    """The release write reached SharePoint, the process died before recording it, and again
    right after the next run finished that step: the finished step keeps the item's current
    eTag, so the link write after it is not refused as a conflict (it was, for good: no later
    change brings a newer eTag)."""
    await _submit(rt, tenant, clock)
    *first, last = ALL_APPROVE.items()
    await _vote(rt, tenant, clock, dict(first))
    voter, (column, choice) = last
    tenant.set_fields(_doc(tenant), {column: choice}, by=voter)
    clock.advance(minutes=1)
    await rt.watcher.cycle()
    with pytest.raises(_Crash):
        await _dying_enforcer(rt, clock, _DiesCommittingAStep(rt.store)).run()
    assert _fields(tenant)["FreigabeStatus"] == "Freigegeben"
    # and dies again on the next run, right after it finished the interrupted step
    await rt.watcher.cycle()
    with pytest.raises(_Crash):
        await _dying_enforcer(rt, clock, _DiesCommittingDeferredSteps(rt.store)).run()
    cycle = await rt.cycle()
    assert not cycle.publish.failures, cycle.publish.lines
    assert _fields(tenant).get("OeffentlicherLink", "").endswith("/dokumente/dokument-00.docx")

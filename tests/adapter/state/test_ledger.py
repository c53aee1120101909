"""The Ledger's contract (``ports.ledger``), held against the state store (on SQLite and on
PostgreSQL) and the recording fake of the stage tests (``tests.fake_ledger``).

A step goes in as the core's effects and comes back typed: open rounds, releases, notices,
the pending write with its whole step. One step is one transaction. What only the state
holds (the audit log, snapshots, the rows of 0.2) is held against the store alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from approval import (
    Choice,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    RecordAudit,
    StartRound,
    Tally,
    UpdateRound,
    Vote,
    VotedVersion,
    VoteRound,
    Withdraw,
)
from integration.errors import StateError
from integration.state import StateStore
from integration.state.adoption import ADOPTED_AUDIT, AdoptedRelease, adopt
from integration.state.codec import load_object
from integration.state.rounds import RoundStore
from ports.ledger import (
    Ledger,
    OpenRound,
    PendingWrite,
    RecordedNotice,
    RecordedRelease,
    Step,
    StepEffect,
)
from tests.fake_ledger import RecordingLedger

from . import legacy_rows
from .conftest import LIBRARY, START, library, release, snap

DOC = "doc-a"
AT = START + timedelta(days=2)


@pytest.fixture(params=["store", "memory"])
def ledger(request: pytest.FixtureRequest, store: StateStore) -> Ledger:
    return RoundStore(store) if request.param == "store" else RecordingLedger()


@pytest.fixture
def rounds(store: StateStore) -> RoundStore:
    return RoundStore(store)


def _round(number: int = 1, doc: str = DOC, **votes: Choice) -> VoteRound:
    opened = START + timedelta(days=number)
    return VoteRound(
        doc,
        number,
        VotedVersion(f"{number}.0", f"hash-{number}"),
        opened,
        opened + timedelta(days=7),
        "DWV",
        {org: Vote(org, c, f"{org.lower()}@example.org", opened) for org, c in votes.items()},
    )


def _step(*effects: StepEffect, doc: str = DOC, **processed: str | None) -> Step:
    return Step(LIBRARY, doc, processed, effects)


def _notice(key: str = "released/doc-a/1", **extra: Any) -> Notify:
    return Notify(NoticeKind.RELEASED, DOC, key, AT, **extra)


def _payloads(store: StateStore) -> Iterator[tuple[str, str, dict[str, object]]]:
    for entry in store.iter_audit():
        yield entry.kind, entry.subject, dict(entry.payload)


# -- rounds -----------------------------------------------------------------------------------


def test_a_started_round_is_the_open_round(ledger: Ledger) -> None:
    assert (ledger.open_round(DOC), ledger.last_round(DOC), ledger.open_rounds()) == (None, 0, [])
    ledger.commit_step(_step(StartRound(_round())))
    assert ledger.open_round(DOC) == _round()
    assert ledger.last_round(DOC) == 1
    assert list(ledger.open_rounds()) == [OpenRound(LIBRARY, _round())]


def test_an_updated_round_replaces_the_open_one(ledger: Ledger) -> None:
    ledger.commit_step(_step(StartRound(_round())))
    voted = _round(DWV=Choice.APPROVE, KIV=Choice.REJECT)
    ledger.commit_step(_step(UpdateRound(voted)))
    assert ledger.open_round(DOC) == voted
    assert list(ledger.open_rounds()) == [OpenRound(LIBRARY, voted)]


def test_an_ended_round_is_no_longer_open_and_still_counts(ledger: Ledger) -> None:
    ledger.commit_step(_step(StartRound(_round())))
    ledger.commit_step(_step(EndRound(_round(), Ending.REJECTED, AT)))
    assert (ledger.open_round(DOC), ledger.last_round(DOC), ledger.open_rounds()) == (None, 1, [])


def test_a_restart_ends_one_round_and_opens_the_next_in_one_step(ledger: Ledger) -> None:
    ledger.commit_step(_step(StartRound(_round())))
    ledger.commit_step(_step(EndRound(_round(), Ending.RESTARTED, AT), StartRound(_round(2))))
    assert ledger.open_round(DOC) == _round(2)
    assert ledger.last_round(DOC) == 2


def test_a_round_ended_in_its_own_step_stays_closed(ledger: Ledger) -> None:
    """Opened or updated and ended in one step: it is recorded as ended, whatever the order."""
    ledger.commit_step(_step(StartRound(_round()), EndRound(_round(), Ending.CANCELLED, AT)))
    ledger.commit_step(_step(StartRound(_round(doc="doc-b")), doc="doc-b"))
    voted = _round(doc="doc-b", DWV=Choice.APPROVE)
    ledger.commit_step(_step(EndRound(voted, Ending.RELEASED, AT), UpdateRound(voted), doc="doc-b"))
    assert (ledger.open_round(DOC), ledger.open_round("doc-b"), ledger.open_rounds()) == (
        None,
        None,
        [],
    )
    assert (ledger.last_round(DOC), ledger.last_round("doc-b")) == (1, 1)


def test_an_ended_round_is_not_opened_again_by_a_late_update(ledger: Ledger) -> None:
    ledger.commit_step(_step(StartRound(_round())))
    ledger.commit_step(_step(EndRound(_round(), Ending.REJECTED, AT)))
    ledger.commit_step(_step(UpdateRound(_round(DWV=Choice.APPROVE))))
    assert ledger.open_round(DOC) is None


def test_open_rounds_by_document_across_libraries(ledger: Ledger, store: StateStore) -> None:
    store.save_library(library("andere"))
    ledger.commit_step(Step("andere", "doc-b", {}, (StartRound(_round(doc="doc-b")),)))
    ledger.commit_step(_step(StartRound(_round())))
    assert list(ledger.open_rounds()) == [
        OpenRound(LIBRARY, _round()),
        OpenRound("andere", _round(doc="doc-b")),
    ]


# -- releases ---------------------------------------------------------------------------------


def test_a_release_is_current_until_it_is_withdrawn(ledger: Ledger) -> None:
    released = release(DOC, AT)
    ledger.commit_step(_step(EndRound(_round(), Ending.RELEASED, AT), released))
    assert ledger.current_releases() == {DOC: released}
    assert ledger.releases(DOC) == [RecordedRelease(released, None)]
    later = AT + timedelta(days=1)
    ledger.commit_step(_step(Withdraw(DOC, "anna@dwv.example", later)))
    assert ledger.current_releases() == {}
    assert ledger.releases(DOC) == [RecordedRelease(released, later)]
    assert ledger.releases() == [RecordedRelease(released, later)]


def test_the_latest_round_is_the_current_release(ledger: Ledger) -> None:
    first = release(DOC, AT)
    second = release(DOC, AT + timedelta(days=3), round_number=2)
    ledger.commit_step(_step(first))
    ledger.commit_step(_step(Withdraw(DOC, None, AT + timedelta(days=1))))
    ledger.commit_step(_step(second))
    assert ledger.current_releases() == {DOC: second}
    assert [(r.release.round, r.withdrawn_at is None) for r in ledger.releases(DOC)] == [
        (2, True),
        (1, False),
    ]


def test_releases_of_several_documents_newest_first(ledger: Ledger) -> None:
    a, b = release("doc-a", AT), release("doc-b", AT + timedelta(hours=1))
    ledger.commit_steps([_step(a), _step(b, doc="doc-b")])
    assert ledger.current_releases() == {"doc-a": a, "doc-b": b}
    assert [r.release for r in ledger.releases()] == [b, a]
    assert [r.release for r in ledger.releases("doc-b")] == [b]


def test_a_release_is_recorded_once(ledger: Ledger) -> None:
    """The same round released again (a replayed step) keeps the first record."""
    released = release(DOC, AT)
    ledger.commit_step(_step(released))
    ledger.commit_step(_step(replace(released, title="Anders")))
    assert ledger.releases(DOC) == [RecordedRelease(released, None)]


def test_a_publication_noted_keeps_the_release_and_its_anchor(
    rounds: RoundStore, store: StateStore
) -> None:
    released = release(DOC, AT)
    rounds.commit_step(_step(released, RecordAudit(DOC, "approval.released", AT)))
    before = _stored_record(store)
    rounds.record_publication(DOC, 1, sha256="ab" * 32, verified_by="listed")
    rounds.record_publication("doc-unknown", 1, sha256="cd" * 32, verified_by="quickxor")
    assert rounds.current_releases() == {DOC: released}
    after = _stored_record(store)
    assert after == {**before, "sha256": "ab" * 32, "verified_by": "listed"}
    assert after["audit_head"] == {"seq": 1, "hash": next(store.iter_audit()).hash}


def _stored_record(store: StateStore) -> dict[str, object]:
    """The one release record as the file holds it."""
    with store.reading() as conn:
        (text,) = conn.execute("SELECT record FROM releases").fetchone()
    return load_object(text)


def test_an_adopted_release_is_current_and_marked(rounds: RoundStore, store: StateStore) -> None:
    """Taken over from an export (``integration.state.adoption``): round 0, no rule, the
    votes without voters, read back like any release; the stored record notes what the
    export published and the rule word 0.2 wrote."""
    adopted = replace(
        release(DOC, AT),
        round=0,
        rule=None,
        votes={"DWV": None},
        tally=Tally((), (), (), ("DWV",)),
        adopted_at=AT + timedelta(days=30),
    )
    adopt(
        store,
        publications=[],
        other_files=[],
        feed=[],
        releases=[AdoptedRelease(adopted, "ef" * 32, "version")],
        at=AT + timedelta(days=30),
    )
    assert rounds.current_releases() == {DOC: adopted}
    record = _stored_record(store)
    assert (record["sha256"], record["verified_by"], record["rule"]) == (
        "ef" * 32,
        "version",
        {"kind": "übernommen"},
    )
    [(kind, subject, payload)] = _payloads(store)
    assert (kind, subject, payload) == (
        ADOPTED_AUDIT,
        DOC,
        {"title": adopted.title, "version": "2.0"},
    )


# -- notices ----------------------------------------------------------------------------------


def test_notices_come_back_as_the_core_made_them(ledger: Ledger) -> None:
    voted = _round(DWV=Choice.APPROVE)
    first = _notice(round=voted, tally=Tally(("DWV",), (), (), ("KIV",), Choice.REJECT))
    second = Notify(NoticeKind.MISSING_METADATA, DOC, "missing/doc-a", AT, missing=("Titel", "Typ"))
    ledger.commit_step(_step(first, second))
    found = ledger.notices_after(0)
    assert [(n.library, n.notice) for n in found] == [(LIBRARY, first), (LIBRARY, second)]
    assert found[0].seq < found[1].seq
    assert ledger.notices_after(found[0].seq) == [found[1]]
    assert ledger.notices_after(0, limit=1) == [found[0]]
    assert ledger.notices_after(found[1].seq) == []


def test_a_notice_is_recorded_once(ledger: Ledger) -> None:
    ledger.commit_step(_step(_notice()))
    ledger.commit_step(_step(_notice(actor="jemand")))
    [recorded] = ledger.notices_after(0)
    assert recorded == RecordedNotice(recorded.seq, LIBRARY, _notice())


# -- audit entries ----------------------------------------------------------------------------


def test_audit_entries_go_in_with_a_change(ledger: Ledger) -> None:
    """A step's audit entries go in when it changes something: a round, a release, a new
    notice; the number added comes back."""
    audit = RecordAudit(DOC, "approval.submitted", AT, "anna@dwv.example", {"round": "1"})
    assert ledger.commit_step(_step(StartRound(_round()), audit)) == 1
    assert ledger.commit_step(_step(release(DOC, AT), audit, audit)) == 2
    assert ledger.commit_step(_step(_notice(), audit)) == 1


def test_audit_entries_of_nothing_new_are_left_out(ledger: Ledger) -> None:
    """A step whose notices are all recorded already changes nothing: no entry again."""
    audit = RecordAudit(DOC, "approval.reverted", AT, details={"column": "Status"})
    assert ledger.commit_step(_step(_notice(), audit)) == 1
    assert ledger.commit_step(_step(_notice(), audit)) == 0
    assert ledger.commit_step(_step(audit)) == 0


def test_audit_entries_enter_the_log_with_the_actor(rounds: RoundStore, store: StateStore) -> None:
    audit = RecordAudit(DOC, "approval.submitted", AT, "anna@dwv.example", {"round": "1"})
    removed = RecordAudit(DOC, "approval.document_removed", AT, details={"round": "1"})
    rounds.commit_step(_step(StartRound(_round()), audit))
    rounds.commit_step(_step(_notice(), removed))
    rounds.commit_step(_step(_notice(), removed))
    assert list(_payloads(store)) == [
        ("approval.submitted", DOC, {"actor": "anna@dwv.example", "round": "1"}),
        ("approval.document_removed", DOC, {"actor": None, "round": "1"}),
    ]


# -- processed fields, snapshots, pending writes ---------------------------------------------


def test_processed_fields_go_with_the_step(ledger: Ledger) -> None:
    assert ledger.processed(DOC) is None
    ledger.commit_step(_step(Status="Zur Abstimmung", Frist=None))
    assert ledger.processed(DOC) == {"Status": "Zur Abstimmung", "Frist": None}
    ledger.commit_step(_step(Status="Freigegeben"))
    assert ledger.processed(DOC) == {"Status": "Freigegeben"}


def test_the_snapshot_goes_with_the_step(rounds: RoundStore, store: StateStore) -> None:
    seen = snap(DOC, "e2", fields={"Status": "Zur Abstimmung"})
    rounds.commit_step(replace(_step(Status="Zur Abstimmung"), snapshot=seen))
    assert store.get_snapshots(LIBRARY, [DOC]) == {DOC: seen}
    rounds.commit_step(_step(Status="Freigegeben"))
    assert store.get_snapshots(LIBRARY, [DOC]) == {DOC: seen}


def test_a_write_is_announced_with_its_whole_step(ledger: Ledger) -> None:
    step = replace(
        _step(StartRound(_round()), _notice("submitted/doc-a/1"), Status="Zur Abstimmung"),
        snapshot=snap(DOC),
    )
    values = {"Status": "Zur Abstimmung", "Fassung": None}
    ledger.announce_write(LIBRARY, DOC, values, AT, step=step)
    assert ledger.pending_write(DOC) == PendingWrite(values, step)
    ledger.commit_step(step)
    assert ledger.pending_write(DOC) is None
    assert ledger.open_round(DOC) == _round()


def test_a_write_outside_a_step_is_settled_into_the_processed_fields(ledger: Ledger) -> None:
    ledger.commit_step(_step(Status="Freigegeben", Link=None))
    ledger.announce_write(LIBRARY, DOC, {"Link": "https://x.example/d"}, AT)
    assert ledger.pending_write(DOC) == PendingWrite({"Link": "https://x.example/d"})
    ledger.settle_write(DOC, {"Link": "https://x.example/d"})
    assert ledger.pending_write(DOC) is None
    assert ledger.processed(DOC) == {"Status": "Freigegeben", "Link": "https://x.example/d"}


def test_a_refused_write_is_dropped(ledger: Ledger) -> None:
    ledger.announce_write(LIBRARY, DOC, {"Link": "x"}, AT, step=_step(Link="x"))
    ledger.drop_write(DOC)
    assert ledger.pending_write(DOC) is None
    assert ledger.processed(DOC) is None


def test_a_damaged_pending_step_names_the_file_and_document(
    rounds: RoundStore, store: StateStore
) -> None:
    rounds.announce_write(LIBRARY, DOC, {"Link": "x"}, AT, step=_step(Link="x"))
    with store.transaction() as conn:
        conn.execute("UPDATE pending_writes SET step = '{\"format\": 2}'")
    with pytest.raises(StateError) as caught:
        rounds.pending_write(DOC)
    assert str(caught.value).startswith(
        f"{store.name} is damaged: a pending step cannot be read (document {DOC})"
    )


# -- transactions -----------------------------------------------------------------------------


def test_steps_committed_together_land_together_or_not_at_all(
    rounds: RoundStore, store: StateStore
) -> None:
    """One step (or one batch) is one transaction: a failing step leaves nothing of the
    others in the batch, nor of its own round, release, notice or audit entry."""
    good = _step(StartRound(_round()), _notice(), RecordAudit(DOC, "approval.submitted", AT))
    # a snapshot in a library the file does not know: refused by the foreign key, last
    bad = Step(
        "unbekannt",
        "doc-b",
        {"Status": "Freigegeben"},
        (release("doc-b", AT), _notice("released/doc-b/1")),
        snap("doc-b", key="unbekannt"),
    )
    with pytest.raises(StateError):
        rounds.commit_steps([good, bad])
    assert (rounds.open_round(DOC), rounds.processed(DOC), rounds.processed("doc-b")) == (
        None,
        None,
        None,
    )
    assert (rounds.current_releases(), rounds.notices_after(0)) == ({}, [])
    assert list(store.iter_audit()) == []
    assert rounds.commit_steps([good]) == 1


# -- a state file of freigabe 0.2 -------------------------------------------------------------


def test_rows_of_0_2_read_back_typed(rounds: RoundStore, store: StateStore) -> None:
    """Release records and a pending step as 0.2 wrote them: the releases read back, and
    the step a crash left pending is finished as it was decided."""
    with store.transaction() as conn:
        for text in (legacy_rows.RECORD_ADOPTED, legacy_rows.RECORD_BEFORE_SUMMARY):
            record = load_object(text)
            conn.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?, NULL, ?)",
                (record["document_id"], record["round"], LIBRARY, record["released_at"], text),
            )
        conn.execute(
            "INSERT INTO pending_writes VALUES ('doc-1', ?, '{}', ?, ?)",
            (LIBRARY, AT.isoformat(), legacy_rows.STEP_RELEASING),
        )
    assert set(rounds.current_releases()) == {"doc-3", "doc-4"}
    pending = rounds.pending_write("doc-1")
    assert pending is not None
    assert pending.step is not None
    assert rounds.commit_step(pending.step) == 1
    assert rounds.pending_write("doc-1") is None
    assert rounds.current_releases()["doc-1"].round == 2
    assert [n.notice.key for n in rounds.notices_after(0)] == [
        "released/doc-1/2",
        "vote/doc-1/2/KIV",
        "missing/doc-1",
    ]
    assert [kind for kind, _, _ in _payloads(store)] == ["approval.released"]
    assert rounds.last_round("doc-1") == 2
    assert rounds.open_round("doc-1") is None

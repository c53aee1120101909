"""Submitting a document: a round opens, or the submission goes back to "Entwurf"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from approval import (
    Contradiction,
    LeadAssignment,
    LeadershipTable,
    NoticeKind,
    Notify,
    RecordAudit,
    SetFields,
    StartRound,
    Status,
    VotedVersion,
    VoteRound,
    format_instant,
)

from .factories import (
    COLUMNS,
    DOC,
    HASH,
    LABEL,
    T0,
    approver,
    by,
    draft,
    observe,
    one,
    only,
    policy,
    run,
    submitted,
)

NOW = T0 + timedelta(hours=2)
TABLE = LeadershipTable(
    (
        LeadAssignment("Verkehr", "VBA", date(2026, 1, 1), date(2026, 12, 31)),
        LeadAssignment("Verkehr", "VBB", date(2027, 1, 1)),
    )
)


def test_complete_submission_opens_a_round() -> None:
    """A complete submission opens round 1 on the observed version, hash and lead."""
    effects = run(observe(draft(), submitted(), changed_by={COLUMNS.status: by(approver("VBB"))}))
    started = one(effects, StartRound).round
    assert started == VoteRound(
        DOC, 1, VotedVersion(LABEL, HASH), NOW, NOW + timedelta(days=14), "VBA", {}
    )
    values = one(effects, SetFields).values
    assert values[COLUMNS.version_under_vote] == f"Version {LABEL}, Hash {HASH}"
    assert values[COLUMNS.deadline] == format_instant(NOW + timedelta(days=14))
    assert values[COLUMNS.protocol] == (
        f"02.03.2026 11:00 Runde 1 eröffnet: Version {LABEL}, Hash {HASH}, "
        "Federführung VBA, Frist 16.03.2026 11:00"
    )
    notice = one(effects, Notify)
    assert (notice.kind, notice.key, notice.actor) == (
        NoticeKind.SUBMITTED,
        f"{DOC}/1/submitted",
        approver("VBB"),
    )
    assert one(effects, RecordAudit).event == "approval.submitted"


def test_round_numbers_continue_after_earlier_rounds() -> None:
    """A new round takes the number after the document's latest round."""
    effects = run(observe(draft(), submitted()), last_round=2)
    assert one(effects, StartRound).round.number == 3


def test_document_first_seen_in_vote_opens_a_round() -> None:
    """A document already "Zur Abstimmung" without an open round gets one."""
    assert one(run(observe({}, submitted())), StartRound).round.number == 1


@pytest.mark.parametrize(
    ("blanks", "missing"),
    [
        (("Dokumenttyp",), ("Dokumenttyp",)),
        (("Zusammenfassung", "Aktivitaet"), ("Aktivitaet", "Zusammenfassung")),
        (("Federfuehrung",), ("Federfuehrung",)),
        (("Federfuehrung", "Dokumenttyp"), ("Federfuehrung", "Dokumenttyp")),
    ],
)
def test_incomplete_submission_goes_back_to_draft(
    blanks: tuple[str, ...], missing: tuple[str, ...]
) -> None:
    """A submission missing required fields returns to "Entwurf", naming what is missing."""
    after = submitted(**dict.fromkeys(blanks, "  "))
    effects = run(observe(draft(), after))
    assert not only(effects, StartRound)
    assert one(effects, SetFields).values[COLUMNS.status] == Status.DRAFT
    notice = one(effects, Notify)
    assert (notice.kind, notice.missing) == (NoticeKind.MISSING_METADATA, missing)


def test_table_fills_in_a_missing_lead() -> None:
    """An empty lead is filled in from the steering group's table."""
    effects = run(
        observe(draft(), submitted(Federfuehrung=None)),
        the_policy=policy(leadership=TABLE),
    )
    assert one(effects, StartRound).round.lead_org == "VBA"
    assert one(effects, SetFields).values[COLUMNS.lead] == "VBA"


def test_table_is_read_for_the_alliance_local_day() -> None:
    """The table is read for the day in the alliance's time zone, not in UTC."""
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    effects = run(
        observe(draft(), submitted(Federfuehrung=None)),
        now=late,
        the_policy=policy(leadership=TABLE, timezone=timezone(timedelta(hours=1))),
    )
    assert one(effects, StartRound).round.lead_org == "VBB"


@pytest.mark.parametrize(
    ("given", "expected", "reason"),
    [("VBC", "VBA", Contradiction.NOT_TABLE_LEAD), ("VBX", "VBA", Contradiction.UNKNOWN_ORG)],
)
def test_contradicting_lead_goes_back_to_draft(
    given: str, expected: str, reason: Contradiction
) -> None:
    """A lead the table contradicts sends the submission back to "Entwurf" with the reason."""
    effects = run(
        observe(draft(), submitted(Federfuehrung=given)), the_policy=policy(leadership=TABLE)
    )
    assert not only(effects, StartRound)
    assert one(effects, SetFields).values[COLUMNS.status] == Status.DRAFT
    notice = one(effects, Notify)
    assert (notice.kind, notice.org, notice.expected, notice.reason) == (
        NoticeKind.LEAD_CONTRADICTION,
        given,
        expected,
        reason,
    )


def test_submission_clears_old_votes_and_ignores_early_ones() -> None:
    """Opening a round clears every vote column; votes set with the submission do not count."""
    before = draft(Votum_VBA="Zustimmung")
    after = submitted(Votum_VBA="Zustimmung", Votum_VBB="Ablehnung")
    effects = run(
        observe(before, after, changed_by={"Votum_VBB": by(approver("VBB"))}),
    )
    assert one(effects, StartRound).round.votes == {}
    values = one(effects, SetFields).values
    assert (values["Votum_VBA"], values["Votum_VBB"]) == (None, None)
    assert "Votum_VBC" not in values
    assert [n.kind for n in only(effects, Notify)] == [NoticeKind.SUBMITTED]


def test_bounced_submission_key_names_the_observed_state() -> None:
    """A notice outside a round is keyed by document, latest round, event and eTag."""
    effects = run(observe(draft(), submitted(Dokumenttyp=None), etag="etag-9"), last_round=4)
    assert one(effects, Notify).key == f"{DOC}/4/missing_metadata/etag-9"

"""Votes during a round: accepted, retracted, or reverted; and the release they lead to."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from approval import (
    Actor,
    Approvers,
    Choice,
    Deputy,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    Principals,
    Publish,
    RecordAudit,
    RevertReason,
    SetFields,
    Status,
    UpdateRound,
    Vote,
)

from .factories import (
    COLUMNS,
    DEADLINE,
    DOC,
    STRANGER,
    T0,
    VERSION,
    a_round,
    approver,
    by,
    draft,
    observe,
    one,
    only,
    policy,
    run,
    run_vote,
    vote_change,
)

NOW = T0 + timedelta(hours=2)
CAST = T0 + timedelta(hours=1, minutes=30)


def test_authorised_vote_is_accepted() -> None:
    """An approver's vote enters the round with voter and time from the version history."""
    effects = run_vote(a_round(), "VBB", "Ablehnung", by(approver("VBB"), CAST))
    updated = one(effects, UpdateRound).round
    assert updated.votes == {"VBB": Vote("VBB", Choice.REJECT, approver("VBB"), CAST)}
    notice = one(effects, Notify)
    assert (notice.kind, notice.org, notice.choice, notice.key) == (
        NoticeKind.VOTE_CAST,
        "VBB",
        Choice.REJECT,
        f"{DOC}/1/vote_cast/VBB/etag-2",
    )
    assert one(effects, SetFields).values == {
        COLUMNS.protocol: f"02.03.2026 11:00 Votum VBB: Ablehnung ({approver('VBB')})"
    }


def test_vote_without_history_time_is_cast_now() -> None:
    """Without a time from the version history the vote counts as cast when observed."""
    effects = run_vote(a_round(), "VBB", "Enthaltung", by(approver("VBB")), now=NOW)
    assert one(effects, UpdateRound).round.votes["VBB"].cast_at == NOW


@pytest.mark.parametrize(
    ("org", "value", "actor", "reason"),
    [
        ("VBB", "Zustimmung", by(STRANGER, CAST), RevertReason.NOT_AUTHORISED),
        ("VBB", "Zustimmung", by(approver("VBA"), CAST), RevertReason.NOT_AUTHORISED),
        ("VBB", "Zustimmung", None, RevertReason.UNATTRIBUTED),
        ("VBB", "Ja klar", by(approver("VBB"), CAST), RevertReason.INVALID_VALUE),
        ("VBB", "Zustimmung", by(approver("VBB"), DEADLINE), RevertReason.TOO_LATE),
        ("VBA", "Ablehnung", by(STRANGER, CAST), RevertReason.NOT_AUTHORISED),
        ("VBA", None, by(approver("VBC"), CAST), RevertReason.NOT_AUTHORISED),
    ],
)
def test_invalid_vote_is_reverted_to_the_recorded_vote(
    org: str, value: str | None, actor: Actor | None, reason: RevertReason
) -> None:
    """A vote that cannot count is written back to the round's vote and reported."""
    round_ = a_round({"VBA": Choice.APPROVE})
    effects = run_vote(round_, org, value, actor)
    assert not only(effects, UpdateRound)
    recorded = "Zustimmung" if org == "VBA" else None
    assert one(effects, SetFields).values[COLUMNS.vote(org)] == recorded
    notice = one(effects, Notify)
    assert (notice.kind, notice.column, notice.reason, notice.org) == (
        NoticeKind.CHANGE_REVERTED,
        COLUMNS.vote(org),
        reason,
        org,
    )


def test_authorised_retraction() -> None:
    """An approver who clears the column retracts the organisation's vote."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.APPROVE})
    effects = run_vote(round_, "VBA", None, by(approver("VBA"), CAST))
    assert set(one(effects, UpdateRound).round.votes) == {"VBB"}
    assert one(effects, Notify).kind is NoticeKind.VOTE_RETRACTED


def test_repeating_the_recorded_vote_changes_nothing() -> None:
    """Seeing the vote the round already holds again has no effect."""
    round_ = a_round({"VBA": Choice.APPROVE})
    before = {**vote_change(round_, "VBA", None, None).after}
    after = {**before, COLUMNS.vote("VBA"): "Zustimmung"}
    effects = run(observe(before, after, changed_by={"Votum_VBA": by(approver("VBA"))}), round_)
    assert effects == ()


def test_vote_outside_a_round_is_reverted() -> None:
    """Without an open round a vote column goes back to what it held."""
    effects = run(
        observe(
            draft(Votum_VBA="Zustimmung"),
            draft(Votum_VBA="Ablehnung"),
            changed_by={"Votum_VBA": by(approver("VBA"))},
        )
    )
    assert one(effects, SetFields).values["Votum_VBA"] == "Zustimmung"
    assert one(effects, Notify).reason == RevertReason.NO_OPEN_ROUND


def test_vote_columns_of_non_members_are_ignored() -> None:
    """A column named like a vote of an unknown organisation is not the process's business."""
    round_ = a_round()
    effects = run_vote(round_, "VBX", "Zustimmung", by(STRANGER))
    assert effects == ()


GROUP = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


@pytest.mark.parametrize(
    ("principals", "actor"),
    [
        (
            Principals(groups=frozenset({GROUP})),
            by("someone@vbb.example", CAST, frozenset({GROUP})),
        ),
        (
            Principals(deputies=(Deputy("dep@vbb.example", T0, T0 + timedelta(days=1)),)),
            by("dep@vbb.example", CAST),
        ),
        (
            Principals(users=frozenset({"guest@vbb.example"})),
            by("Guest_vbb.example#EXT#@alliance.onmicrosoft.com", CAST),
        ),
    ],
)
def test_groups_deputies_and_guests_may_vote(principals: Principals, actor: Actor) -> None:
    """Members of an approver group, deputies in their period and guests count as approvers."""
    the_policy = policy()
    approvers = Approvers({**the_policy.approvers.by_org, "VBB": principals})
    effects = run_vote(
        a_round(), "VBB", "Zustimmung", actor, the_policy=replace(the_policy, approvers=approvers)
    )
    assert set(one(effects, UpdateRound).round.votes) == {"VBB"}


def test_last_vote_releases_the_voted_version() -> None:
    """The vote completing consensus releases exactly the voted version, in effect order."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.ABSTAIN})
    effects = run_vote(round_, "VBC", "Zustimmung", by(approver("VBC"), CAST))
    assert [type(e) for e in effects] == [
        EndRound,
        SetFields,
        Publish,
        Notify,
        Notify,
        RecordAudit,
        RecordAudit,
    ]
    ended = one(effects, EndRound)
    assert (ended.ending, set(ended.round.votes)) == (Ending.RELEASED, {"VBA", "VBB", "VBC"})
    publish = one(effects, Publish)
    assert (publish.version, publish.round_number, publish.lead_org, publish.released_at) == (
        VERSION,
        1,
        "VBA",
        NOW,
    )
    assert publish.tally.approve == ("VBA", "VBC")
    assert one(effects, SetFields).values[COLUMNS.status] == Status.RELEASED
    assert [n.kind for n in only(effects, Notify)] == [NoticeKind.VOTE_CAST, NoticeKind.RELEASED]


def test_release_key_is_once_per_round() -> None:
    """The release notice key names document and round only."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.APPROVE})
    effects = run_vote(round_, "VBC", "Zustimmung", by(approver("VBC"), CAST))
    assert only(effects, Notify)[-1].key == f"{DOC}/1/released"


def test_same_observation_gives_same_notice_keys() -> None:
    """Observing the same state again later yields the same notice keys."""
    round_ = a_round()
    observation = vote_change(round_, "VBB", "Zustimmung", by(approver("VBB"), CAST))
    first = [n.key for n in only(run(observation, round_, now=NOW), Notify)]
    again = [n.key for n in only(run(observation, round_, now=NOW + timedelta(hours=1)), Notify)]
    assert first == again

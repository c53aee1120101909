"""Status changes by people: withdrawal, cancellation, and the values only the service sets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from approval import (
    Actor,
    Choice,
    Effect,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    RevertReason,
    SetFields,
    Status,
    Withdraw,
)

from .factories import (
    CHAIR,
    COLUMNS,
    DOC,
    STRANGER,
    T0,
    a_round,
    approver,
    by,
    draft,
    observe,
    one,
    only,
    run,
    voting,
)

NOW = T0 + timedelta(hours=2)
STATUS = COLUMNS.status


def in_round(value: str | None, actor: Actor | None) -> tuple[Effect, ...]:
    """Effects of the status set to ``value`` by ``actor`` while a round is open."""
    round_ = a_round({"VBB": Choice.APPROVE})
    observation = observe(
        voting(round_),
        voting(round_, **{STATUS: value}),
        changed_by={STATUS: actor} if actor else {},
    )
    return run(observation, round_)


def outside(
    before: str, after: str, actor: Actor | None, **fields: str | None
) -> tuple[Effect, ...]:
    """Effects of the status changed from ``before`` to ``after`` without an open round."""
    observation = observe(
        draft(**{STATUS: before}),
        draft(**{STATUS: after, **fields}),
        changed_by={STATUS: actor} if actor else {},
    )
    return run(observation)


@pytest.mark.parametrize("actor", [by(approver("VBA")), by(CHAIR)])
def test_lead_or_steering_withdraws_a_running_vote(actor: Actor) -> None:
    """The lead's approvers and the steering group end the round and unpublish."""
    effects = in_round(Status.WITHDRAWN.value, actor)
    ended = one(effects, EndRound)
    assert (ended.ending, set(ended.round.votes)) == (Ending.WITHDRAWN, {"VBB"})
    assert one(effects, Withdraw) == Withdraw(DOC, actor.principal, NOW)
    notice = one(effects, Notify)
    assert (notice.kind, notice.key) == (NoticeKind.WITHDRAWN, f"{DOC}/1/withdrawn")
    assert STATUS not in one(effects, SetFields).values


@pytest.mark.parametrize("actor", [by(approver("VBA")), by(CHAIR)])
@pytest.mark.parametrize("value", [Status.DRAFT.value, None])
def test_lead_or_steering_cancels_a_running_vote(actor: Actor, value: str | None) -> None:
    """Setting (or clearing to) "Entwurf" during a round ends it without unpublishing."""
    effects = in_round(value, actor)
    assert one(effects, EndRound).ending is Ending.CANCELLED
    assert not only(effects, Withdraw)
    assert one(effects, Notify).kind is NoticeKind.CANCELLED


@pytest.mark.parametrize(
    ("value", "actor", "reason"),
    [
        (Status.WITHDRAWN.value, by(approver("VBB")), RevertReason.NOT_AUTHORISED),
        (Status.WITHDRAWN.value, by(STRANGER), RevertReason.NOT_AUTHORISED),
        (Status.WITHDRAWN.value, None, RevertReason.UNATTRIBUTED),
        (Status.DRAFT.value, by(approver("VBC")), RevertReason.NOT_AUTHORISED),
        (Status.RELEASED.value, by(approver("VBA")), RevertReason.SERVICE_ONLY),
        (Status.REJECTED.value, by(CHAIR), RevertReason.SERVICE_ONLY),
        ("Erledigt", by(approver("VBA")), RevertReason.INVALID_VALUE),
    ],
)
def test_forbidden_status_change_in_a_round_is_reverted(
    value: str, actor: Actor | None, reason: RevertReason
) -> None:
    """Other status changes during a round go back to "Zur Abstimmung" and are reported."""
    effects = in_round(value, actor)
    assert not only(effects, EndRound)
    assert not only(effects, Withdraw)
    assert one(effects, SetFields).values[STATUS] == Status.VOTING
    notice = one(effects, Notify)
    assert (notice.kind, notice.reason) == (NoticeKind.CHANGE_REVERTED, reason)


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [
        (Status.DRAFT, Status.RELEASED, RevertReason.SERVICE_ONLY),
        (Status.REJECTED, Status.RELEASED, RevertReason.SERVICE_ONLY),
        (Status.DRAFT, Status.REJECTED, RevertReason.SERVICE_ONLY),
        (Status.RELEASED, "Fertig", RevertReason.INVALID_VALUE),
    ],
)
def test_forbidden_status_change_outside_a_round_is_reverted(
    before: Status, after: str, reason: RevertReason
) -> None:
    """A person setting a service-only or unknown status gets the previous value back."""
    effects = outside(before.value, after, by(approver("VBA")))
    assert one(effects, SetFields).values[STATUS] == before
    assert one(effects, Notify).reason == reason


def test_lead_withdraws_a_released_document() -> None:
    """Withdrawing a released document unpublishes it."""
    effects = outside(Status.RELEASED.value, Status.WITHDRAWN.value, by(approver("VBA")))
    assert one(effects, Withdraw).actor == approver("VBA")
    assert one(effects, Notify).kind is NoticeKind.WITHDRAWN


@pytest.mark.parametrize(
    ("actor", "fields"),
    [(by(approver("VBB")), {}), (by(approver("VBB")), {COLUMNS.lead: "VBB"}), (None, {})],
)
def test_withdrawal_by_others_is_reverted(actor: Actor | None, fields: dict[str, str]) -> None:
    """Only the lead as it was, or the steering group, may withdraw outside a round."""
    effects = outside(Status.RELEASED.value, Status.WITHDRAWN.value, actor, **fields)
    assert not only(effects, Withdraw)
    assert one(effects, SetFields).values[STATUS] == Status.RELEASED


@pytest.mark.parametrize("before", [Status.RELEASED, Status.REJECTED, Status.WITHDRAWN])
def test_anyone_may_start_a_new_draft(before: Status) -> None:
    """Going back to "Entwurf" outside a round is a new draft and needs no action."""
    assert outside(before.value, Status.DRAFT.value, by(STRANGER)) == ()


@pytest.mark.parametrize("column", list(COLUMNS.service_only))
def test_service_only_columns_are_reverted(column: str) -> None:
    """A person's edit of a service-only column is written back and reported."""
    before = draft(**{column: "alt"})
    effects = run(observe(before, draft(**{column: "neu"}), changed_by={column: by(STRANGER)}))
    notice = one(effects, Notify)
    assert (notice.column, notice.reason, notice.actor) == (
        column,
        RevertReason.SERVICE_ONLY,
        STRANGER,
    )
    written = one(effects, SetFields).values[column]
    assert written is not None
    assert written.splitlines()[0] == "alt"


@pytest.mark.parametrize("value", [Status.RELEASED.value, Status.DRAFT.value])
def test_an_unchanged_status_in_a_round_is_set_back_without_a_word(value: str) -> None:
    """A status nobody changed (the service's own, e.g. from before a restored state file)
    is no person's act: the round's status is written again, nothing reverted or reported."""
    round_ = a_round({"VBB": Choice.APPROVE})
    fields = voting(round_, **{STATUS: value})
    effects = run(observe(fields, fields), round_)
    assert one(effects, SetFields).values[STATUS] == Status.VOTING
    assert not only(effects, Notify)
    assert not only(effects, EndRound)

"""The deadline: decisions on a periodic check, and extensions by those who steer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from approval import (
    Actor,
    Choice,
    Effect,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    Publish,
    Reason,
    RevertReason,
    SetFields,
    Silence,
    Status,
    UpdateRound,
    format_instant,
)

from .factories import (
    CHAIR,
    COLUMNS,
    DEADLINE,
    DOC,
    a_round,
    approver,
    by,
    observe,
    one,
    only,
    policy,
    rule,
    run,
    voting,
)

ROUND = a_round({"VBA": Choice.APPROVE, "VBB": Choice.APPROVE})
LATER = DEADLINE + timedelta(days=7)


def tick(now: datetime, silence: Silence = Silence.BLOCK) -> tuple[Effect, ...]:
    """A periodic check of ``ROUND`` without changes at ``now``."""
    fields = voting(ROUND)
    return run(
        observe(fields, fields), ROUND, now=now, the_policy=policy(rule=rule(silence=silence))
    )


def test_check_before_the_deadline_does_nothing() -> None:
    """Before the deadline an undecided round stays as it is."""
    assert tick(DEADLINE - timedelta(seconds=1)) == ()


def test_silence_blocks_at_the_deadline() -> None:
    """At the deadline a silent organisation blocks the release by default."""
    effects = tick(DEADLINE)
    assert one(effects, EndRound).ending is Ending.REJECTED
    assert one(effects, SetFields).values[COLUMNS.status] == Status.REJECTED
    notice = one(effects, Notify)
    assert (notice.kind, notice.reason, notice.key) == (
        NoticeKind.REJECTED,
        Reason.VETO,
        f"{DOC}/1/rejected",
    )
    assert notice.tally is not None
    assert (notice.tally.silent, notice.tally.silence_as) == (("VBC",), Choice.REJECT)


def test_silence_consents_at_the_deadline() -> None:
    """With "silence is consent" the round releases at the deadline."""
    effects = tick(DEADLINE, Silence.CONSENT)
    assert one(effects, Publish).version == ROUND.version
    assert one(effects, SetFields).values[COLUMNS.status] == Status.RELEASED


def extension(value: str | None, actor: Actor | None) -> tuple[Effect, ...]:
    """Effects of the deadline column set to ``value`` by ``actor``."""
    round_ = a_round()
    observation = observe(
        voting(round_),
        voting(round_, **{COLUMNS.deadline: value}),
        changed_by={COLUMNS.deadline: actor} if actor else {},
    )
    return run(observation, round_)


@pytest.mark.parametrize("actor", [by(approver("VBA")), by(CHAIR)])
def test_lead_or_steering_extends_the_deadline(actor: Actor) -> None:
    """The lead's approvers and the steering group may move the deadline later."""
    effects = extension(format_instant(LATER), actor)
    assert one(effects, UpdateRound).round.deadline == LATER
    assert one(effects, Notify).kind is NoticeKind.DEADLINE_EXTENDED


@pytest.mark.parametrize(
    ("value", "actor", "reason"),
    [
        (format_instant(LATER), by(approver("VBB")), RevertReason.NOT_AUTHORISED),
        (format_instant(LATER), None, RevertReason.UNATTRIBUTED),
        (
            format_instant(DEADLINE - timedelta(days=1)),
            by(approver("VBA")),
            RevertReason.ROUND_FIXED,
        ),
        ("nächste Woche", by(approver("VBA")), RevertReason.INVALID_VALUE),
        (None, by(approver("VBA")), RevertReason.INVALID_VALUE),
        (format_instant(LATER), by(approver("VBA"), DEADLINE), RevertReason.TOO_LATE),
    ],
)
def test_other_deadline_changes_are_reverted(
    value: str | None, actor: Actor | None, reason: RevertReason
) -> None:
    """A deadline that is earlier, unreadable, late or set by others goes back."""
    effects = extension(value, actor)
    assert not only(effects, UpdateRound)
    assert one(effects, SetFields).values[COLUMNS.deadline] == format_instant(DEADLINE)
    assert one(effects, Notify).reason == reason

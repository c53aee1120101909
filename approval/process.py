"""The release process as a state machine over the status column, one step per observation.

``step`` is the one entry point: the adapter passes what it observed of a document, the open
round from its state store, the policy and the time, and applies the effects it gets back.
A periodic check is a step whose observation has no changes; it decides rounds whose
deadline has passed.
"""

from __future__ import annotations

from datetime import datetime

from approval.ballots import count_votes, follow_content, guard_round_fields
from approval.decide import Pending, Rejected, Released, decide
from approval.effects import Effect, Ending, NoticeKind, Publish, RevertReason
from approval.observation import Observation
from approval.plan import Plan
from approval.policy import Policy
from approval.rounds import VotedVersion, VoteRound
from approval.transitions import follow_status
from approval.vocabulary import Status, parse_status

__all__ = ["step"]


def step(
    observation: Observation,
    open_round: VoteRound | None,
    policy: Policy,
    now: datetime,
    *,
    last_round: int = 0,
) -> tuple[Effect, ...]:
    """The effects of observing ``observation`` at ``now``.

    Args:
        observation: the document's fields before and now, content, and attributions.
        open_round: the document's open round from the state store, or None.
        policy: the configured release process.
        now: the current time (aware).
        last_round: the number of the document's latest round, open or closed (0: none), so
            that a new round gets the next number.

    The effects come in the order they are to be applied (see ``approval.effects``); a
    ``Publish`` always names the version and content hash the releasing round voted on.
    """
    if open_round is not None and open_round.document_id != observation.document_id:
        raise ValueError("the open round belongs to another document")
    plan = Plan(observation, policy, now, open_round, last_round)
    for column in plan.columns.service_only:
        if observation.changed(column):
            plan.revert(column, observation.before.get(column), RevertReason.SERVICE_ONLY)
    follow_status(plan)
    if plan.round is not None and not plan.opened:
        follow_content(plan)
    if plan.round is not None and not plan.opened:
        guard_round_fields(plan)
    count_votes(plan)
    if plan.round is not None:
        _settle(plan)
    else:
        _follow_release(plan)
    return plan.effects()


def _settle(plan: Plan) -> None:
    round_ = plan.round
    assert round_ is not None
    decision = decide(round_, plan.policy.rule, plan.policy.organisations, plan.now)
    match decision:
        case Pending():
            return
        case Released(version, reason, tally):
            plan.notify(NoticeKind.RELEASED, per_round=True, reason=reason, tally=tally)
            plan.act(
                Publish(
                    round_.document_id, version, round_.number, round_.lead_org, plan.now, tally
                )
            )
            plan.end_round(Ending.RELEASED)
            _mark_released(plan, version)
        case Rejected(reason, tally):
            plan.notify(NoticeKind.REJECTED, per_round=True, reason=reason, tally=tally)
            plan.end_round(Ending.REJECTED)
            plan.write(plan.columns.status, Status.REJECTED.value)


def _mark_released(plan: Plan, version: VotedVersion) -> None:
    if plan.observation.content_hash == version.content_hash:
        plan.write(plan.columns.status, Status.RELEASED.value)
    else:
        # A frozen round released the voted content; the edit since then is the next draft.
        _new_draft(plan)


def _follow_release(plan: Plan) -> None:
    """Turn a released document whose content changed into a new draft."""
    obs, columns = plan.observation, plan.columns
    if obs.changed(columns.status):
        return
    if parse_status(obs.after.get(columns.status)) is not Status.RELEASED:
        return
    released = VotedVersion.parse(obs.before.get(columns.version_under_vote))
    if released is not None and released.content_hash != obs.content_hash:
        _new_draft(plan)


def _new_draft(plan: Plan) -> None:
    plan.write(plan.columns.status, Status.DRAFT.value)
    plan.notify(NoticeKind.NEW_DRAFT, subject=plan.observation.content_hash)

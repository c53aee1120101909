"""Changes during an open round: votes, the round's lead and deadline, and its content.

A vote counts only when the person who last set the organisation's column is one of its
approvers at the time they set it, before the deadline; every other change of a vote column
is reverted to the vote the round holds. Outside a round no vote counts.
"""

from __future__ import annotations

from approval.columns import format_instant, is_blank, parse_instant
from approval.effects import Ending, NoticeKind, RevertReason
from approval.plan import Plan
from approval.rules import OnEdit
from approval.vocabulary import parse_choice
from approval.votes import Vote

__all__ = ["count_votes", "follow_content", "guard_round_fields"]


def follow_content(plan: Plan) -> None:
    """Restart the round when its content changed, unless the rule freezes it."""
    round_ = plan.round
    assert round_ is not None
    if plan.observation.content_hash == round_.version.content_hash:
        return
    if plan.policy.rule.on_edit is OnEdit.FREEZE:
        return
    plan.end_round(Ending.RESTARTED)
    plan.open_round(round_.lead_org, NoticeKind.ROUND_RESTARTED, None)


def guard_round_fields(plan: Plan) -> None:
    """Keep the round's lead fixed; accept an extension of its deadline by those who steer."""
    round_, obs, columns = plan.round, plan.observation, plan.columns
    assert round_ is not None
    if obs.changed(columns.lead):
        plan.revert(columns.lead, round_.lead_org, RevertReason.ROUND_FIXED)
    if not obs.changed(columns.deadline):
        return
    wanted = parse_instant(obs.after.get(columns.deadline))
    if wanted is None:
        reason: RevertReason | None = RevertReason.INVALID_VALUE
    elif wanted <= round_.deadline:
        reason = RevertReason.ROUND_FIXED
    elif round_.is_due(plan.acted_at(columns.deadline)):
        reason = RevertReason.TOO_LATE
    else:
        reason = plan.refusal(columns.deadline, round_.lead_org)
    if reason is not None:
        plan.revert(columns.deadline, format_instant(round_.deadline), reason)
        return
    assert wanted is not None
    plan.update_round(round_.with_deadline(wanted))
    plan.notify(
        NoticeKind.DEADLINE_EXTENDED, subject=columns.deadline, actor=plan.actor(columns.deadline)
    )


def count_votes(plan: Plan) -> None:
    """Accept, retract or revert each changed vote column of a member organisation."""
    if plan.opened:
        return  # the new round clears every vote column; nothing cast before it counts
    obs = plan.observation
    for org in plan.policy.organisations:
        column = plan.columns.vote(org)
        if not obs.changed(column):
            continue
        if plan.round is None:
            plan.revert(column, obs.before.get(column), RevertReason.NO_OPEN_ROUND, org)
        else:
            _count(plan, org, column)


def _refusal(plan: Plan, org: str, column: str) -> RevertReason | None:
    """Why the change of ``org``'s vote column cannot count; None when it counts."""
    round_, after = plan.round, plan.observation.after
    assert round_ is not None
    actor, at = plan.actor(column), plan.acted_at(column)
    if actor is None:
        return RevertReason.UNATTRIBUTED
    if not plan.policy.approvers.is_authorised(org, actor.principal, actor.groups, at):
        return RevertReason.NOT_AUTHORISED
    if round_.is_due(at):
        return RevertReason.TOO_LATE
    if parse_choice(after.get(column)) is None and not is_blank(after, column):
        return RevertReason.INVALID_VALUE
    return None


def _count(plan: Plan, org: str, column: str) -> None:
    round_ = plan.round
    assert round_ is not None
    recorded = round_.votes.get(org)
    reason = _refusal(plan, org, column)
    if reason is not None:
        plan.revert(column, recorded.choice.value if recorded else None, reason, org)
        return
    actor = plan.actor(column)
    assert actor is not None  # an unattributed change was refused above
    choice = parse_choice(plan.observation.after.get(column))
    if choice is None:
        if recorded is not None:
            plan.update_round(round_.without_vote(org))
            plan.notify(NoticeKind.VOTE_RETRACTED, subject=org, actor=actor, org=org)
    elif recorded is None or recorded.choice is not choice:
        vote = Vote(org, choice, actor.principal, plan.acted_at(column))
        plan.update_round(round_.with_vote(vote))
        plan.notify(NoticeKind.VOTE_CAST, subject=org, actor=actor, org=org, choice=choice)

"""Changes of the status column: submission, withdrawal, cancellation, and forbidden ones.

Anyone may submit (set "Zur Abstimmung"); the lead organisation's approvers and the steering
group may withdraw or send a running vote back to "Entwurf"; nobody but the service sets
"Freigegeben" or "Abgelehnt". While a round is open, the round is the truth about the status.
"""

from __future__ import annotations

from approval.columns import is_blank
from approval.effects import Ending, NoticeKind, RevertReason, Withdraw
from approval.leadership import LeadConfirmed, LeadContradiction, LeadFilledIn, LeadMissing
from approval.plan import Plan
from approval.vocabulary import Status, parse_status

__all__ = ["follow_status", "submit"]

_SERVICE_ONLY = frozenset({Status.RELEASED, Status.REJECTED})


def follow_status(plan: Plan) -> None:
    """Act on the observed status: open, end or keep the round, or revert the change."""
    column = plan.columns.status
    raw = plan.observation.after.get(column)
    status = parse_status(raw)
    if status is None and is_blank(plan.observation.after, column):
        status = Status.DRAFT
    if plan.round is not None:
        if status is Status.VOTING:
            pass
        elif plan.observation.changed(column):
            _leave_round(plan, status)
        else:
            # Nobody changed it: the service's own value from before the state it knows of
            # (a restored state file). The round is the truth; no person's act to judge.
            plan.write(column, Status.VOTING.value)
    elif status is Status.VOTING:
        submit(plan)
    elif plan.observation.changed(column):
        _change_status(plan, status)


def submit(plan: Plan) -> None:
    """Open a round, or send the submission back to "Entwurf" saying what is missing."""
    obs, columns, policy = plan.observation, plan.columns, plan.policy
    on = plan.now.astimezone(policy.timezone).date()
    check = policy.leadership.check(
        obs.after.get(columns.activity), obs.after.get(columns.lead), on, policy.organisations
    )
    missing = tuple(c for c in columns.required if is_blank(obs.after, c))
    actor = plan.actor(columns.status)
    match check:
        case LeadConfirmed(org) | LeadFilledIn(org):
            lead: str | None = org
        case LeadMissing():
            lead, missing = None, (columns.lead, *missing)
        case LeadContradiction(given, expected, reason):
            lead = None
            plan.notify(
                NoticeKind.LEAD_CONTRADICTION,
                actor=actor,
                org=given,
                expected=expected,
                reason=reason,
            )
    if missing:
        plan.notify(NoticeKind.MISSING_METADATA, actor=actor, missing=missing)
    if lead is None or missing:
        plan.write(columns.status, Status.DRAFT.value)
        return
    if isinstance(check, LeadFilledIn):
        plan.write(columns.lead, lead)
    plan.open_round(lead, NoticeKind.SUBMITTED, actor)


def _leave_round(plan: Plan, status: Status | None) -> None:
    assert plan.round is not None
    column = plan.columns.status
    if status is None:
        plan.revert(column, Status.VOTING.value, RevertReason.INVALID_VALUE)
        return
    if status in _SERVICE_ONLY:
        plan.revert(column, Status.VOTING.value, RevertReason.SERVICE_ONLY)
        return
    refusal = plan.refusal(column, plan.round.lead_org)
    if refusal is not None:
        plan.revert(column, Status.VOTING.value, refusal)
        return
    actor = plan.actor(column)
    if status is Status.WITHDRAWN:
        plan.notify(NoticeKind.WITHDRAWN, per_round=True, actor=actor)
        _unpublish(plan)
        plan.end_round(Ending.WITHDRAWN)
    else:
        plan.notify(NoticeKind.CANCELLED, per_round=True, actor=actor)
        plan.end_round(Ending.CANCELLED)


def _change_status(plan: Plan, status: Status | None) -> None:
    obs, column = plan.observation, plan.columns.status
    previous = obs.before.get(column)
    if status is None:
        plan.revert(column, previous, RevertReason.INVALID_VALUE)
    elif status in _SERVICE_ONLY:
        plan.revert(column, previous, RevertReason.SERVICE_ONLY)
    elif status is Status.WITHDRAWN:
        # The lead as it was, so that nobody gains the right by naming themselves lead.
        lead = obs.before.get(plan.columns.lead) or obs.after.get(plan.columns.lead)
        refusal = plan.refusal(column, lead.strip() if lead else None)
        if refusal is not None:
            plan.revert(column, previous, refusal)
            return
        plan.notify(NoticeKind.WITHDRAWN, subject=column, actor=plan.actor(column))
        _unpublish(plan)


def _unpublish(plan: Plan) -> None:
    actor = plan.actor(plan.columns.status)
    principal = actor.principal if actor is not None else None
    plan.act(Withdraw(plan.observation.document_id, principal, plan.now))

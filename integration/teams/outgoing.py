"""Putting notifications into the outbox: cards for notices, batched votes, reminders, the
digest and stuck documents.

The outbox key is the idempotency key, so calling any of these again for the same event,
round and day, week, or problem adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from approval.effects import Notify
from config.teams import DIGEST, REMINDER, VOTES
from integration.teams.cards import notice_card
from integration.teams.context import CardContext, DocumentRound
from integration.teams.elements import webhook_message
from integration.teams.mail import reminder_mail
from integration.teams.notifier import channel
from integration.teams.problems import problem_card, problem_key, problem_kind
from integration.teams.schedule import ReminderDue, digest_key
from integration.teams.summaries import digest_card, reminder_card
from integration.teams.texts import Wording
from integration.teams.vote_batches import VoteBatch
from integration.teams.vote_card import votes_card
from ports.outbox import OutboxIntake
from ports.problems import ItemProblem

__all__ = [
    "enqueue_digest",
    "enqueue_notice",
    "enqueue_problem",
    "enqueue_reminder",
    "enqueue_votes",
]


def enqueue_notice(
    outbox: OutboxIntake,
    notice: Notify,
    context: CardContext,
    *,
    webhook: str,
    wording: Wording,
    now: datetime,
) -> bool:
    """Queue the card for ``notice`` to webhook ``webhook``; False if it was queued before."""
    card = notice_card(notice, context, wording)
    target = channel("teams", webhook)
    return outbox.enqueue(notice.key, target, notice.kind.value, webhook_message(card), now)


def enqueue_votes(
    outbox: OutboxIntake,
    batch: VoteBatch,
    context: CardContext,
    *,
    webhook: str,
    wording: Wording,
    now: datetime,
) -> bool:
    """Queue the one card for the votes of ``batch``; False if it was queued before."""
    card = votes_card(batch, context, wording)
    target = channel("teams", webhook)
    return outbox.enqueue(batch.key, target, VOTES, webhook_message(card), now)


def enqueue_reminder(
    outbox: OutboxIntake,
    due: ReminderDue,
    *,
    webhook: str | None,
    wording: Wording,
    now: datetime,
    mail_to: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """Queue the reminder card (when ``webhook``) and, with ``mail_to`` (organisation ->
    approver addresses), one mail per approver of each organisation that has not voted.

    Returns how many notifications were new.
    """
    added = 0
    if webhook is not None:
        card = reminder_card(due.open_round, now, wording, due.key)
        target = channel("teams", webhook)
        added += outbox.enqueue(due.key, target, REMINDER, webhook_message(card), now)
    for org in due.missing:
        mail = reminder_mail(due.open_round, org, now, wording)
        for address in (mail_to or {}).get(org, ()):
            key = f"{due.key}/mail/{address.lower()}"
            added += outbox.enqueue(key, channel("mail", address), REMINDER, mail, now)
    return added


def enqueue_digest(
    outbox: OutboxIntake,
    rounds: Sequence[DocumentRound],
    *,
    webhook: str,
    wording: Wording,
    now: datetime,
    status_url: str | None = None,
) -> bool:
    """Queue this week's digest of ``rounds`` to ``webhook``, linking the status page at
    ``status_url`` if given; False if this week's is queued."""
    key = digest_key(now, wording.zone, webhook)
    card = digest_card(rounds, now, wording, key, status_url=status_url)
    return outbox.enqueue(key, channel("teams", webhook), DIGEST, webhook_message(card), now)


def enqueue_problem(
    outbox: OutboxIntake,
    problem: ItemProblem,
    context: CardContext | None,
    *,
    webhook: str,
    wording: Wording,
    now: datetime,
) -> bool:
    """Queue the card about ``problem`` (``context`` None: the export as a whole) to
    ``webhook``; False if this problem's card was queued there before."""
    key = problem_key(problem, webhook)
    card = problem_card(problem, context, wording, key)
    kind = problem_kind(problem, export=context is None)
    return outbox.enqueue(key, channel("teams", webhook), kind, webhook_message(card), now)

"""Teams notifications: Adaptive Cards for the release events, delivered through the outbox."""

# Names are imported on first use: a CLI start that only loads the configuration need not
# import the cards, the mail notifier and the delivery.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integration.teams.cards import notice_card
    from integration.teams.context import CardContext, DocumentRound
    from integration.teams.delivery import Backoff, DeliveryReport, deliver_due
    from integration.teams.elements import (
        MAX_PAYLOAD_BYTES,
        AdaptiveCard,
        payload_size,
        webhook_message,
    )
    from integration.teams.forms import edit_form_url
    from integration.teams.mail import MailNotifier, reminder_mail
    from integration.teams.notifier import ChannelRouter, Notifier, channel
    from integration.teams.outgoing import (
        enqueue_digest,
        enqueue_notice,
        enqueue_problem,
        enqueue_reminder,
        enqueue_votes,
    )
    from integration.teams.schedule import (
        ReminderDue,
        digest_key,
        reminders_due,
    )
    from integration.teams.summaries import digest_card, reminder_card
    from integration.teams.texts import Wording
    from integration.teams.vote_batches import VoteBatch, batch_votes
    from integration.teams.webhook import WorkflowsWebhookNotifier

_WHERE = {
    "MAX_PAYLOAD_BYTES": "integration.teams.elements",
    "AdaptiveCard": "integration.teams.elements",
    "Backoff": "integration.teams.delivery",
    "CardContext": "integration.teams.context",
    "ChannelRouter": "integration.teams.notifier",
    "DeliveryReport": "integration.teams.delivery",
    "DocumentRound": "integration.teams.context",
    "MailNotifier": "integration.teams.mail",
    "Notifier": "integration.teams.notifier",
    "ReminderDue": "integration.teams.schedule",
    "VoteBatch": "integration.teams.vote_batches",
    "Wording": "integration.teams.texts",
    "WorkflowsWebhookNotifier": "integration.teams.webhook",
    "batch_votes": "integration.teams.vote_batches",
    "channel": "integration.teams.notifier",
    "deliver_due": "integration.teams.delivery",
    "digest_card": "integration.teams.summaries",
    "digest_key": "integration.teams.schedule",
    "edit_form_url": "integration.teams.forms",
    "enqueue_digest": "integration.teams.outgoing",
    "enqueue_notice": "integration.teams.outgoing",
    "enqueue_problem": "integration.teams.outgoing",
    "enqueue_reminder": "integration.teams.outgoing",
    "enqueue_votes": "integration.teams.outgoing",
    "notice_card": "integration.teams.cards",
    "payload_size": "integration.teams.elements",
    "reminder_card": "integration.teams.summaries",
    "reminder_mail": "integration.teams.mail",
    "reminders_due": "integration.teams.schedule",
    "webhook_message": "integration.teams.elements",
}

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "AdaptiveCard",
    "Backoff",
    "CardContext",
    "ChannelRouter",
    "DeliveryReport",
    "DocumentRound",
    "MailNotifier",
    "Notifier",
    "ReminderDue",
    "VoteBatch",
    "Wording",
    "WorkflowsWebhookNotifier",
    "batch_votes",
    "channel",
    "deliver_due",
    "digest_card",
    "digest_key",
    "edit_form_url",
    "enqueue_digest",
    "enqueue_notice",
    "enqueue_problem",
    "enqueue_reminder",
    "enqueue_votes",
    "notice_card",
    "payload_size",
    "reminder_card",
    "reminder_mail",
    "reminders_due",
    "webhook_message",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'integration.teams' has no attribute {name!r}")
    return getattr(import_module(module), name)

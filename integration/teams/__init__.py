"""Teams notifications: Adaptive Cards for the release events, delivered through the outbox."""

from integration.teams.cards import notice_card
from integration.teams.context import CardContext, OpenRound
from integration.teams.delivery import Backoff, DeliveryReport, deliver_due
from integration.teams.elements import (
    MAX_PAYLOAD_BYTES,
    AdaptiveCard,
    payload_size,
    webhook_message,
)
from integration.teams.mail import GraphMailNotifier, reminder_mail
from integration.teams.notifier import ChannelRouter, Notifier, channel
from integration.teams.outgoing import enqueue_digest, enqueue_notice, enqueue_reminder
from integration.teams.preview import find_renderer, render_cards_page, write_cards_page
from integration.teams.schedule import (
    ReminderDue,
    digest_key,
    reminders_due,
)
from integration.teams.settings import TeamsSettings
from integration.teams.summaries import digest_card, reminder_card
from integration.teams.texts import Wording
from integration.teams.webhook import WorkflowsWebhookNotifier

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "AdaptiveCard",
    "Backoff",
    "CardContext",
    "ChannelRouter",
    "DeliveryReport",
    "GraphMailNotifier",
    "Notifier",
    "OpenRound",
    "ReminderDue",
    "TeamsSettings",
    "Wording",
    "WorkflowsWebhookNotifier",
    "channel",
    "deliver_due",
    "digest_card",
    "digest_key",
    "enqueue_digest",
    "enqueue_notice",
    "enqueue_reminder",
    "find_renderer",
    "notice_card",
    "payload_size",
    "reminder_card",
    "reminder_mail",
    "reminders_due",
    "render_cards_page",
    "webhook_message",
    "write_cards_page",
]

"""The settings of Teams notifications (a section the root settings embed as ``teams``), and
the names operators may override texts for: the card kinds and their placeholders."""

from __future__ import annotations

import re
from enum import StrEnum
from string import Template
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator

from approval.effects import NoticeKind
from config.base import Section
from config.fields import reject
from ports.problems import Stage

__all__ = [
    "DIGEST",
    "PLACEHOLDERS",
    "REMINDER",
    "STUCK",
    "STUCK_EXPORT",
    "TEMPLATE_KINDS",
    "VOTES",
    "DigestSchedule",
    "TeamsSettings",
    "TemplateOverride",
    "VoteCards",
    "hour_minute",
]

REMINDER = "reminder"
DIGEST = "digest"
STUCK = "stuck_"
"""Prefix of the kinds of a document stuck at a stage (``stuck_enforce`` ...)."""
STUCK_EXPORT = "stuck_export"
VOTES = "votes"
"""The card of the votes one cycle saw on one document (``vote_cards: per_cycle``)."""

TEMPLATE_KINDS = frozenset(
    {
        *(kind.value for kind in NoticeKind),
        REMINDER,
        DIGEST,
        VOTES,
        *(STUCK + stage.value for stage in Stage),
        STUCK_EXPORT,
    }
)
"""The card kinds, each with a default text in ``integration.teams.texts``."""

PLACEHOLDERS = frozenset(
    {
        "document",
        "open_votes",
        "title",
        "library",
        "round",
        "version",
        "lead",
        "deadline",
        "org",
        "actor",
        "choice",
        "column",
        "reason",
        "missing",
        "expected",
        "public_url",
        "days_left",
        "count",
        "date",
        "error",
        "since",
        "votes",
    }
)
"""The ``$placeholder``s of every kind's texts; one that does not apply to a kind reads ``–``."""

_CLOCK = re.compile(r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)")
# loopback for the simulator's webhook sink; anything else must be encrypted
_WEBHOOK_SCHEMES = ("https://", "http://127.0.0.1:", "http://localhost:")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(value: str) -> str:
    if not _CLOCK.fullmatch(value):
        raise ValueError("must be a time of day as HH:MM, e.g. 09:00")
    return value


def hour_minute(value: str) -> tuple[int, int]:
    """``"09:30"`` as ``(9, 30)``; the value was checked when the settings were read."""
    match = _CLOCK.fullmatch(value)
    assert match is not None
    return int(match["hour"]), int(match["minute"])


class TemplateOverride(Section):
    """Replacement texts for one card kind, with ``$placeholder``s (``string.Template``).

    Attributes:
        title: the card's headline; None keeps the default.
        text: the card's sentence; None keeps the default.
    """

    title: str | None = None
    text: str | None = None

    @field_validator("title", "text")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return None
        template = Template(value)
        if not template.is_valid():
            raise ValueError("a '$' must start a placeholder like $document (write $$ for '$')")
        unknown = sorted(set(template.get_identifiers()) - PLACEHOLDERS)
        if unknown:
            raise ValueError(f"unknown placeholders {unknown}; known: {sorted(PLACEHOLDERS)}")
        return value


class VoteCards(StrEnum):
    """How votes reach the channel."""

    EACH = "each"
    """One card per vote."""
    PER_CYCLE = "per_cycle"
    """One card for the votes one cycle saw on one document."""
    OFF = "off"
    """No vote cards; the round's opening, decision, reminders and digest still come."""


class DigestSchedule(Section):
    """When the weekly digest of open rounds is posted.

    Attributes:
        day_of_week: ``mon`` .. ``sun``.
        time: time of day as ``HH:MM`` in the alliance's time zone.
    """

    day_of_week: str = "mon"
    time: str = "08:00"

    @field_validator("day_of_week")
    @classmethod
    def _weekday(cls, value: str) -> str:
        if value.lower() not in _WEEKDAYS:
            raise ValueError(f"must be one of {', '.join(_WEEKDAYS)}")
        return value.lower()

    _time = field_validator("time")(_clock)


class TeamsSettings(Section):
    """Teams notifications.

    Attributes:
        webhooks: channel key (a library's ``channel``, a library key, or ``default``) ->
            the Workflows webhook URL; the URLs are secrets.
        timezone: IANA zone the deadlines are shown and the schedules run in.
        reminder_days_before: remind when the deadline is at most this many days away.
        reminder_time: time of day (``HH:MM``) of the daily reminder check.
        digest: when the weekly digest is posted.
        mail_reminders: also e-mail the approvers of organisations that have not voted.
        mail_sender: the mailbox (UPN) reminder mails are sent from; needed with mail_reminders.
        vote_cards: ``per_cycle`` (one card for the votes a cycle saw on a document), ``each``
            (one card per vote) or ``off`` (no vote cards).
        templates: card kind (``submitted``, ..., ``reminder``, ``digest``) -> text overrides.
        request_timeout_seconds: how long one webhook POST may take.
        max_attempts: delivery attempts before a notification is recorded as failed.
    """

    webhooks: dict[str, SecretStr] = Field(default_factory=dict)
    timezone: str = "Europe/Berlin"
    reminder_days_before: int = Field(default=2, ge=0, le=30)
    reminder_time: str = "09:00"
    digest: DigestSchedule = Field(default_factory=DigestSchedule)
    mail_reminders: bool = False
    mail_sender: str | None = None
    vote_cards: VoteCards = VoteCards.PER_CYCLE
    templates: dict[str, TemplateOverride] = Field(default_factory=dict)
    request_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    max_attempts: int = Field(default=8, ge=1, le=100)

    _reminder_time = field_validator("reminder_time")(_clock)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Berlin") from None
        return value

    @field_validator("templates")
    @classmethod
    def _kinds(cls, value: dict[str, TemplateOverride]) -> dict[str, TemplateOverride]:
        unknown = sorted(set(value) - TEMPLATE_KINDS)
        if unknown:
            raise ValueError(f"unknown card kinds {unknown}; known: {sorted(TEMPLATE_KINDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TeamsSettings:
        # reported through ``reject``: its errors carry no input, and the input is a secret
        findings: list[tuple[tuple[str | int, ...], str]] = [
            (("webhooks", key), "must be an https URL")
            for key, url in self.webhooks.items()
            if not url.get_secret_value().startswith(_WEBHOOK_SCHEMES)
        ]
        if self.mail_reminders and not self.mail_sender:
            findings.append((("mail_sender",), "required when mail_reminders is on"))
        reject("TeamsSettings", findings)
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    def channel_for(self, library: str, channel: str | None = None) -> str | None:
        """The webhook key for a library: its ``channel``, else its key, else ``default``.

        None when none of them has a webhook: the library's events are not posted.
        """
        for candidate in (channel, library, "default"):
            if candidate is not None and candidate in self.webhooks:
                return candidate
        return None

"""When reminders and the digest go out: APScheduler cron triggers in the alliance's zone.

The triggers only say when to look; which rounds get a reminder is the pure function
``reminders_due``. Its keys name the round and the local day, so the outbox sends each
reminder once however often the check runs that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from apscheduler.triggers.cron import CronTrigger

from config.teams import TeamsSettings, hour_minute
from integration.teams.context import DocumentRound
from integration.teams.summaries import days_left

__all__ = [
    "ReminderDue",
    "digest_key",
    "digest_trigger",
    "fire_times",
    "reminder_trigger",
    "reminders_due",
]


def reminder_trigger(settings: TeamsSettings) -> CronTrigger:
    """Every day at ``reminder_time`` in the configured zone."""
    hour, minute = hour_minute(settings.reminder_time)
    return CronTrigger(hour=hour, minute=minute, timezone=settings.zone)


def digest_trigger(settings: TeamsSettings) -> CronTrigger:
    """Once a week, on ``digest.day_of_week`` at ``digest.time`` in the configured zone."""
    hour, minute = hour_minute(settings.digest.time)
    return CronTrigger(
        day_of_week=settings.digest.day_of_week, hour=hour, minute=minute, timezone=settings.zone
    )


def fire_times(trigger: CronTrigger, after: datetime, count: int) -> list[datetime]:
    """The next ``count`` instants ``trigger`` fires at, after ``after`` (aware)."""
    out: list[datetime] = []
    previous: datetime | None = None
    now = after
    for _ in range(count):
        fire: datetime | None = trigger.get_next_fire_time(previous, now)
        if fire is None:
            break
        out.append(fire)
        previous = fire
        now = fire
    return out


@dataclass(frozen=True, slots=True)
class ReminderDue:
    """A round to remind about now.

    Attributes:
        open_round: the round and its document.
        missing: the organisations that have not voted.
        key: idempotency key, one per round and local day.
    """

    open_round: DocumentRound
    missing: tuple[str, ...]
    key: str


def reminders_due(
    rounds: Iterable[DocumentRound], at: datetime, *, days_before: int, zone: tzinfo
) -> list[ReminderDue]:
    """The rounds at ``at`` whose deadline is at most ``days_before`` local days away.

    Rounds past their deadline (they are being decided) and rounds every organisation has
    voted in are left out.
    """
    today = at.astimezone(zone).date().isoformat()
    out = []
    for open_round in rounds:
        round_ = open_round.round
        if round_.is_due(at) or days_left(round_.deadline, at, zone) > days_before:
            continue
        missing = open_round.context.not_voted(round_)
        if missing:
            key = f"reminder/{round_.document_id}/{round_.number}/{today}"
            out.append(ReminderDue(open_round, missing, key))
    return out


def digest_key(at: datetime, zone: tzinfo, webhook: str) -> str:
    """The key of the digest for the local ISO week of ``at`` to ``webhook``."""
    year, week, _ = at.astimezone(zone).isocalendar()
    return f"digest/{year}-W{week:02d}/{webhook}"

"""Reminder and digest schedules in Europe/Berlin, across the daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from approval import Choice
from config.teams import TeamsSettings
from integration.teams.context import DocumentRound
from integration.teams.schedule import (
    digest_key,
    digest_trigger,
    fire_times,
    reminder_trigger,
    reminders_due,
)
from tests.unit.teams.samples import BERLIN, CONTEXT, a_round

SETTINGS = TeamsSettings()


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("travel_to", "expected"),
    [
        # autumn: 25 Oct 2026 03:00 CEST becomes 02:00 CET; 09:00 local moves from 07 to 08 UTC
        (
            _utc(2026, 10, 23, 12),
            [_utc(2026, 10, 24, 7), _utc(2026, 10, 25, 8), _utc(2026, 10, 26, 8)],
        ),
        # spring: 28 Mar 2027 02:00 CET becomes 03:00 CEST; 09:00 local moves from 08 to 07 UTC
        (_utc(2027, 3, 26, 12), [_utc(2027, 3, 27, 8), _utc(2027, 3, 28, 7), _utc(2027, 3, 29, 7)]),
    ],
)
def test_reminder_fires_daily_at_nine_local_time(
    travel_to: datetime, expected: list[datetime]
) -> None:
    """The daily reminder check runs at 09:00 Berlin time on both sides of a DST change."""
    with time_machine.travel(travel_to, tick=False):
        assert fire_times(reminder_trigger(SETTINGS), datetime.now(BERLIN), 3) == expected


@pytest.mark.parametrize(
    ("travel_to", "expected"),
    [
        (_utc(2026, 10, 20, 12), [_utc(2026, 10, 26, 7), _utc(2026, 11, 2, 7)]),
        (_utc(2026, 10, 13, 12), [_utc(2026, 10, 19, 6), _utc(2026, 10, 26, 7)]),
        (_utc(2027, 3, 23, 12), [_utc(2027, 3, 29, 6), _utc(2027, 4, 5, 6)]),
        (_utc(2027, 3, 16, 12), [_utc(2027, 3, 22, 7), _utc(2027, 3, 29, 6)]),
    ],
)
def test_digest_fires_mondays_at_eight_local_time(
    travel_to: datetime, expected: list[datetime]
) -> None:
    """The weekly digest goes out Monday 08:00 Berlin time, before and after DST changes."""
    with time_machine.travel(travel_to, tick=False):
        assert fire_times(digest_trigger(SETTINGS), datetime.now(BERLIN), 2) == expected


async def test_scheduler_plans_both_jobs_in_the_alliance_zone() -> None:
    """Registered on a scheduler, the jobs' next runs follow the configured zone and times."""
    settings = TeamsSettings.model_validate(
        {"reminder_time": "07:30", "digest": {"day_of_week": "fri", "time": "16:00"}}
    )

    async def job() -> None:
        raise AssertionError("the paused scheduler must not run jobs")

    with time_machine.travel(_utc(2026, 10, 24, 12), tick=False):
        scheduler = AsyncIOScheduler(timezone=UTC)
        # the worker schedules its reminder and digest jobs with exactly these triggers
        scheduler.add_job(job, reminder_trigger(settings), id="reminder")
        scheduler.add_job(job, digest_trigger(settings), id="digest")
        scheduler.start(paused=True)
        try:
            reminder = scheduler.get_job("reminder").next_run_time
            digest = scheduler.get_job("digest").next_run_time
        finally:
            scheduler.shutdown(wait=False)
    assert reminder == _utc(2026, 10, 25, 6, 30)
    assert digest == _utc(2026, 10, 30, 15)


@pytest.mark.parametrize(
    ("at", "due"),
    [
        (_utc(2026, 10, 25, 7), False),  # Sunday 08:00 CET: three local days before 28 Oct
        (_utc(2026, 10, 26, 8), True),  # Monday: two days
        (_utc(2026, 10, 28, 15, 59), True),  # the deadline's own day
        (_utc(2026, 10, 28, 16), False),  # deadline reached: the round is being decided
    ],
)
def test_reminder_is_due_within_the_configured_days(at: datetime, due: bool) -> None:
    """A round is reminded about from ``reminder_days_before`` local days before its deadline."""
    found = reminders_due([DocumentRound(a_round(), CONTEXT)], at, days_before=2, zone=BERLIN)
    assert bool(found) is due


def test_reminder_names_who_has_not_voted_and_is_keyed_by_round_and_day() -> None:
    """The reminder lists the silent organisations; its key is per round and local day."""
    open_round = DocumentRound(a_round({"DWV": Choice.APPROVE, "SPV": Choice.REJECT}), CONTEXT)
    at = _utc(2026, 10, 26, 8)
    (first,) = reminders_due([open_round], at, days_before=2, zone=BERLIN)
    (again,) = reminders_due([open_round], at + timedelta(hours=3), days_before=2, zone=BERLIN)
    (next_day,) = reminders_due([open_round], at + timedelta(days=1), days_before=2, zone=BERLIN)
    assert first.missing == ("BLP", "KIV")
    assert first.key == again.key == "reminder/doc-1/2/2026-10-26"
    assert next_day.key == "reminder/doc-1/2/2026-10-27"


def test_no_reminder_when_everyone_voted() -> None:
    """A round every organisation voted in needs no reminder."""
    votes = dict.fromkeys(("DWV", "BLP", "SPV", "KIV"), Choice.APPROVE)
    open_round = DocumentRound(a_round(votes), CONTEXT)
    assert reminders_due([open_round], _utc(2026, 10, 27, 8), days_before=2, zone=BERLIN) == []


@pytest.mark.parametrize(
    ("at", "key"),
    [
        (_utc(2026, 10, 26, 7), "digest/2026-W44/general"),
        (_utc(2027, 1, 3, 23, 30), "digest/2027-W01/general"),  # Monday 00:30 local already
    ],
)
def test_digest_key_is_the_local_iso_week(at: datetime, key: str) -> None:
    """One digest per local ISO week and webhook."""
    assert digest_key(at, BERLIN, "general") == key

"""The jobs ``freigabe run`` schedules: one :class:`WorkerJob` line each.

A further job is a coroutine function ``async def x_pass(rt: Runtime, metrics: Metrics) ->
None`` (fetch → decide → apply → checkpoint, raising ``FreigabeError`` on failure) and one
more entry below, e.g. with ``CronTrigger(hour=8, timezone=tz)`` for a daily digest.
"""

from __future__ import annotations

from functools import partial

from apscheduler.triggers.interval import IntervalTrigger

from config.notifications import RENEWAL_INTERVAL_MINUTES
from integration.teams.schedule import digest_trigger, reminder_trigger
from jobs.runtime import Runtime
from jobs.worker.jobs import WorkerJob
from jobs.worker.metrics import Metrics
from jobs.worker.subscription_job import SUBSCRIPTION_JOB, subscription_pass
from jobs.worker.sync_gate import SyncGate
from jobs.worker.sync_job import SYNC_JOB
from ports.subscriptions import SubscriptionPolicy

# Cards wait at most this long in the outbox between two sync cycles.
_DELIVERY_SECONDS = 15


async def outbox_pass(rt: Runtime, metrics: Metrics) -> None:
    """Deliver what is due from the outbox (retries and backoff are the outbox's)."""
    report = await rt.notify.deliver()
    waiting = rt.notify.outbox.counts()
    metrics.outbox(depth=waiting.pending + waiting.sending, failed=report.failed)


async def reminder_pass(rt: Runtime, metrics: Metrics) -> None:
    """Queue reminders for rounds whose deadline is near, then deliver them."""
    await rt.notify.remind()
    await outbox_pass(rt, metrics)


async def digest_pass(rt: Runtime, metrics: Metrics) -> None:
    """Queue this week's digest of open rounds, then deliver it."""
    await rt.notify.digest()
    await outbox_pass(rt, metrics)


__all__ = ["worker_jobs"]


def worker_jobs(
    rt: Runtime,
    metrics: Metrics,
    gate: SyncGate,
    *,
    policy: SubscriptionPolicy | None,
) -> tuple[WorkerJob, ...]:
    """Every job of the worker, built for one runtime; the sync runs through ``gate``.

    The subscription job is among them when there is a subscription ``policy``.
    """
    poll = rt.settings.poll_interval_seconds
    teams = rt.settings.teams
    jobs = (
        WorkerJob(SYNC_JOB, IntervalTrigger(seconds=poll), gate.run, at_start=True),
        WorkerJob(
            "outbox",
            IntervalTrigger(seconds=min(poll, _DELIVERY_SECONDS)),
            partial(outbox_pass, rt, metrics),
        ),
        WorkerJob("reminder", reminder_trigger(teams), partial(reminder_pass, rt, metrics)),
        WorkerJob("digest", digest_trigger(teams), partial(digest_pass, rt, metrics)),
    )
    if policy is None:
        return jobs
    renewal = WorkerJob(
        SUBSCRIPTION_JOB,
        IntervalTrigger(minutes=RENEWAL_INTERVAL_MINUTES),
        partial(subscription_pass, rt, gate, policy),
        at_start=True,
    )
    return (*jobs, renewal)

"""``freigabe run``: the worker's life from start to a clean stop.

Start: build the runtime (``jobs.bootstrap``), open the HTTP port, and once this replica
leads (``jobs.worker.leadership``; at once with a state file) schedule the jobs (the sync
runs at once). Stop (SIGTERM, SIGINT or the caller's event): start no new run, let the
running one finish within ``worker.grace_seconds``, hand the lead over, close the port, then
the state store.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

import structlog

from config import Settings
from jobs.bootstrap import bootstrap
from jobs.worker.jobs import JobRunner
from jobs.worker.leadership import Leadership
from jobs.worker.metrics import Metrics
from jobs.worker.notification_endpoint import NotificationCounters, notification_route
from jobs.worker.readiness import Readiness, assess, store_is_open
from jobs.worker.registry import worker_jobs
from jobs.worker.schedule import start_scheduler, stop_scheduler
from jobs.worker.server import build_app, serving
from jobs.worker.state_file import StateFileWatch
from jobs.worker.status_page import status_route
from jobs.worker.subscription_job import subscription_policy
from jobs.worker.sync_gate import SyncGate
from jobs.worker.sync_job import SYNC_JOB, sync_pass
from ports.clock import Clock

__all__ = ["run_worker"]

log = structlog.get_logger("freigabe.worker")

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()

    def received(sig: signal.Signals) -> None:
        log.info("worker.signal", signal=sig.name)
        stop.set()

    for sig in _STOP_SIGNALS:
        loop.add_signal_handler(sig, received, sig)
    try:
        yield
    finally:
        for sig in _STOP_SIGNALS:
            loop.remove_signal_handler(sig)


async def run_worker(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    clock: Clock | None = None,
) -> None:
    """Run the worker until ``stop`` is set, or, without ``stop``, until SIGTERM or SIGINT.

    ``clock`` replaces the system clock (for tests). Returns after a clean stop. Raises
    ``StateError`` when the state file cannot be opened and ``ConfigError`` when the HTTP
    port cannot be.
    """
    with contextlib.ExitStack() as signals:
        if stop is None:
            stop = asyncio.Event()
            signals.enter_context(_stop_on_signals(stop))
        finished = await _serve_until(settings, stop, clock)
    log.info("worker.stopped", finished_in_time=finished)


async def _serve_until(settings: Settings, stop: asyncio.Event, clock: Clock | None) -> bool:
    worker = settings.worker
    metrics = Metrics()
    window = timedelta(seconds=worker.ready_max_intervals * settings.poll_interval_seconds)
    async with bootstrap(settings, clock=clock, lead=False) as rt:
        runner = JobRunner(metrics, rt.clock)
        rt.graph.observe(metrics.graph_exchange)
        # half a poll interval: a standby takes over well within two of them
        leadership = Leadership(rt.store, metrics, interval=settings.poll_interval_seconds / 2)
        # a file can be replaced under the worker; a database has no such identity
        state_file = StateFileWatch(settings.state_path) if settings.state_url is None else None

        def store_problem() -> str | None:
            if not store_is_open(rt.store):
                return "state_store_closed"
            return state_file.problem() if state_file is not None else None

        def readiness() -> Readiness:
            sync = runner.state(SYNC_JOB)
            return assess(
                now=rt.clock(),
                last_sync=sync.last_success,
                last_failure=sync.last_failure,
                window=window,
                store_problem=store_problem(),
                stopping=stop.is_set(),
                role=leadership.role,
            )

        def stopping() -> bool:
            return stop.is_set() or not leadership.leads

        def on_change() -> bool:
            return gate.request() if leadership.leads else leadership.wake_leader()

        gate = SyncGate(runner, SYNC_JOB, partial(sync_pass, rt, metrics), stopping=stopping)
        policy = subscription_policy(settings, rt.store)
        routes = []
        if policy is not None:  # Graph change notifications are enabled
            routes.append(
                notification_route(
                    client_state=policy.client_state,
                    max_body_bytes=settings.notifications.max_body_bytes,
                    on_change=on_change,
                    counters=NotificationCounters(metrics.registry),
                )
            )
        if (token := settings.worker.status.token) is not None:
            routes.append(status_route(settings, token.get_secret_value()))
        app = build_app(readiness=readiness, metrics=metrics, routes=routes)
        jobs = worker_jobs(rt, metrics, gate, policy=policy)
        zone = ZoneInfo(settings.process.timezone)
        finished = True

        @contextlib.asynccontextmanager
        async def lead() -> AsyncIterator[None]:
            nonlocal finished
            scheduler = start_scheduler(jobs, runner, timezone=zone)
            try:
                yield
            finally:
                stopping_how = "worker.stopping" if stop.is_set() else "worker.stopping_jobs"
                log.info(stopping_how, grace_seconds=worker.grace_seconds)
                finished = await stop_scheduler(
                    scheduler, runner, grace_seconds=worker.grace_seconds
                )

        async with serving(app, worker, metrics):
            log.info(
                "worker.started",
                host=worker.host,
                port=worker.port,
                jobs=[job.name for job in jobs],
            )
            was_leading = await leadership.serve(stop, lead, on_wake=gate.request)
            if not was_leading:
                log.info("worker.stopping", grace_seconds=worker.grace_seconds)
        return finished

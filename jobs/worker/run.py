"""``freigabe run``: the worker's life from start to a clean stop.

Start: build the runtime (``jobs.bootstrap``), open the HTTP port, schedule the jobs
(the sync runs at once). Stop (SIGTERM, SIGINT or the caller's event): start no new run, let
the running one finish within ``worker.grace_seconds``, close the port, then the state store.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

import structlog

from config import Settings
from jobs.bootstrap import bootstrap
from jobs.worker.jobs import JobRunner
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
    async with bootstrap(settings, clock=clock) as rt:
        runner = JobRunner(metrics, rt.clock)
        rt.graph.observe(metrics.graph_exchange)
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
            )

        gate = SyncGate(runner, SYNC_JOB, partial(sync_pass, rt, metrics), stopping=stop.is_set)
        policy = subscription_policy(settings, rt.store)
        routes = []
        if policy is not None:  # Graph change notifications are enabled
            routes.append(
                notification_route(
                    client_state=policy.client_state,
                    max_body_bytes=settings.notifications.max_body_bytes,
                    on_change=gate.request,
                    counters=NotificationCounters(metrics.registry),
                )
            )
        if (token := settings.worker.status.token) is not None:
            routes.append(status_route(settings, token.get_secret_value()))
        app = build_app(readiness=readiness, metrics=metrics, routes=routes)
        async with serving(app, worker, metrics):
            jobs = worker_jobs(rt, metrics, gate, policy=policy)
            zone = ZoneInfo(settings.process.timezone)
            scheduler = start_scheduler(jobs, runner, timezone=zone)
            log.info(
                "worker.started",
                host=worker.host,
                port=worker.port,
                jobs=[job.name for job in jobs],
            )
            await stop.wait()
            log.info("worker.stopping", grace_seconds=worker.grace_seconds)
            return await stop_scheduler(scheduler, runner, grace_seconds=worker.grace_seconds)

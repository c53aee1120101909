"""The job runner: outcomes recorded, logs only on state changes, a bounded drain."""

from __future__ import annotations

import asyncio

from apscheduler.triggers.interval import IntervalTrigger
from structlog.testing import capture_logs

from integration.errors import GraphUnreachable
from jobs.worker.jobs import JobRunner, WorkerJob
from jobs.worker.metrics import Metrics
from tests import support


def _job(outcomes: list[Exception | None]) -> WorkerJob:
    async def run() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    return WorkerJob("probe", IntervalTrigger(seconds=60), run)


def _sample(metrics: Metrics, name: str) -> float | None:
    return metrics.registry.get_sample_value(name, {"job": "probe"})


async def test_logs_only_when_failing_starts_and_ends() -> None:
    """Three failures and two successes: one 'failing', one 'recovered' line."""
    clock = support.Clock()
    metrics = Metrics()
    runner = JobRunner(metrics, clock)
    down = GraphUnreachable("no connection to 127.0.0.1:1")
    job = _job([None, down, down, ValueError("a bug"), None])
    with capture_logs() as logs:
        for _ in range(5):
            clock.advance(minutes=1)
            await runner.run(job)
    assert logs == [
        {
            "job": "probe",
            "failure": "graph_unreachable",
            "error": "no connection to 127.0.0.1:1",
            "exc_info": None,
            "event": "worker.job_failing",
            "log_level": "warning",
        },
        {"job": "probe", "failed_runs": 3, "event": "worker.job_recovered", "log_level": "info"},
    ]
    state = runner.state("probe")
    assert (state.last_success, state.last_error, state.failures) == (clock.now, None, 0)
    assert _sample(metrics, "freigabe_job_runs_total") == 5
    assert _sample(metrics, "freigabe_job_failures_total") == 3
    assert _sample(metrics, "freigabe_job_last_success_timestamp_seconds") == clock.now.timestamp()


async def test_an_unexpected_error_keeps_its_traceback() -> None:
    """A bug (not a FreigabeError) is logged with the exception, and the run still returns."""
    runner = JobRunner(Metrics(), support.Clock())
    with capture_logs() as logs:
        await runner.run(_job([KeyError("x")]))
    (entry,) = logs
    trace = entry.pop("exc_info")
    assert isinstance(trace, KeyError)
    assert entry == {
        "job": "probe",
        "failure": "internal_error",
        "error": "KeyError: 'x'",
        "event": "worker.job_failing",
        "log_level": "warning",
    }
    assert runner.state("probe").last_error == "KeyError: 'x'"


async def _in_flight(runner: JobRunner, seconds: float) -> asyncio.Task[None]:
    async def slow() -> None:
        await asyncio.sleep(seconds)

    task = asyncio.create_task(runner.run(WorkerJob("probe", IntervalTrigger(seconds=60), slow)))
    await asyncio.sleep(0)
    return task


async def test_drain_waits_for_a_run_that_finishes_in_time() -> None:
    """A run shorter than the grace ends by itself and counts as a success."""
    runner = JobRunner(Metrics(), support.Clock())
    task = await _in_flight(runner, 0.05)
    assert await runner.drain(5) is True
    assert task.done()
    assert runner.state("probe").last_success is not None


async def test_drain_cuts_off_a_run_that_outlasts_the_grace() -> None:
    """A run longer than the grace is cancelled quietly: no failure, no success recorded."""
    runner = JobRunner(Metrics(), support.Clock())
    task = await _in_flight(runner, 30)
    with capture_logs() as logs:
        assert await runner.drain(0.05) is False
    assert task.done()
    assert not task.cancelled()
    assert logs == [
        {
            "cancelled": 1,
            "grace_seconds": 0.05,
            "event": "worker.grace_exceeded",
            "log_level": "warning",
        },
        {"job": "probe", "event": "worker.job_cancelled", "log_level": "warning"},
    ]
    assert runner.state("probe").failures == 0
    assert runner.state("probe").last_success is None


async def test_a_cancellation_from_elsewhere_propagates() -> None:
    """Only drain's own cut-off is absorbed; any other cancellation reaches the caller."""
    runner = JobRunner(Metrics(), support.Clock())
    task = await _in_flight(runner, 30)
    task.cancel()
    await asyncio.wait([task])
    assert task.cancelled()
    assert await runner.drain(0.05) is True

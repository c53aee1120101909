"""SIGTERM while a cycle waits on a slow Graph: the step finishes, or is cut off at the grace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from integration.state import StateStore
from tests.e2e.conftest import SimProcess
from tests.e2e.worker.conftest import WorkerProcess, wait_for

DELTA = "GET /drives/{id}/root/delta"
# long enough that a cut-off stop (grace 0.5 s) stays well below half of it on a loaded machine
LATENCY = 4.0


@pytest.mark.parametrize(
    ("grace", "finished", "snapshots", "exit_within"),
    [(8.0, True, 3, (LATENCY / 2, 8.0)), (0.5, False, 0, (0.0, LATENCY / 2))],
    ids=["step-finishes", "grace-exceeded"],
)
def test_sigterm_during_a_slow_cycle(
    sim: SimProcess,
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
    grace: float,
    finished: bool,
    snapshots: int,
    exit_within: tuple[float, float],
) -> None:
    """Not ready before the first cycle; SIGTERM mid-cycle exits 0 with a consistent state."""
    slow = {"kind": "latency", "endpoint": DELTA, "latency": LATENCY, "count": 1}
    sim.control("POST", "/_sim/faults", slow)
    # sync.cycle_done is a debug line: it would fill an idle worker's info log
    worker = start_worker(grace_seconds=grace, env={"FREIGABE_LOG__LEVEL": "debug"})
    wait_for(
        "the delta request",
        lambda: sim.control("GET", "/_sim/stats")["round_trips"].get(DELTA),
    )
    body = worker.ready()
    assert body is not None
    assert (body["ready"], body["state"], body["reason"]) == (False, "starting", "no_sync_yet")
    assert (body["last_successful_sync"], body["last_failure"]) == (None, None)

    code, seconds = worker.terminate()

    assert code == 0
    assert exit_within[0] < seconds < exit_within[1]
    with StateStore.open(tmp_path / "state.sqlite") as store:
        assert store.count_snapshots("lib0") == snapshots
        assert store.verify_audit().ok
    names = [e["event"] for e in worker.events()]
    stopping = names.index("worker.stopping")
    assert ("sync.cycle_done" in names[stopping:]) is finished
    last = worker.events()[-1]
    assert (last["event"], last["finished_in_time"]) == ("worker.stopped", finished)

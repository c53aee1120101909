"""``freigabe run`` as a process: probes, metrics, and a clean stop on SIGTERM."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from integration.state import StateStore
from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess, run_cli
from tests.e2e.worker.conftest import GRACE_SECONDS, WorkerProcess, free_port, wait_for

DELTA = "GET /drives/{id}/root/delta"


def test_probes_metrics_and_a_clean_stop(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    """Alive, ready after the first cycle, every Graph round trip counted, exit 0 on SIGTERM."""
    throttle = {"kind": "status", "endpoint": DELTA, "status": 429, "retry_after": 1, "count": 1}
    sim.control("POST", "/_sim/faults", throttle)
    worker = start_worker()
    assert wait_for("/healthz", lambda: worker.get("/healthz")) == (200, '{"alive":true}')
    worker.until_ready(True)
    assert worker.sample("freigabe_job_runs_total", job="sync") == 1
    assert worker.sample("freigabe_job_failures_total", job="sync") == 0
    assert worker.sample("freigabe_events_recorded_total") == 3
    assert worker.sample("freigabe_graph_throttled_total", endpoint=DELTA) == 1
    trips = sim.control("GET", "/_sim/stats")["round_trips"]
    counted = {
        endpoint: sum(
            worker.sample("freigabe_graph_requests_total", endpoint=endpoint, status=status)
            for status in ("200", "429")
        )
        for endpoint in trips
    }
    assert counted == trips
    assert trips[DELTA] == 2

    code, seconds = worker.terminate()

    assert code == 0
    assert seconds < GRACE_SECONDS
    with StateStore.open(tmp_path / "state.sqlite") as store:
        assert store.count_snapshots("lib0") == 3
        cursor = store.get_cursor("lib0")
        assert cursor is not None
        assert cursor.complete
        assert store.verify_audit().ok
    names = [e["event"] for e in worker.events()]
    assert names[-2:] == ["worker.stopping", "worker.stopped"]
    assert support.TOKEN not in worker.log.read_text(encoding="utf-8")


def test_not_ready_once_graph_is_gone_longer_than_the_window(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess]
) -> None:
    """Graph unreachable for more than one interval: /readyz 503, /healthz still 200."""
    worker = start_worker(poll_interval_seconds=5, ready_max_intervals=1)
    worker.until_ready(True)
    sim.proc.terminate()
    sim.proc.wait(timeout=10)

    body = worker.until_ready(False)

    assert (body["state"], body["reason"], body["allowed_seconds"]) == ("stale", "sync_overdue", 5)
    assert body["last_failure"] == "graph_unreachable"
    assert body["sync_age_seconds"] >= 5
    assert worker.get("/healthz") == (200, '{"alive":true}')
    assert worker.sample("freigabe_job_failures_total", job="sync") >= 1
    failing = [e for e in worker.events() if e["event"] == "worker.job_failing"]
    assert len(failing) == 1
    assert "127.0.0.1" in failing[0]["error"]
    assert worker.terminate()[0] == 0


def test_port_in_use_is_a_configuration_error(sim: SimProcess, tmp_path: Path) -> None:
    """A worker port another process holds: exit 2 naming worker.port, before any sync."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        data = support.config(sim.base_url, tmp_path / "state.sqlite")
        data["worker"] = {"host": "127.0.0.1", "port": taken.getsockname()[1]}
        config = support.write_config(tmp_path / "worker.yaml", data)
        result = run_cli("--config", str(config), "run", timeout=30)
    assert result.returncode == 2
    assert "worker.port: cannot listen on 127.0.0.1:" in result.stderr
    assert sim.control("GET", "/_sim/stats")["round_trips"] == {}


def test_a_connection_limit_beyond_the_descriptor_limit_is_a_configuration_error(
    sim: SimProcess, tmp_path: Path
) -> None:
    """max_connections 100 under ulimit -n 100: exit 2 naming worker.max_connections, no sync."""
    data = support.config(sim.base_url, tmp_path / "state.sqlite")
    data["worker"] = {"host": "127.0.0.1", "port": free_port(), "max_connections": 100}
    config = support.write_config(tmp_path / "worker.yaml", data)
    result = subprocess.run(
        ["sh", "-c", 'ulimit -n 100 && exec "$@"', "sh", FREIGABE, "--config", str(config), "run"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    sys.stderr.write(result.stderr)  # for the suite's secret search
    assert result.returncode == 2
    assert (
        "worker.max_connections: 100 connections need 164 file descriptors with the 64 the "
        "worker keeps for the rest, but the process may open only 100 (ulimit -n): lower it "
        "to at most 36 or raise the limit"
    ) in result.stderr
    assert sim.control("GET", "/_sim/stats")["round_trips"] == {}


def test_a_soft_descriptor_limit_too_low_is_raised_towards_the_hard_one(
    start_worker: Callable[..., WorkerProcess],
) -> None:
    """Soft limit 100, max_connections 100: the worker raises its soft limit to 164 and runs."""
    worker = start_worker(max_connections=100, soft_fd_limit=100)
    wait_for("/healthz", lambda: worker.get("/healthz"))
    limits = Path(f"/proc/{worker.proc.pid}/limits").read_text(encoding="utf-8")
    soft = next(line for line in limits.splitlines() if line.startswith("Max open files"))
    assert soft.split()[3] == "164"
    assert worker.terminate()[0] == 0

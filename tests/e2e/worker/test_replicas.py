"""Two ``freigabe run`` replicas on one PostgreSQL database, as processes.

One leads and runs the jobs; the other stands by, answers ``/readyz`` with its role, passes
a change notification on to the leader, and takes over at once when the leader stops. The
commands that read the state work from beside either while the leader runs.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable

from tests import support
from tests.e2e.conftest import SimProcess, run_cli
from tests.e2e.worker.conftest import WorkerProcess, wait_for

CLIENT_STATE = "rW4-replicas-9Tq2LmZ"  # from the environment: both replicas accept it
SYNC = {"job": "sync"}


def _role(worker: WorkerProcess, role: str) -> dict[str, object]:
    def probe() -> dict[str, object] | None:
        body = worker.ready()
        return body if body is not None and body["ready"] and body["role"] == role else None

    return wait_for(f"{worker.log.stem} ready as {role}", probe, timeout=30)


def _notify(worker: WorkerProcess) -> int:
    body = json.dumps(
        {"value": [{"subscriptionId": "s1", "clientState": CLIENT_STATE, "changeType": "updated"}]}
    ).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{worker.port}/graph/notifications", data=body, method="POST"
    )
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
        return int(resp.status)


def test_one_leads_the_other_stands_by_and_takes_over_on_sigterm(
    sim: SimProcess,
    start_worker: Callable[..., WorkerProcess],
    postgres_state_url: str,
) -> None:
    env = {"FREIGABE_NOTIFICATIONS__CLIENT_STATE": CLIENT_STATE}
    options = {"state_url": postgres_state_url, "notifications": True, "env": env}
    # polling every 300 s: every sync after the first is one a notification asked for
    first = start_worker(300, name="first", **options)
    assert _role(first, "leader")["reason"] == "ok"
    second = start_worker(300, name="second", **options)
    assert _role(second, "standby")["reason"] == "standby"
    assert second.sample("freigabe_leader") == 0
    assert first.sample("freigabe_leader") == 1
    assert second.sample("freigabe_job_runs_total", **SYNC) == 0

    # a change the standby hears of is synced by the leader within seconds
    wait_for("the first sync", lambda: first.sample("freigabe_job_runs_total", **SYNC) or None)
    syncs = first.sample("freigabe_job_runs_total", **SYNC)
    sim.set_fields("Dokument 01.docx", {"Title": "Neuer Titel"}, by=support.AUTHOR)
    assert _notify(second) == 202
    wait_for(
        "a sync the standby asked for",
        lambda: first.sample("freigabe_job_runs_total", **SYNC) > syncs or None,
        timeout=10,
    )
    assert second.sample("freigabe_job_runs_total", **SYNC) == 0

    # the commands that read work beside the running leader; a cycle of its own does not
    config = str(first.log.with_suffix(".yaml"))
    status = run_cli("--config", config, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "Letzter Zyklus: " in status.stdout
    verify = run_cli("--config", config, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    check = run_cli("--config", config, "check")
    assert "Zustandsdatenbank: " in check.stdout, check.stdout + check.stderr
    once = run_cli("--config", config, "once")
    assert once.returncode == 1
    assert "a freigabe worker is running on state database" in once.stderr

    stopped = time.monotonic()
    code, _ = first.terminate()
    assert code == 0
    _role(second, "leader")
    handed_over = time.monotonic() - stopped
    print(f"hand-over after SIGTERM: {handed_over:.2f} s")
    # at once: the resignation is a notice, not something the standby waits a poll for
    assert handed_over < 10
    assert second.sample("freigabe_leader") == 1
    wait_for(
        "a sync on the new leader", lambda: second.sample("freigabe_job_runs_total", **SYNC) or None
    )
    names = [e["event"] for e in second.events()]
    assert names.count("worker.leading") == 1
    assert second.terminate()[0] == 0

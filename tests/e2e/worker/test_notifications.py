"""Graph change notifications between real processes: simulator → worker → an early sync."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from integration.state import StateStore
from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess
from tests.e2e.worker.conftest import GRACE_SECONDS, WorkerProcess, free_port, wait_for

CLIENT_STATE = "kS9-notif-4Rw7yQ2mXv"  # a distinctive secret: must never reach a log line
SYNC = {"job": "sync"}


@pytest.fixture
def start_notified(sim: SimProcess, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start ``freigabe run`` with notifications enabled and polling every 300 s."""
    started: list[WorkerProcess] = []
    port = free_port()

    def start(env: dict[str, str] | None = None) -> WorkerProcess:
        data = support.config(sim.base_url, tmp_path / "state.sqlite")
        data["poll_interval_seconds"] = 300
        data["worker"] = {"host": "127.0.0.1", "port": port, "grace_seconds": GRACE_SECONDS}
        data["notifications"] = {"enabled": True, "public_url": f"http://127.0.0.1:{port}/"}
        config = support.write_config(tmp_path / "worker.yaml", data)
        log = tmp_path / f"worker{len(started)}.log"
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                [FREIGABE, "--config", str(config), "run"],
                stdout=subprocess.DEVNULL,
                stderr=sink,
                env={**os.environ, **(env or {})},
            )
        started.append(WorkerProcess(proc, port, log))
        return started[-1]

    yield start
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait(timeout=10)


def subscribed(worker: WorkerProcess) -> None:
    """Wait until the subscription job and the first sync have succeeded."""
    job = {"job": "subscriptions"}

    def done() -> bool | None:
        if worker.get("/metrics") is None:
            return None
        runs = [worker.sample("freigabe_job_runs_total", **j) for j in (job, SYNC)]
        return min(runs) >= 1 or None

    wait_for("subscriptions and a first sync", done)
    assert worker.sample("freigabe_job_failures_total", **job) == 0


def graph_subscriptions(sim: SimProcess) -> list[dict[str, Any]]:
    """The subscriptions the simulator holds for freigabe's token."""
    req = urllib.request.Request(sim.base_url + "/subscriptions")  # noqa: S310 - loopback only
    req.add_header("Authorization", f"Bearer {support.TOKEN}")
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
        value: list[dict[str, Any]] = json.loads(resp.read())["value"]
    return value


def post(worker: WorkerProcess, body: bytes, kind: str, query: str = "") -> tuple[int, str, str]:
    """POST to the worker's notification endpoint: status, content type, body."""
    url = f"http://127.0.0.1:{worker.port}/graph/notifications{query}"
    req = urllib.request.Request(url, data=body, method="POST")
    req.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode()


def post_oversize(worker: WorkerProcess) -> int:
    """The status answered to headers announcing a 2 MB body, before any of it is sent."""
    conn = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=10)
    try:
        conn.putrequest("POST", "/graph/notifications")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", "2000000")
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_an_edit_in_sharepoint_starts_a_sync_within_seconds(
    sim: SimProcess, start_notified: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    """Polling every 300 s, an edit is synced in < 5 s; a restart keeps the one subscription."""
    worker = start_notified()
    subscribed(worker)
    [subscription] = graph_subscriptions(sim)
    assert subscription["notificationUrl"] == f"http://127.0.0.1:{worker.port}/graph/notifications"
    events = worker.sample("freigabe_events_recorded_total")
    edited = time.monotonic()
    sim.set_fields("Dokument 01.docx", {"Title": "Neuer Titel"}, by=support.AUTHOR)

    wait_for(
        "a second sync",
        lambda: worker.sample("freigabe_job_runs_total", **SYNC) >= 2 or None,
        timeout=5,
    )

    assert time.monotonic() - edited < 5
    assert worker.sample("freigabe_events_recorded_total") == events + 1
    assert worker.sample("freigabe_notifications_accepted_total") == 1
    assert worker.terminate()[0] == 0
    with StateStore.open(tmp_path / "state.sqlite") as store:
        assert store.get_meta("subscription:lib0") is not None
    again = start_notified()
    subscribed(again)
    assert [s["id"] for s in graph_subscriptions(sim)] == [subscription["id"]]
    assert again.terminate()[0] == 0


def test_forged_oversize_and_non_json_requests_are_refused_and_counted(
    sim: SimProcess, start_notified: Callable[..., WorkerProcess]
) -> None:
    """Handshake echoed; wrong clientState 403, non-JSON 415, oversize 413; no sync started."""
    worker = start_notified(env={"FREIGABE_NOTIFICATIONS__CLIENT_STATE": CLIENT_STATE})
    subscribed(worker)
    token = "Validation: Testing client application reachability Request-Id: 7"
    query = "?validationToken=" + quote(token)
    forged = json.dumps({"value": [{"clientState": "geraten", "changeType": "updated"}]})

    assert post(worker, b"", "text/plain", query) == (200, "text/plain; charset=utf-8", token)
    assert post(worker, forged.encode(), "application/json")[0] == 403
    assert post(worker, b"<xml/>", "application/xml")[0] == 415
    assert post_oversize(worker) == 413
    assert post(worker, b"{nicht json", "application/json")[0] == 400

    for reason in ("client_state", "content_type", "malformed"):
        assert worker.sample("freigabe_notifications_rejected_total", reason=reason) == 1
    # 2 MB is over worker.max_body_bytes as well: the port refuses it before the endpoint
    assert worker.sample("freigabe_http_rejected_total", reason="body_too_large") == 1
    assert worker.sample("freigabe_job_runs_total", **SYNC) == 1
    assert worker.get("/healthz") == (200, '{"alive":true}')
    assert worker.terminate()[0] == 0
    assert CLIENT_STATE not in worker.log.read_text(encoding="utf-8")

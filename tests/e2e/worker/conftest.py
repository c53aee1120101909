"""The worker as a process: ``freigabe --config X run`` beside a simulator process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess

T = TypeVar("T")

GRACE_SECONDS = 8.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 20) -> T:
    """Poll ``probe`` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


class WorkerProcess:
    """A running ``freigabe run``, its port and its log file."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.proc = proc
        self.port = port
        self.log = log

    def get(self, path: str) -> tuple[int, str] | None:
        """Status and body of ``GET path``; None while nothing answers."""
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # a worker still starting on a loaded machine may answer late: to a poll, "not yet"
            return None

    def ready(self) -> dict[str, Any] | None:
        """The JSON of ``/readyz`` (its status is in ``ready``); None while nothing answers."""
        answer = self.get("/readyz")
        if answer is None:
            return None
        body: dict[str, Any] = json.loads(answer[1])
        assert (answer[0] == 200) is body["ready"]
        return body

    def until_ready(self, ready: bool) -> dict[str, Any]:
        """Wait until ``/readyz`` says ``ready``; its JSON."""

        def probe() -> dict[str, Any] | None:
            body = self.ready()
            return body if body is not None and body["ready"] is ready else None

        return wait_for(f"/readyz ready={ready}", probe)

    def sample(self, name: str, **labels: str) -> float:
        """The value of one sample of ``/metrics`` (0 when absent)."""
        answer = self.get("/metrics")
        assert answer is not None
        assert answer[0] == 200
        wanted = name + (
            "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}" if labels else ""
        )
        for line in answer[1].splitlines():
            key, _, value = line.rpartition(" ")
            if key == wanted:
                return float(value)
        return 0.0

    def events(self) -> list[dict[str, Any]]:
        """The JSON log lines written so far."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def terminate(self) -> tuple[int, float]:
        """SIGTERM; the exit code and the seconds it took to exit."""
        sent = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=GRACE_SECONDS + 10)
        return code, time.monotonic() - sent


def launch_worker(
    sim: SimProcess,
    folder: Path,
    poll_interval_seconds: int = 60,
    *,
    fd_limit: int | None = None,
    soft_fd_limit: int | None = None,
    env: dict[str, str] | None = None,
    notifications: bool = False,
    state_url: str | None = None,
    name: str = "worker",
    **worker: Any,
) -> WorkerProcess:
    """``freigabe run`` against ``sim`` with its files in ``folder``; ``worker`` overrides fields.

    ``fd_limit`` sets ``ulimit -n`` (soft and hard) for the worker, ``soft_fd_limit`` only the
    soft one; ``env`` adds variables; ``notifications`` turns Graph change notifications on
    (to the worker's loopback port); ``state_url`` puts the state in PostgreSQL; ``name``
    names its configuration and log files (replicas share a folder).
    """
    port = free_port()
    data = support.config(sim.base_url, folder / "state.sqlite")
    if state_url is not None:
        del data["state_path"]
        data["state_url"] = state_url
        # replicas publish to one export, as they would to one Blob container
        export = folder / "export"
        data["export"] = {
            "target": {"kind": "folder", "path": str(export), "public_base_url": export.as_uri()}
        }
    data["poll_interval_seconds"] = poll_interval_seconds
    if notifications:
        data["notifications"] = {"enabled": True, "public_url": f"http://127.0.0.1:{port}/"}
    data["worker"] = {"host": "127.0.0.1", "port": port, "grace_seconds": GRACE_SECONDS, **worker}
    config = support.write_config(folder / f"{name}.yaml", data)
    log = folder / f"{name}.log"
    command = [FREIGABE, "--config", str(config), "run"]
    limits = [f"ulimit -n {fd_limit}"] if fd_limit is not None else []
    limits += [f"ulimit -S -n {soft_fd_limit}"] if soft_fd_limit is not None else []
    if limits:
        # exec keeps the pid: the worker itself runs under the limit
        command = ["sh", "-c", f'{" && ".join(limits)} && exec "$@"', "sh", *command]
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=sink, env={**os.environ, **(env or {})}
        )
    return WorkerProcess(proc, port, log)


def stop_worker(worker: WorkerProcess) -> None:
    """Kill ``worker`` if it still runs."""
    if worker.proc.poll() is None:
        worker.proc.kill()
        worker.proc.wait(timeout=10)


@pytest.fixture
def start_worker(sim: SimProcess, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start ``freigabe run`` against ``sim`` (see :func:`launch_worker` for the arguments)."""
    started: list[WorkerProcess] = []

    def start(poll_interval_seconds: int = 60, **options: Any) -> WorkerProcess:
        started.append(launch_worker(sim, tmp_path, poll_interval_seconds, **options))
        return started[-1]

    yield start
    for worker in started:
        stop_worker(worker)

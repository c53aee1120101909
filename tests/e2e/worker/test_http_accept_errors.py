"""Out of descriptors: the accept loop backs off and logs once, and serves again afterwards."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.e2e.worker.conftest import free_port, wait_for
from tests.e2e.worker.rawhttp import exchange

HELD_SECONDS = 3.0
CLIENTS = 20


def _rejected(port: int, reason: str) -> float:
    url = f"http://127.0.0.1:{port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as resp:
        text = resp.read().decode()
    wanted = f'freigabe_http_rejected_total{{reason="{reason}"}}'
    line = next(line for line in text.splitlines() if line.startswith(wanted + " "))
    return float(line.rpartition(" ")[2])


def _healthz(port: int) -> int | None:
    """The status of ``GET /healthz`` on a new connection; None while none comes."""
    return exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", wait=2).status


def test_emfile_at_accept_neither_spins_nor_floods_the_log(tmp_path: Path) -> None:
    """EMFILE for 3 s: a handful of retries, one log line; once free, /healthz answers."""
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.worker.emfile_server", str(port)],
            stdout=subprocess.PIPE,
            stderr=sink,
        )
    clients: list[socket.socket] = []
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"serving\n"
        for _ in range(CLIENTS):  # the kernel completes the handshakes; accept() cannot
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(HELD_SECONDS)
        proc.send_signal(signal.SIGUSR1)
        for client in clients:
            client.close()
        answer = wait_for("/healthz once descriptors are free", lambda: _healthz(port), 10)
        failed = _rejected(port, "accept_failed")
    finally:
        for client in clients:
            client.close()
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    print(f"accept_failed={failed} in {HELD_SECONDS} s")
    assert answer == 200
    # backing off from 0.05 s, doubling up to 1 s, anew after each success: tens, not 10^5
    assert 1 <= failed <= 30
    lines = log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    accept = [e for e in events if e.get("reason") == "accept_failed"]
    assert len(accept) == 1
    assert accept[0]["event"] == "worker.http_rejected"
    assert accept[0]["level"] == "warning"
    assert len(lines) < 20

"""The worker's port against requests a proxy or an attacker sends: framing, sizes, timeouts."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests import support
from tests.e2e.conftest import serve_scenario
from tests.e2e.worker.conftest import WorkerProcess, launch_worker, stop_worker, wait_for
from tests.e2e.worker.rawhttp import exchange, open_idle, read_until_closed

IDLE = 1.0
HEADER = 1.5
SLACK = 1.0  # a loaded test machine; the timeouts themselves are what the asserts bound
REJECTED = "freigabe_http_rejected_total"


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """One worker for the module, with short timeouts and small limits."""
    folder = tmp_path_factory.mktemp("http")
    with serve_scenario(folder, support.scenario(documents=1)) as sim:
        started = launch_worker(
            sim,
            folder,
            idle_timeout_seconds=IDLE,
            header_timeout_seconds=HEADER,
            body_timeout_seconds=1,
            max_header_bytes=8192,
            max_body_bytes=4096,
            env={"FREIGABE_LOG__LEVEL": "debug"},  # the access log is at debug
        )
        try:
            wait_for("/healthz", lambda: started.get("/healthz"))
            yield started
        finally:
            stop_worker(started)


def counted(worker: WorkerProcess, reason: str) -> float:
    """The worker's rejection counter for ``reason``."""
    return worker.sample(REJECTED, reason=reason)


def test_content_length_with_transfer_encoding_is_refused_and_closed(
    worker: WorkerProcess,
) -> None:
    """Both framings in one request (a smuggling vector): 400 and the connection closed."""
    before = counted(worker, "framing")
    request = (
        b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    )
    answer = exchange(worker.port, request, wait=3)
    assert (answer.status, answer.closed) == (400, True)
    assert answer.seconds < SLACK
    assert b"connection: close" in answer.raw.lower()
    assert counted(worker, "framing") == before + 1


@pytest.mark.parametrize(
    ("request_bytes", "status", "reason"),
    [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431, "header"),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000, 431, "header"),
        (b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4097\r\n\r\n", 413, "body"),
        (b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413, "body"),
    ],
    ids=["header", "header-unfinished", "body", "body-huge"],
)
def test_oversized_requests_are_refused_unread(
    worker: WorkerProcess, request_bytes: bytes, status: int, reason: str
) -> None:
    """A head over max_header_bytes: 431; a declared body over max_body_bytes: 413; closed."""
    key = f"{reason}_too_large"
    before = counted(worker, key)
    answer = exchange(worker.port, request_bytes, wait=3)
    assert (answer.status, answer.closed) == (status, True)
    assert counted(worker, key) == before + 1


def test_a_malformed_request_is_one_json_line_and_counted(worker: WorkerProcess) -> None:
    """Nonsense instead of a request line: 400, one JSON log line, no traceback, counted."""
    before = counted(worker, "malformed")
    answer = exchange(worker.port, b"\x16\x03\x01 nonsense\r\n\r\n", wait=3)
    assert (answer.status, answer.closed) == (400, True)
    assert counted(worker, "malformed") == before + 1
    lines = worker.log.read_text(encoding="utf-8").splitlines()
    assert all(line.startswith("{") for line in lines), lines
    refused = [json.loads(line) for line in lines if '"malformed"' in line]
    assert len(refused) == 1
    assert refused[0]["event"] == "worker.http_rejected"
    assert (refused[0]["reason"], refused[0]["status"]) == ("malformed", 400)


def test_a_hang_up_mid_request_is_one_json_line_and_counted(worker: WorkerProcess) -> None:
    """A client that closes halfway through its head: counted, one JSON line."""
    before = counted(worker, "hangup")
    with open_idle(worker.port) as sock:
        sock.sendall(b"GET /healthz HT")
    wait_for("the hang-up counted", lambda: counted(worker, "hangup") > before or None, 5)
    lines = worker.log.read_text(encoding="utf-8").splitlines()
    assert all(line.startswith("{") for line in lines), lines
    gone = [json.loads(line) for line in lines if '"hangup"' in line]
    assert [g["event"] for g in gone] == ["worker.http_rejected"]


def test_an_idle_connection_is_closed_by_the_server_in_time(worker: WorkerProcess) -> None:
    """A connection that sends nothing is closed after idle_timeout_seconds, without a word."""
    before = counted(worker, "idle_timeout")
    with open_idle(worker.port) as sock:
        started = time.monotonic()
        raw, closed = read_until_closed(sock, IDLE + 3)
        seconds = time.monotonic() - started
    assert (raw, closed) == (b"", True)
    assert IDLE - 0.1 < seconds < IDLE + SLACK
    assert counted(worker, "idle_timeout") == before + 1


def test_a_slow_header_client_is_cut_off_in_time(worker: WorkerProcess) -> None:
    """One header byte every 0.2 s: 408 once header_timeout_seconds have passed since the first."""
    before = counted(worker, "header_timeout")
    with open_idle(worker.port) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        answer, closed = b"", False
        for _ in range(int((HEADER + 3) / 0.2)):
            sock.sendall(b"X")  # the server drains for a moment after its answer: no reset
            answer, closed = read_until_closed(sock, 0.2)
            if closed:
                break
        seconds = time.monotonic() - started
    assert closed
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert HEADER - 0.1 < seconds < HEADER + SLACK
    assert counted(worker, "header_timeout") == before + 1


def test_keep_alive_serves_several_requests_on_one_connection(worker: WorkerProcess) -> None:
    """Two pipelined requests on one connection: two answers, then the idle timeout closes it."""
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = exchange(worker.port, request * 2, wait=IDLE + 3)
    assert answer.raw.count(b"HTTP/1.1 200") == 2
    assert answer.closed


def test_each_request_is_one_json_access_line(worker: WorkerProcess) -> None:
    """At log level debug, an answered request is a line with method, path, status, time."""
    assert worker.get("/healthz?probe=access-log") == (200, '{"alive":true}')

    def logged() -> dict[str, object] | None:
        lines = [e for e in worker.events() if e.get("event") == "worker.http_request"]
        return next((e for e in lines if e["status"] == 200), None)

    line = wait_for("the access line", logged, 5)
    assert (line["method"], line["path"], line["level"]) == ("GET", "/healthz", "debug")
    assert isinstance(line["ms"], float)
    assert line["peer"] == "127.0.0.1"


def test_readyz_and_metrics_answer_on_the_hardened_port(worker: WorkerProcess) -> None:
    """The probes still answer as before; the rejection counter lists every reason."""
    assert worker.get("/healthz") == (200, '{"alive":true}')
    answer = worker.get("/metrics")
    assert answer is not None
    assert answer[0] == 200
    for reason in ("framing", "malformed", "idle_timeout", "connection_limit", "accept_failed"):
        assert f'{REJECTED}{{reason="{reason}"}}' in answer[1]


def test_no_log_line_is_anything_but_json(worker: WorkerProcess) -> None:
    """After every abuse above: each line of the worker's log is one JSON object."""
    for line in worker.log.read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)

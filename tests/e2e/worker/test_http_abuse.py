"""200 idle connections and 50 slow-header clients against ``freigabe run`` under ``ulimit -n 256``.

The probes answer within 2 s throughout, the server closes each abusive connection within its
timeout, and the sync goes on. Every client loop is bounded in rounds and in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import SimProcess
from tests.e2e.worker.conftest import WorkerProcess
from tests.e2e.worker.rawhttp import exchange

IDLE = 1.0
HEADER = 2.0
SLACK = 1.0  # a loaded 2-core machine; the timeouts themselves are what the asserts bound
PROBE_LIMIT = 2.0
IDLE_CLIENTS = 200
SLOW_CLIENTS = 50
FD_LIMIT = 256
PHASE_SECONDS = (4.0, 20.0)  # the abuse lasts at least / at most this long
ROUNDS = 100  # no client loop runs more often than this
DELTA = "GET /drives/{id}/root/delta"
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: worker\r\nConnection: close\r\n\r\n"


@dataclass
class Observed:
    """What the clients saw."""

    idle: list[float] = field(default_factory=list)  # seconds until the server closed
    slow: list[float] = field(default_factory=list)
    probes: list[tuple[float, bool]] = field(default_factory=list)  # seconds, answered 200
    unclosed: int = 0  # connections the server left open past the clients' patience
    refused: int = 0  # connection attempts that failed
    fds: list[int] = field(default_factory=list)  # the worker's open descriptors over time


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    """Whether the server closes (EOF or reset) within ``seconds``; what it sends is dropped."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            async with asyncio.timeout(left):
                if not await reader.read(4096):
                    return True
        except TimeoutError:
            return False
        except ConnectionError:
            return True
    return False


Abuse = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]


async def _abuser(
    port: int, stop: asyncio.Event, seen: Observed, abuse: Abuse, closes: list[float]
) -> None:
    """Connect and ``abuse`` until the server closes (seconds into ``closes``); again, bounded."""
    for _ in range(ROUNDS):
        if stop.is_set():
            return
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            seen.refused += 1
            await asyncio.sleep(0.2)
            continue
        since = time.monotonic()
        try:
            if await abuse(reader, writer):
                closes.append(time.monotonic() - since)
            else:
                seen.unclosed += 1
        finally:
            writer.close()
        await asyncio.sleep(0.3)


async def _idle(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> bool:
    """Send nothing; whether the server closes in time."""
    return await _closed_within(reader, IDLE + 4)


async def _slow_header(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """A request line, then one header byte every 0.25 s; whether the server closes in time."""
    closed = False
    with contextlib.suppress(ConnectionError):
        writer.write(b"GET /healthz HTTP/1.1\r\n")
        for _ in range(int((HEADER + 4) / 0.25)):
            writer.write(b"X")
            await writer.drain()
            if closed := await _closed_within(reader, 0.25):
                break
    return closed or writer.is_closing() or reader.at_eof()


def _prober(port: int, halt: threading.Event, seen: Observed) -> None:
    """``GET /healthz`` on a fresh connection every 0.2 s, as a liveness probe does.

    It runs in a thread of its own: a probe sends its request as soon as it is connected,
    which a client among 250 coroutines of one loop on a loaded machine cannot promise (and
    a connection that sends nothing for long is rightly the first to be closed).
    """
    for _ in range(ROUNDS * 2):
        if halt.is_set():
            return
        started = time.monotonic()
        ok = False
        with contextlib.suppress(OSError):
            answer = exchange(port, REQUEST, wait=PROBE_LIMIT + 3)
            ok = answer.status == 200 and answer.raw.endswith(b'{"alive":true}')
        seen.probes.append((time.monotonic() - started, ok))
        halt.wait(0.2)


def _open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


async def test_idle_and_slow_header_clients_leave_probes_and_sync_alone(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    """Under 250 abusive connections and fd limit 256: probes < 2 s, each cut off, sync runs."""
    worker = start_worker(
        poll_interval_seconds=5,
        idle_timeout_seconds=IDLE,
        header_timeout_seconds=HEADER,
        fd_limit=FD_LIMIT,
    )
    await asyncio.to_thread(worker.until_ready, True)
    runs = await asyncio.to_thread(worker.sample, "freigabe_job_runs_total", job="sync")
    deltas = sim.control("GET", "/_sim/stats")["round_trips"][DELTA]
    seen, stop = Observed(), asyncio.Event()
    clients = [
        *(_abuser(worker.port, stop, seen, _idle, seen.idle) for _ in range(IDLE_CLIENTS)),
        *(_abuser(worker.port, stop, seen, _slow_header, seen.slow) for _ in range(SLOW_CLIENTS)),
    ]
    halt = threading.Event()
    tasks = [asyncio.create_task(c) for c in clients]
    tasks.append(asyncio.create_task(asyncio.to_thread(_prober, worker.port, halt, seen)))
    started = time.monotonic()
    try:
        synced = False
        while not synced or time.monotonic() - started < PHASE_SECONDS[0]:
            assert time.monotonic() - started < PHASE_SECONDS[1], "no sync during the abuse"
            await asyncio.sleep(0.5)
            seen.fds.append(_open_fds(worker.proc.pid))
            now = await asyncio.to_thread(worker.sample, "freigabe_job_runs_total", job="sync")
            synced = now > runs
        stop.set()
        halt.set()
        async with asyncio.timeout(IDLE + HEADER + 10):
            await asyncio.gather(*tasks)
    finally:
        halt.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    latencies = [seconds for seconds, _ in seen.probes]
    rejected = {
        reason: await asyncio.to_thread(
            worker.sample, "freigabe_http_rejected_total", reason=reason
        )
        for reason in ("idle_timeout", "header_timeout", "connection_limit", "accept_failed")
    }
    lines = worker.log.read_text(encoding="utf-8").splitlines()
    print(  # the figures worth quoting
        f"probes={len(latencies)} max={max(latencies, default=0):.3f}s "
        f"idle={len(seen.idle)} max={max(seen.idle, default=0):.3f}s "
        f"slow={len(seen.slow)} max={max(seen.slow, default=0):.3f}s "
        f"fds_max={max(seen.fds, default=0)} refused={seen.refused} unclosed={seen.unclosed} "
        f"phase={time.monotonic() - started:.1f}s rejected={rejected} log_lines={len(lines)}"
    )
    assert len(seen.probes) >= 10
    assert all(ok for _, ok in seen.probes)
    assert max(latencies) < PROBE_LIMIT
    assert seen.unclosed == 0
    assert len(seen.idle) >= IDLE_CLIENTS
    assert max(seen.idle) < IDLE + SLACK
    assert len(seen.slow) >= SLOW_CLIENTS
    assert max(seen.slow) < HEADER + SLACK
    assert max(seen.fds) < FD_LIMIT
    assert sim.control("GET", "/_sim/stats")["round_trips"][DELTA] > deltas
    assert await asyncio.to_thread(worker.sample, "freigabe_job_failures_total", job="sync") == 0
    assert rejected["idle_timeout"] + rejected["connection_limit"] >= IDLE_CLIENTS
    assert rejected["header_timeout"] + rejected["connection_limit"] >= SLOW_CLIENTS
    assert rejected["accept_failed"] == 0
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert len(lines) < 100  # one line per reason and 10 s, not one per connection
    assert worker.terminate()[0] == 0

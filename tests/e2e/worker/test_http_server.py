"""The worker's HTTP server on loopback, in-process: connection limit, bodies, HEAD, app errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from structlog.testing import capture_logs

from config.sections import WorkerSettings
from jobs.worker.metrics import Metrics
from jobs.worker.server import serving
from tests.e2e.worker.conftest import free_port

BODY_LIMIT = 1024
BODY_TIMEOUT = 0.5


class Served:
    """A server on loopback and what its routes saw."""

    def __init__(self, port: int, metrics: Metrics, release: asyncio.Event) -> None:
        self.port = port
        self.metrics = metrics
        self.release = release
        self.bodies: list[bytes] = []

    def rejected(self, reason: str) -> float | None:
        """The server's rejection counter for ``reason``."""
        return self.metrics.registry.get_sample_value(
            "freigabe_http_rejected_total", {"reason": reason}
        )

    async def open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A new connection."""
        return await asyncio.open_connection("127.0.0.1", self.port)


async def read_all(reader: asyncio.StreamReader, wait: float) -> tuple[bytes, bool]:
    """Every byte until the server closes, at most ``wait`` seconds; and whether it closed."""
    data = bytearray()
    try:
        async with asyncio.timeout(wait):
            while chunk := await reader.read(65536):
                data += chunk
    except TimeoutError:
        return bytes(data), False
    except ConnectionError:
        pass
    return bytes(data), True


async def talk(served: Served, request: bytes, wait: float = 3) -> tuple[bytes, bool]:
    """Send ``request`` on a new connection; what came back, and whether the server closed."""
    reader, writer = await served.open()
    try:
        writer.write(request)
        return await read_all(reader, wait)
    finally:
        writer.close()


Serve = Callable[..., contextlib.AbstractAsyncContextManager[Served]]


@pytest.fixture
def serve() -> Serve:
    """Starts the server with test routes; keyword arguments override the worker section."""

    @contextlib.asynccontextmanager
    async def start(**worker: Any) -> AsyncIterator[Served]:
        release = asyncio.Event()
        served: Served | None = None

        async def hold(_: Request) -> Response:
            await release.wait()
            return PlainTextResponse("held")

        async def body(request: Request) -> Response:
            data = await request.body()
            assert served is not None
            served.bodies.append(data)
            return PlainTextResponse(f"{len(data)} bytes")

        async def broken(_: Request) -> Response:
            raise RuntimeError("a bug in a route")

        async def path(request: Request) -> Response:
            return PlainTextResponse(f"{request.url.path}|{request.query_params['q']}")

        app = Starlette(
            routes=[
                Route("/hold", hold),
                Route("/body", body, methods=["POST"]),
                Route("/broken", broken),
                Route("/path/{rest:path}", path),
                Route("/healthz", lambda _: PlainTextResponse("ok")),
            ]
        )
        settings = {
            "host": "127.0.0.1",
            "port": free_port(),
            "idle_timeout_seconds": 2,
            "header_timeout_seconds": 2,
            "body_timeout_seconds": BODY_TIMEOUT,
            "max_connections": 3,
            "max_body_bytes": BODY_LIMIT,
            **worker,
        }
        metrics = Metrics()
        async with serving(app, WorkerSettings(**settings), metrics) as port:
            served = Served(port, metrics, release)
            yield served

    return start


GET = b"GET /healthz HTTP/1.1\r\nHost: w\r\n\r\n"


async def test_the_connection_waiting_longest_makes_room_at_the_limit(serve: Serve) -> None:
    """Three idle connections fill the limit: a fourth is served, the oldest idle one closed."""
    async with serve() as served:
        idle = [await served.open() for _ in range(3)]
        await asyncio.sleep(0.05)
        answer, _ = await talk(served, GET.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        oldest, oldest_closed = await read_all(idle[0][0], 1)
        _, youngest_closed = await read_all(idle[2][0], 0.2)
        for _, writer in idle:
            writer.close()
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert (oldest, oldest_closed, youngest_closed) == (b"", True, False)
    assert served.rejected("connection_limit") == 1


async def test_a_new_connection_is_refused_while_every_one_is_busy(serve: Serve) -> None:
    """Requests in flight are never cut off for a newcomer: it is closed at once, unanswered."""
    async with serve(max_connections=2) as served:
        busy = [await served.open() for _ in range(2)]
        for _, writer in busy:
            writer.write(b"GET /hold HTTP/1.1\r\nHost: w\r\n\r\n")
        await asyncio.sleep(0.1)
        refused, closed = await talk(served, GET, wait=1)
        served.release.set()
        held = [await read_all(reader, 0.5) for reader, _ in busy]
        for _, writer in busy:
            writer.close()
    assert (refused, closed) == (b"", True)
    assert all(data.startswith(b"HTTP/1.1 200 ") and data.endswith(b"held") for data, _ in held)
    assert served.rejected("connection_limit") == 1


async def test_a_streamed_body_over_the_limit_is_refused(serve: Serve) -> None:
    """Chunks past max_body_bytes: 413 and closed; the route never gets a truncated body."""
    chunk = b"400\r\n" + b"x" * 1024 + b"\r\n"
    head = b"POST /body HTTP/1.1\r\nHost: w\r\nTransfer-Encoding: chunked\r\n\r\n"
    async with serve() as served:
        answer, closed = await talk(served, head + chunk * 2 + b"0\r\n\r\n")
        within, _ = await talk(served, head + b"10\r\n" + b"y" * 16 + b"\r\n0\r\n\r\n", wait=0.5)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert closed
    assert within.startswith(b"HTTP/1.1 200 ")
    assert served.bodies == [b"y" * 16]
    assert served.rejected("body_too_large") == 1


async def test_a_body_that_stops_coming_is_cut_off(serve: Serve) -> None:
    """Content-Length 100, 10 bytes sent: 408 once body_timeout_seconds have passed."""
    request = b"POST /body HTTP/1.1\r\nHost: w\r\nContent-Length: 100\r\n\r\n" + b"z" * 10
    async with serve() as served:
        loop = asyncio.get_running_loop()
        started = loop.time()
        answer, closed = await talk(served, request)
        seconds = loop.time() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert closed
    assert BODY_TIMEOUT - 0.05 < seconds < BODY_TIMEOUT + 1
    assert served.rejected("body_timeout") == 1
    assert served.bodies == []


async def test_expect_100_continue_is_answered_when_the_route_reads(serve: Serve) -> None:
    """A client that waits for 100 Continue gets it, sends its body, and gets the answer."""
    async with serve() as served:
        reader, writer = await served.open()
        writer.write(
            b"POST /body HTTP/1.1\r\nHost: w\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = await reader.readuntil(b"\r\n\r\n")
        writer.write(b"hallo")
        head = await reader.readuntil(b"\r\n\r\n")
        writer.close()
    assert interim.startswith(b"HTTP/1.1 100 ")
    assert head.startswith(b"HTTP/1.1 200 ")
    assert served.bodies == [b"hallo"]


async def test_head_and_keep_alive(serve: Serve) -> None:
    """HEAD answers the headers only; the connection serves the GET behind it."""
    async with serve() as served:
        request = b"HEAD /healthz HTTP/1.1\r\nHost: w\r\n\r\n" + GET
        answer, closed = await talk(served, request, wait=0.5)
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    assert b"content-length: 2" in head
    assert rest.startswith(b"HTTP/1.1 200 ")
    assert rest.endswith(b"\r\n\r\nok")
    assert not closed  # kept alive until the idle timeout


async def test_a_bug_in_a_route_is_500_and_one_json_line(serve: Serve) -> None:
    """An exception in a route: 500, the connection closed, one log line with the traceback."""
    with capture_logs() as logs:
        async with serve() as served:
            answer, closed = await talk(served, b"GET /broken HTTP/1.1\r\nHost: w\r\n\r\n")
            still, _ = await talk(served, GET, wait=0.5)
    assert answer.startswith(b"HTTP/1.1 500 ")
    assert closed
    assert still.startswith(b"HTTP/1.1 200 ")
    errors = [e for e in logs if e["log_level"] == "error"]
    assert [e["event"] for e in errors] == ["worker.http_error"]
    assert isinstance(errors[0]["exc_info"], RuntimeError)


async def test_the_route_sees_the_decoded_path_and_query(serve: Serve) -> None:
    """Percent-encoding in path and query reaches the route decoded, as uvicorn did it."""
    request = b"GET /path/a%20b?q=x%26y HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n"
    async with serve() as served:
        answer, closed = await talk(served, request)
    assert answer.endswith(b"\r\n\r\n/path/a b|x&y")
    assert closed


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET http://elsewhere.example/healthz HTTP/1.1\r\nHost: w\r\n\r\n",
        b"OPTIONS * HTTP/1.1\r\nHost: w\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\n\r\n",  # HTTP/1.1 without Host
        b"GET /healthz HTTP/1.1\r\nHost: w\r\nTransfer-Encoding: gzip\r\n\r\n",
    ],
    ids=["absolute-form", "asterisk", "no-host", "unknown-coding"],
)
async def test_requests_not_for_an_origin_server_are_malformed(
    serve: Serve, request_bytes: bytes
) -> None:
    """Proxy forms, a missing Host and codings other than chunked: 4xx/501 and closed."""
    async with serve() as served:
        answer, closed = await talk(served, request_bytes)
    assert answer[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 501")
    assert closed
    assert served.rejected("malformed") == 1


async def test_stop_closes_waiting_connections_and_lets_a_busy_one_finish(serve: Serve) -> None:
    """At shutdown an idle connection is closed at once; a request in flight is answered."""
    context = serve()
    served = await context.__aenter__()
    idle_reader, idle_writer = await served.open()
    busy_reader, busy_writer = await served.open()
    busy_writer.write(b"GET /hold HTTP/1.1\r\nHost: w\r\n\r\n")
    await asyncio.sleep(0.05)
    stopping = asyncio.create_task(context.__aexit__(None, None, None))
    idle, idle_closed = await read_all(idle_reader, 1)
    assert (idle, idle_closed) == (b"", True)
    served.release.set()
    busy, _ = await read_all(busy_reader, 2)
    await stopping
    idle_writer.close()
    busy_writer.close()
    assert busy.endswith(b"held")

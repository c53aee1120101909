"""A small HTTP/1.1 server on loopback for the simulator, built on asyncio and h11.

No framework, so every byte is under control: latency faults delay the answer, drop faults
close the connection without a status line. Keep-alive, Content-Length and chunked request
bodies are supported; download bodies are streamed in chunks with a Content-Length.

``run_in_thread`` runs a server on its own event loop in a daemon thread, for synchronous
tests and for a process that runs the simulator beside the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from email.utils import formatdate
from types import TracebackType
from typing import Self, TypeVar

import h11

from freigabe_devtools.graphsim.app import SimulatorApp
from freigabe_devtools.graphsim.messages import (
    ConnectionDropped,
    GraphProblem,
    SimRequest,
    SimResponse,
)
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["RunningSimulator", "SimulatorServer", "run_in_thread"]

T = TypeVar("T")
_READ_SIZE = 64 * 1024


class SimulatorServer:
    """Serves one tenant over HTTP on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, tenant: Tenant, host: str = "127.0.0.1", port: int = 0) -> None:
        self.tenant = tenant
        self.app = SimulatorApp(tenant)
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def root_url(self) -> str:
        """``http://host:port``, where the control plane lives."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://host:port/v1.0``, the Graph base URL to configure."""
        return f"{self.root_url}/v1.0"

    async def start(self) -> None:
        """Listen; afterwards ``port`` is the bound port."""
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening, close every open connection, stop sending notifications."""
        if self._server is not None:
            self._server.close()
        # The connections go first: from Python 3.12 on, wait_closed waits for them, so a
        # client's idle keep-alive connection would otherwise hold the stop forever.
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None
        await self.tenant.subscriptions.aclose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        conn = h11.Connection(h11.SERVER)
        try:
            while await self._exchange(conn, reader, writer):
                conn.start_next_cycle()
        except h11.RemoteProtocolError as err:
            # not HTTP as h11 reads it: answer as Graph's front door does, with a JSON 400
            if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                problem = GraphProblem(err.error_status_hint, "BadRequest", f"Bad request: {err}")
                with contextlib.suppress(ConnectionError, h11.ProtocolError):
                    await _send(conn, writer, self.app.answer(problem))
        except (ConnectionError, h11.LocalProtocolError, asyncio.CancelledError):
            pass  # the client went away; nothing to answer
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _exchange(
        self, conn: h11.Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Read one request and answer it; False when the connection should end."""
        event = await _next_event(conn, reader)
        if not isinstance(event, h11.Request):
            return False
        if conn.they_are_waiting_for_100_continue:
            writer.write(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
        body = bytearray()
        while isinstance(part := await _next_event(conn, reader), h11.Data):
            body += part.data
        target = event.target.decode("ascii")
        path, _, query = target.partition("?")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in event.headers}
        host = headers.get("host") or f"{self.host}:{self.port}"
        request = SimRequest(
            method=event.method.decode("ascii"),
            path=path,
            query=query,
            headers=headers,
            body=bytes(body),
            origin=f"http://{host}",
        )
        try:
            response = await self.app.handle(request)
        except ConnectionDropped:
            return False
        except Exception as err:
            # A request the simulator did not foresee: a Graph-shaped 500 and one line on
            # stderr, instead of a traceback from the event loop and no answer at all.
            sys.stderr.write(f"graphsim: 500 for {request.method} {path}: {err!r}\n")
            response = self.app.answer(GraphProblem(500, "generalException", repr(err)))
        await _send(conn, writer, response)
        return conn.our_state is h11.DONE and conn.their_state is h11.DONE


async def _next_event(conn: h11.Connection, reader: asyncio.StreamReader) -> object:
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        conn.receive_data(await reader.read(_READ_SIZE))


async def _send(conn: h11.Connection, writer: asyncio.StreamWriter, response: SimResponse) -> None:
    headers = [
        *response.headers,
        ("Content-Length", str(response.length)),
        ("Date", formatdate(usegmt=True)),
    ]
    writer.write(conn.send(h11.Response(status_code=response.status, headers=headers)))
    if response.stream is not None:
        for chunk in response.stream.chunks():
            writer.write(conn.send(h11.Data(data=chunk)))
            await writer.drain()
    elif response.body:
        writer.write(conn.send(h11.Data(data=response.body)))
    writer.write(conn.send(h11.EndOfMessage()))
    await writer.drain()


class RunningSimulator:
    """A server running on its own loop in a daemon thread (see ``run_in_thread``)."""

    def __init__(self, server: SimulatorServer, loop: asyncio.AbstractEventLoop) -> None:
        self.server = server
        self.tenant = server.tenant
        self._loop = loop

    @property
    def base_url(self) -> str:
        """The Graph base URL, ``http://127.0.0.1:PORT/v1.0``."""
        return self.server.base_url

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return self.server.root_url

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the server's thread (safe way to script the tenant while serving)."""

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)


@contextlib.contextmanager
def run_in_thread(
    tenant: Tenant, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningSimulator]:
    """Serve ``tenant`` from a daemon thread for the duration of the ``with`` block."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="graphsim", daemon=True)
    thread.start()
    server = SimulatorServer(tenant, host, port)
    try:
        asyncio.run_coroutine_threadsafe(server.start(), loop).result(timeout=30)
        yield RunningSimulator(server, loop)
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()

"""The worker's HTTP server: its own accept loop and connection limit, over :mod:`http_connection`.

Why not uvicorn (0.54, h11 or httptools): it closes idle connections only after a first
answer (a connection that never sends a byte stays open for good), has no timeout for a
slow request head, counts connections only to answer 503 to a request (the descriptor is
taken already), answers requests with both Content-Length and Transfer-Encoding, logs
through its own loggers in plain text, and accepts through asyncio's loop, which on EMFILE
logs one traceback per accept attempt (up to ``backlog`` per wake-up, 333,785 in 25 s). Its
``limit_concurrency`` and ``limit_max_requests`` do not bound descriptors, and
``timeout_keep_alive`` and ``h11_max_incomplete_event_size`` cover only part of this.
Closing these gaps inside uvicorn would mean overriding the private parts of its protocol
class; a server on h11 (as the simulator's) is short and keeps every limit in sight.

Connections are counted at accept. At ``max_connections``, the connection that has waited
longest for a request (idle, or a head still coming) is closed to make room: a probe sends
its request at once and is never the one waiting longest, so idle and slow clients cannot
lock the probes out. When every connection is busy with a request, the new one is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import Callable

import structlog

from jobs.worker.http_connection import Connection
from jobs.worker.http_exchange import Asgi
from jobs.worker.http_limits import Limits
from jobs.worker.http_rejections import Rejections

__all__ = ["HttpServer"]

log = structlog.get_logger("freigabe.worker")

# Out of descriptors or buffers: the listening socket stays readable, so accepting again at
# once would spin; wait a little longer each time, up to a second.
_RESOURCE_ERRORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_BACKOFF = (0.05, 1.0)


class HttpServer:
    """Accepts connections on a listening socket and serves each through ``app``."""

    def __init__(
        self,
        app: Asgi,
        limits: Limits,
        *,
        max_connections: int,
        rejections: Rejections,
        on_count: Callable[[int], None],
    ) -> None:
        """``on_count`` hears the number of open connections after each change."""
        self._app = app
        self._limits = limits
        self._max = max_connections
        self._reject = rejections
        self._on_count = on_count
        self._open: dict[asyncio.Task[None], Connection] = {}
        self._accepting: asyncio.Task[None] | None = None

    def start(self, listener: socket.socket) -> None:
        """Serve connections to ``listener`` (listening already) from now on."""
        listener.setblocking(False)
        self._accepting = asyncio.create_task(self._accept(listener))

    async def stop(self, grace_seconds: float) -> None:
        """Accept no more; close waiting connections, give busy ones ``grace_seconds``."""
        if self._accepting is not None:
            self._accepting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._accepting
        for task, conn in list(self._open.items()):
            conn.last_request = True
            if conn.evictable:
                task.cancel()
        if self._open:
            await asyncio.wait(set(self._open), timeout=grace_seconds)
        for task in list(self._open):
            task.cancel()
        if self._open:
            await asyncio.wait(set(self._open))

    async def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        backoff = 0.0
        while True:
            try:
                sock, address = await loop.sock_accept(listener)
            except OSError as err:
                if err.errno not in _RESOURCE_ERRORS:
                    if err.errno == errno.ECONNABORTED:  # gone before it was taken
                        continue
                    raise
                self._reject("accept_failed")
                backoff = min(_BACKOFF[1], max(_BACKOFF[0], backoff * 2))
                await asyncio.sleep(backoff)
                continue
            backoff = 0.0
            made_room = await self._room()
            if not made_room:
                sock.close()
                self._reject("connection_limit", peer=address[0])
                continue
            self._serve(sock, str(address[0]))

    async def _room(self) -> bool:
        """Whether a new connection fits, after closing the longest waiting one if need be."""
        if len(self._open) < self._max:
            return True
        waiting = [(conn.since, task) for task, conn in self._open.items() if conn.evictable]
        if not waiting:
            return False
        _, task = min(waiting, key=lambda pair: pair[0])
        conn = self._open.pop(task)
        task.cancel()
        self._reject("connection_limit", peer=conn.peer)
        # its descriptor is closed by the time it has ended: then, and only then, take another
        await asyncio.wait({task}, timeout=1.0)
        return True

    def _serve(self, sock: socket.socket, peer: str) -> None:
        conn = Connection(sock, peer, self._app, self._limits, self._reject)
        task = asyncio.create_task(self._run(conn))
        self._open[task] = conn
        self._on_count(len(self._open))

        def ended(done: asyncio.Task[None]) -> None:
            conn.close()  # a task cancelled before it ran never reached its own close
            self._open.pop(done, None)
            self._on_count(len(self._open))

        task.add_done_callback(ended)

    async def _run(self, conn: Connection) -> None:
        try:
            await conn.serve()
        except Exception as err:
            # a bug of the server's own; the connection is closed, the port goes on serving
            log.error("worker.http_error", peer=conn.peer, exc_info=err)

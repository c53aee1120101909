"""One connection of the worker's port: HTTP/1.1 through h11, each request to the ASGI app.

Every wait on the client has a deadline: ``idle_timeout`` for the first byte of a request,
``header_timeout`` for the rest of its head, ``body_timeout`` for its body and for the client
to take the answer. Framing is strict: a head over ``max_header_bytes`` is 431, a request
with both Content-Length and Transfer-Encoding is 400 (two framings are how requests are
smuggled past a proxy), a declared or streamed body over ``max_body_bytes`` is 413; each
refusal closes the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import socket
from typing import Any

import h11
import structlog

from jobs.worker.http_exchange import Asgi, Exchange
from jobs.worker.http_limits import Limits, Refused
from jobs.worker.http_rejections import Rejections

__all__ = ["Connection", "Phase"]

log = structlog.get_logger("freigabe.worker")

_READ_SIZE = 64 * 1024
_LINGER_SECONDS = 1.0  # after a refusal, let the client read it before the close resets it
_LINGER_BYTES = 256 * 1024


class Phase(enum.Enum):
    """Where a connection is; the server may close one that waits for a request to make room."""

    IDLE = "idle"  # waiting for the first byte of a request
    HEAD = "head"  # a request head has begun
    BUSY = "busy"  # a request is being read, answered or sent
    CLOSING = "closing"  # refused; lingering so that the client reads why


def _head_size(request: h11.Request) -> int:
    """The bytes of ``request``'s head as sent (request line, headers, line ends)."""
    line = len(request.method) + len(request.target) + len(b" HTTP/1.1\r\n") + 1
    return line + sum(len(name) + len(value) + 4 for name, value in request.headers) + 2


class Connection:
    """Serves the requests of one accepted socket until it closes or is refused.

    Attributes:
        phase: where it is; ``since``: when it entered the phase of waiting for a request.
        last_request: set at shutdown: end after the request in flight.
    """

    def __init__(
        self, sock: socket.socket, peer: str, app: Asgi, limits: Limits, rejections: Rejections
    ) -> None:
        self.sock = sock
        self.peer = peer
        self.local: tuple[str, int] = sock.getsockname()[:2]
        self.limits = limits
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=limits.max_header_bytes)
        self.last_request = False
        self._app = app
        self._reject = rejections
        self._loop = asyncio.get_running_loop()
        self._requests = 0
        self._eof = False
        self.phase = Phase.IDLE
        self.since = self._loop.time()

    @property
    def evictable(self) -> bool:
        """Whether closing it now loses nothing but a client's wait."""
        return self.phase is not Phase.BUSY

    def close(self) -> None:
        """Close the socket (idempotent)."""
        self.sock.close()

    async def serve(self) -> None:
        """Requests until the client or a refusal ends the connection; closes the socket."""
        try:
            while await self._next():
                self.h11.start_next_cycle()
        except Refused as refused:
            if refused.reason is not None:
                self._reject(refused.reason, status=refused.status, peer=self.peer)
            if refused.status is not None:
                await self._linger(refused.answer())
        finally:
            self.close()

    async def recv(self, deadline: float) -> bytes | None:
        """The next bytes (``b""`` at the client's end), None once ``deadline`` has passed."""
        try:
            async with asyncio.timeout_at(deadline):
                data = await self._loop.sock_recv(self.sock, _READ_SIZE)
        except TimeoutError:
            return None
        except OSError:  # reset by the client
            data = b""
        self._eof = self._eof or not data
        return data

    async def write(self, data: bytes) -> None:
        """Send ``data`` within ``body_timeout``; raises ``Refused`` when it is not taken."""
        try:
            async with asyncio.timeout(self.limits.body_timeout):
                await self._loop.sock_sendall(self.sock, data)
        except TimeoutError:
            raise Refused("send_timeout") from None
        except OSError:
            raise Refused("hangup") from None

    def event(self) -> Any:
        """h11's next event, its protocol errors as refusals."""
        try:
            return self.h11.next_event()
        except h11.RemoteProtocolError as err:
            if self._eof:
                raise Refused("hangup") from None
            status = err.error_status_hint
            raise Refused("header_too_large" if status == 431 else "malformed", status) from None

    async def _head(self) -> h11.Request | None:
        """The next request head; None when the client ends the connection between requests."""
        self.phase, self.since = Phase.IDLE, self._loop.time()
        deadline = self.since + self.limits.idle_timeout
        if self.h11.trailing_data[0]:  # pipelined: the next head has begun already
            self.phase, deadline = Phase.HEAD, self.since + self.limits.header_timeout
        while True:
            event = self.event()
            if isinstance(event, h11.Request):
                if _head_size(event) > self.limits.max_header_bytes:
                    # h11 measures only a head still incomplete; one that came in one read
                    # of the socket is whole already, whatever its size
                    raise Refused("header_too_large", 431)
                return event
            if isinstance(event, h11.ConnectionClosed):
                return None
            data = await self.recv(deadline)
            if data is None and self.phase is Phase.HEAD:
                raise Refused("header_timeout", 408)
            if data is None:
                # a keep-alive connection running idle is normal; one that never asked is not
                raise Refused(None if self._requests else "idle_timeout")
            if data and self.phase is Phase.IDLE:
                self.phase = Phase.HEAD
                deadline = self._loop.time() + self.limits.header_timeout
            self.h11.receive_data(data)

    async def _next(self) -> bool:
        """Read and answer one request; whether the connection may serve another."""
        request = await self._head()
        if request is None:
            return False
        self.phase = Phase.BUSY
        self._requests += 1
        started = self._loop.time()
        exchange = Exchange(
            self, self._app, request, body_deadline=started + self.limits.body_timeout
        )
        scope = exchange.check()
        status = await exchange.run(scope)
        log.debug(
            "worker.http_request",
            method=scope["method"],
            path=scope["path"],
            status=status,
            ms=round((self._loop.time() - started) * 1000, 1),
            peer=self.peer,
        )
        reusable = self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE
        return reusable and not self.last_request

    async def _linger(self, answer: bytes) -> None:
        """Send ``answer``, stop sending, and drain for a moment before the close.

        Closing with unread bytes makes the kernel reset the connection, and a reset may
        destroy the answer before the client has read it.
        """
        self.phase = Phase.CLOSING
        with contextlib.suppress(OSError):
            self.sock.send(answer)  # tiny: fits the socket buffer, or the client is gone
            self.sock.shutdown(socket.SHUT_WR)
            deadline = self._loop.time() + _LINGER_SECONDS
            drained = 0
            while drained < _LINGER_BYTES:
                data = await self.recv(deadline)
                if not data:
                    break
                drained += len(data)

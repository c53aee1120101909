"""One request through the ASGI app: the scope, ``receive`` for the body, ``send`` for the answer.

The body reaches the app only as it calls ``receive``, one socket read at a time, within
``max_body_bytes`` and the body deadline. A refusal found while the app runs (body too large
or too slow, the client gone, the answer not taken) is kept; the app then gets
``http.disconnect``, whatever it sends afterwards is dropped, and the refusal is answered in
its place once the app has returned.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol
from urllib.parse import unquote

import h11
import structlog

from jobs.worker.http_limits import Limits, Refused

__all__ = ["Asgi", "Exchange", "Wire"]

log = structlog.get_logger("freigabe.worker")

Asgi = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[MutableMapping[str, Any]]],
        Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ],
    Awaitable[None],
]


class Wire(Protocol):
    """What an exchange needs of its connection (``http_connection.Connection``)."""

    h11: Any  # h11.Connection; h11 ships no type information
    limits: Limits
    peer: str
    local: tuple[str, int]
    last_request: bool

    def event(self) -> Any:
        """h11's next event; raises ``Refused`` for what the client got wrong."""

    async def recv(self, deadline: float) -> bytes | None:
        """The next bytes, ``b""`` at the client's end, None once ``deadline`` has passed."""

    async def write(self, data: bytes) -> None:
        """Send ``data``; raises ``Refused`` when the client does not take it."""


class Exchange:
    """One request of a connection, answered by ``app``."""

    def __init__(
        self, wire: Wire, app: Asgi, request: h11.Request, *, body_deadline: float
    ) -> None:
        self._wire = wire
        self._h11 = wire.h11
        self._app = app
        self._request = request
        self._body_deadline = body_deadline
        self._received = 0
        self._body_done = False
        self._answered = asyncio.Event()
        self._status: int | None = None
        self._complete = False
        self._refused: Refused | None = None

    def check(self) -> dict[str, Any]:
        """The ASGI scope; raises ``Refused`` for a request no app may see."""
        request = self._request
        names = {bytes(name) for name, _ in request.headers}
        if {b"content-length", b"transfer-encoding"} <= names:
            raise Refused("framing", 400)
        for name, value in request.headers:
            if name == b"content-length" and int(value) > self._wire.limits.max_body_bytes:
                raise Refused("body_too_large", 413)
        target = bytes(request.target)
        if not target.startswith(b"/"):  # absolute-form, authority-form, "*": not for us
            raise Refused("malformed", 400)
        raw_path, _, query = target.partition(b"?")
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": request.http_version.decode("ascii"),
            "method": request.method.decode("ascii"),
            "scheme": "http",
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "query_string": query,
            "root_path": "",
            "headers": [(bytes(k), bytes(v)) for k, v in request.headers],
            "client": (self._wire.peer, 0),
            "server": self._wire.local,
        }

    async def run(self, scope: dict[str, Any]) -> int:
        """Let the app answer; the status. Raises ``Refused`` when the connection must end."""
        try:
            await self._app(scope, self._receive, self._send)
        except Exception as err:
            if self._refused is not None:
                raise self._refused from None
            if isinstance(err, Refused):
                raise
            log.error("worker.http_error", path=scope["path"], exc_info=err)
            raise Refused(None, None if self._status else 500) from None
        finally:
            self._answered.set()
        if self._refused is not None:
            raise self._refused
        if not self._complete or self._status is None:
            log.error("worker.http_error", path=scope["path"], error="no complete answer")
            raise Refused(None, None if self._status else 500)
        return self._status

    def _refuse(self, reason: str, status: int | None) -> dict[str, Any]:
        self._refused = Refused(reason, None if self._status else status)
        return {"type": "http.disconnect"}

    async def _receive(self) -> dict[str, Any]:
        if self._refused is not None or self._body_done:
            # the body is complete: the end of the exchange is all there is left to report
            await self._answered.wait()
            return {"type": "http.disconnect"}
        if self._h11.they_are_waiting_for_100_continue:
            await self._write(
                self._h11.send(h11.InformationalResponse(status_code=100, headers=[]))
            )
        while True:
            try:
                event = self._wire.event()
            except Refused as refused:
                return self._refuse(refused.reason or "malformed", refused.status)
            if isinstance(event, h11.Data):
                self._received += len(event.data)
                if self._received > self._wire.limits.max_body_bytes:
                    return self._refuse("body_too_large", 413)
                return {"type": "http.request", "body": bytes(event.data), "more_body": True}
            if isinstance(event, h11.EndOfMessage):
                self._body_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            data = await self._wire.recv(self._body_deadline)
            if data is None:
                return self._refuse("body_timeout", 408)
            self._h11.receive_data(data)

    async def _send(self, message: MutableMapping[str, Any]) -> None:
        if self._refused is not None:
            return  # the refusal is answered instead, once the app has given up
        kind = message["type"]
        if kind == "http.response.start":
            self._status = int(message["status"])
            headers = list(message.get("headers", []))
            if self._body_left() or self._wire.last_request:
                # a body left unread, or the server stopping: no further request on this one
                headers.append((b"connection", b"close"))
            await self._write(
                self._h11.send(h11.Response(status_code=self._status, headers=headers))
            )
        elif kind == "http.response.body":
            body = bytes(message.get("body", b""))
            if body and self._request.method != b"HEAD":
                await self._write(self._h11.send(h11.Data(data=body)))
            if not message.get("more_body", False):
                await self._write(self._h11.send(h11.EndOfMessage()))
                self._complete = True

    async def _write(self, data: bytes) -> None:
        try:
            await self._wire.write(data)
        except Refused as refused:
            self._refused = refused  # the app's attempts to answer after this are dropped
            raise

    def _body_left(self) -> bool:
        """Skip what has arrived of a body the app did not read; whether more is to come.

        A request without a body ends at once (h11 reports its end on the next event); a
        body still on its way cannot be skipped without waiting for it.
        """
        while self._h11.their_state is h11.SEND_BODY:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError:
                return True
            if event is h11.NEED_DATA:
                return True
        return False

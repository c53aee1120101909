"""Raw HTTP/1.1 on loopback sockets: requests no well-behaved client library would send."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

__all__ = ["Answer", "exchange", "open_idle", "read_until_closed"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back on one connection.

    Attributes:
        status: the status code of the first response (None: no status line came).
        raw: every byte read until the server closed or the wait ended.
        closed: whether the server closed the connection within the wait.
        seconds: from sending to the close (or to the end of the wait).
    """

    status: int | None
    raw: bytes
    closed: bool
    seconds: float


def open_idle(port: int) -> socket.socket:
    """A connection to ``127.0.0.1:port`` that sends nothing."""
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def read_until_closed(sock: socket.socket, wait: float) -> tuple[bytes, bool]:
    """Every byte until the peer closes, at most ``wait`` seconds; and whether it closed."""
    deadline = time.monotonic() + wait
    data = bytearray()
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            return bytes(data), True
        if not chunk:
            return bytes(data), True
        data += chunk
    return bytes(data), False


def exchange(port: int, request: bytes, wait: float = 5.0) -> Answer:
    """Send ``request`` on a new connection; read until the server closes or ``wait`` ends."""
    with open_idle(port) as sock:
        started = time.monotonic()
        sock.sendall(request)
        raw, closed = read_until_closed(sock, wait)
        seconds = time.monotonic() - started
    status = None
    if raw.startswith(b"HTTP/1."):
        status = int(raw.split(b" ", 2)[1])
    return Answer(status, raw, closed, seconds)

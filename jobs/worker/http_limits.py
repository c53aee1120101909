"""The port's limits (from ``worker``) and the refusal that ends a connection when one is hit."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from config.sections import WorkerSettings

__all__ = ["Limits", "Refused"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The timeouts (seconds) and sizes (bytes) of the port."""

    idle_timeout: float
    header_timeout: float
    body_timeout: float
    max_header_bytes: int
    max_body_bytes: int

    @classmethod
    def of(cls, worker: WorkerSettings) -> Limits:
        """The limits the ``worker`` section configures."""
        return cls(
            idle_timeout=worker.idle_timeout_seconds,
            header_timeout=worker.header_timeout_seconds,
            body_timeout=worker.body_timeout_seconds,
            max_header_bytes=worker.max_header_bytes,
            max_body_bytes=worker.max_body_bytes,
        )


class Refused(Exception):
    """Ends a connection: counted as ``reason`` (None: not counted), ``status`` answered first.

    Attributes:
        reason: one of :data:`jobs.worker.http_rejections.REASONS`, or None for an ordinary
            end (a keep-alive connection that ran idle, an app's error already logged).
        status: the status of the short answer sent before the close (None: no answer).
    """

    def __init__(self, reason: str | None, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status

    def answer(self) -> bytes:
        """The bytes of the answer (``status`` must be set)."""
        assert self.status is not None
        phrase = HTTPStatus(self.status).phrase
        head = f"HTTP/1.1 {self.status} {phrase}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        return head.encode("ascii")

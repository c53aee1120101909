"""Requests and responses as the simulator's handler sees them, independent of any server.

``SimRequest``/``SimResponse`` carry exactly what an HTTP exchange carries. A handler signals a
Graph error by raising ``GraphProblem``; the application turns it into Graph's error body.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from freigabe_devtools.graphsim.content import Streamable

__all__ = [
    "ConnectionDropped",
    "GraphProblem",
    "SimRequest",
    "SimResponse",
    "error_body",
    "json_response",
]


class ConnectionDropped(Exception):
    """A fault rule says: close the connection without answering."""


class GraphProblem(Exception):
    """An error answer with Graph's body shape (``{"error": {"code", "message", ...}}``)."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = tuple(headers)


@dataclass(frozen=True, slots=True)
class SimRequest:
    """One HTTP request.

    Attributes:
        method: upper-case HTTP method.
        path: the raw (percent-encoded) path, without the query.
        query: the raw query string, without ``?``.
        headers: header names are matched case-insensitively.
        body: the request body.
        origin: ``scheme://host[:port]`` the client addressed; absolute links are built on it.
    """

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    origin: str = "http://127.0.0.1"

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", self.method.upper())
        object.__setattr__(self, "headers", {k.lower(): v for k, v in self.headers.items()})

    def header(self, name: str) -> str | None:
        """A header's value, or None."""
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body parsed as JSON; GraphProblem 400 when it is not JSON."""
        try:
            return json.loads(self.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise GraphProblem(400, "BadRequest", "Unable to read JSON request payload.") from None


@dataclass(frozen=True, slots=True)
class SimResponse:
    """One HTTP response; ``stream`` (when set) is the body, sent in chunks."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    stream: Streamable | None = None

    def header(self, name: str) -> str | None:
        """A header's value, or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    @property
    def length(self) -> int:
        """The body's length in bytes."""
        return self.stream.size if self.stream is not None else len(self.body)


def json_response(
    payload: object, status: int = 200, headers: Iterable[tuple[str, str]] = ()
) -> SimResponse:
    """A JSON response as Graph sends it."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    head = (("Content-Type", "application/json; charset=utf-8"), *headers)
    return SimResponse(status=status, headers=head, body=body)


def error_body(code: str, message: str, now: datetime | None = None) -> dict[str, object]:
    """Graph's error envelope, with fresh request ids."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    request_id = str(uuid.uuid4())
    return {
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": moment.strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": request_id,
                "client-request-id": request_id,
            },
        }
    }

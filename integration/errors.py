"""The one error tree of freigabe.

Adapters translate the exceptions of the libraries underneath (msgraph/kiota, httpx, sqlite3,
azure) into these types with ``raise ... from err``; nothing above the adapters catches a
library's own exception type.

    FreigabeError
    ├── ConfigError            configuration is invalid: carries one Problem per finding
    ├── StateError             the state file cannot be opened, is corrupt, locked or too new
    └── GraphError             a Graph request failed after the SDK's own retries
        ├── GraphUnreachable   no connection to the Graph host (or the simulator is not running)
        ├── AuthError          no token could be obtained, or Graph answered 401
        ├── AccessDenied       403: the app lacks a permission or a site grant
        ├── NotFound           404: site, library, item or column does not exist
        ├── Throttled          429/503 still answered after the retries were spent
        ├── ResyncRequired     410: the delta token expired; a full resync is needed
        ├── PreconditionFailed 412: the eTag no longer matches (someone else wrote first)
        └── ForeignHostRefused a link from Graph points to a host other than the configured one
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AccessDenied",
    "AuthError",
    "ConfigError",
    "ForeignHostRefused",
    "FreigabeError",
    "GraphError",
    "GraphUnreachable",
    "NotFound",
    "PreconditionFailed",
    "Problem",
    "ResyncRequired",
    "StateError",
    "Throttled",
]


class FreigabeError(Exception):
    """Root of every error freigabe raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in a configuration.

    Attributes:
        path: dotted location of the field, e.g. ``libraries.0.site.hostname``.
        message: what is wrong, in words a person who edits the file understands.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(FreigabeError):
    """The configuration cannot be used; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class StateError(FreigabeError):
    """The state store cannot be used (corrupt, locked, written by a newer version)."""


class GraphError(FreigabeError):
    """A Microsoft Graph request failed.

    Attributes:
        status: HTTP status, or None when no response arrived.
        code: Graph's error code (``error.code``), when the body had one.
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        self.status = status
        self.code = code
        super().__init__(message)


class GraphUnreachable(GraphError):
    """No connection could be made to the Graph host."""


class AuthError(GraphError):
    """No access token, or the token was refused (401)."""


class AccessDenied(GraphError):
    """403: the app lacks a permission or a per-site grant."""


class NotFound(GraphError):
    """404: the addressed resource does not exist."""


class Throttled(GraphError):
    """429/503 persisted beyond the retry middleware's attempts."""


class ResyncRequired(GraphError):
    """410 Gone: the delta token expired and a full resync is needed.

    Attributes:
        location: the fresh delta URL Graph offered in its ``Location`` header, if any.
    """

    location: str | None = None


class PreconditionFailed(GraphError):
    """412: the item changed since its eTag was read."""


class ForeignHostRefused(GraphError):
    """A nextLink, deltaLink or Location header named a host other than the configured one."""

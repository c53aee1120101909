"""The one error tree of freigabe.

Adapters translate the exceptions of the libraries underneath (msgraph/kiota, httpx, sqlite3,
azure) into these types with ``raise ... from err``; nothing above the adapters catches a
library's own exception type.

    FreigabeError
    ├── ConfigError            configuration is invalid: carries one Problem per finding
    ├── UsageError             the command line names something that does not exist
    ├── StateError             the state file cannot be opened, is corrupt, locked or too new
    ├── GraphError             a Graph request failed after the SDK's own retries
    │   ├── GraphUnreachable   no connection to the Graph host (or the simulator is not running)
    │   ├── AuthError          no token could be obtained, or Graph answered 401
    │   ├── AccessDenied       403: the app lacks a permission or a site grant
    │   ├── NotFound           404: site, library, item or column does not exist
    │   ├── Throttled          429/503 still answered after the retries, or to a request sent once
    │   ├── ResyncRequired     410: the delta token expired; a full resync is needed
    │   ├── PreconditionFailed 412: the eTag no longer matches (someone else wrote first)
    │   └── ForeignHostRefused a link from Graph points to a host other than the configured one
    ├── NotificationError      a notification (Teams card, e-mail) was not delivered
    │   ├── DeliveryRetryable  429, 5xx, timeout or no connection: the outbox tries again later
    │   └── DeliveryFailed     refused for good (other 4xx, no channel configured): recorded
    └── ExportError            publishing to the public export failed; nothing half-done is visible
        ├── HashMismatch       the bytes streamed are not the content that was voted on
        ├── UnsafeName         a path for the export is not a plain relative path inside the root
        ├── RefusedType        the released file's type is not on export.allowed_extensions
        └── ExportTargetError  the folder or Blob container refused a read or write
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AccessDenied",
    "AuthError",
    "ConfigError",
    "DeliveryFailed",
    "DeliveryRetryable",
    "ExportError",
    "ExportTargetError",
    "ForeignHostRefused",
    "FreigabeError",
    "GraphError",
    "GraphUnreachable",
    "HashMismatch",
    "NotFound",
    "NotificationError",
    "PreconditionFailed",
    "Problem",
    "RefusedType",
    "ResyncRequired",
    "StateError",
    "Throttled",
    "UnsafeName",
    "UsageError",
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


class UsageError(FreigabeError):
    """The command line names something that does not exist (exit code 2, like a bad option)."""


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
    """429/503 still answered after the wire's retries, or answered to a request sent only
    once (both in ``integration.graph.throttle``).

    Attributes:
        retry_after: seconds the answer's ``Retry-After`` asked to wait, if it said.
    """

    retry_after: float | None = None


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


class NotificationError(FreigabeError):
    """A notification could not be delivered.

    Messages name the channel key, never its address: a webhook URL is a secret.

    Attributes:
        status: the HTTP status the receiver answered, or None when no response arrived.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class DeliveryRetryable(NotificationError):
    """Worth trying again later: throttled (429), a server error (5xx), a timeout, no connection.

    Attributes:
        retry_after: seconds the receiver asked to wait (``Retry-After``), if it said.
    """

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, status=status)


class DeliveryFailed(NotificationError):
    """Refused for good (a 4xx other than 408/429, or no such channel); retrying cannot help."""


class ExportError(FreigabeError):
    """Publishing to the public export failed; the export still shows the last consistent state."""


class HashMismatch(ExportError):
    """The streamed content is not the content that was voted on; nothing was made visible.

    Attributes:
        document_id: the document whose content was refused.
        expected: the voted quickXorHash.
        actual: the quickXorHash of the bytes that arrived.
    """

    def __init__(self, document_id: str, *, expected: str, actual: str) -> None:
        self.document_id = document_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"content of {document_id} has quickXorHash {actual}, the vote was on {expected}"
        )


class UnsafeName(ExportError):
    """A path handed to an export target is absolute, climbs out, or holds forbidden characters."""


class RefusedType(ExportError):
    """The released file is of a type the export does not publish (``export.allowed_extensions``);
    nothing was downloaded or written. The message names the type and the setting."""


class ExportTargetError(ExportError):
    """The export folder or Blob container could not be read or written.

    Messages name the target and path, never a key, SAS token or connection string.
    """

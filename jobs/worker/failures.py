"""The kind of a failed job run: a word from a fixed vocabulary, safe to show anybody.

``/readyz`` is answered to whoever reaches the port. An exception's text may carry a token
(an illegal header value is quoted whole), a path or the Graph host; its type carries none
of that and is all a probe or an operator's dashboard needs. The text stays in the log,
where secrets are redacted.
"""

from __future__ import annotations

from integration.errors import (
    AccessDenied,
    AuthError,
    ConfigError,
    ExportError,
    FreigabeError,
    GraphError,
    GraphUnreachable,
    NotFound,
    NotificationError,
    StateError,
    Throttled,
)

__all__ = ["FAILURES", "failure_kind"]

# most specific first: the first class an error is an instance of names it
_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (GraphUnreachable, "graph_unreachable"),
    (AuthError, "graph_auth_failed"),
    (AccessDenied, "graph_access_denied"),
    (NotFound, "graph_not_found"),
    (Throttled, "graph_throttled"),
    (GraphError, "graph_error"),
    (StateError, "state_error"),
    (ConfigError, "config_error"),
    (ExportError, "export_failed"),
    (NotificationError, "notification_failed"),
    (FreigabeError, "failed"),
)
_BUG = "internal_error"  # not a FreigabeError: the log has its traceback

FAILURES = (*(kind for _, kind in _KINDS), _BUG)


def failure_kind(err: BaseException) -> str:
    """The word of :data:`FAILURES` for ``err``."""
    return next((kind for cls, kind in _KINDS if isinstance(err, cls)), _BUG)

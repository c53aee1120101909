"""File descriptors for the port's connections, with room left for everything else.

Each connection holds a descriptor. Once the process has none left, ``accept`` fails with
EMFILE, and with it the state store, the Graph client and the log: the sync stops. So the
connection limit must stay well below the process' limit (``ulimit -n``): the soft limit is
raised towards the hard one when that is what it takes, and a limit that still does not fit
is a configuration error before the port opens.
"""

from __future__ import annotations

import resource

from integration.errors import ConfigError, Problem

__all__ = ["FD_RESERVE", "ensure_fd_budget"]

# The state file (with its WAL and lock), the Graph and webhook connection pools, the log,
# the event loop: what the process needs besides the port's connections, with a margin.
FD_RESERVE = 64


def ensure_fd_budget(max_connections: int) -> int:
    """Make room for ``max_connections`` plus :data:`FD_RESERVE` descriptors; the soft limit.

    Raises ``ConfigError`` (``worker.max_connections``) when the hard limit is too low.
    """
    needed = max_connections + FD_RESERVE
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return needed if soft == resource.RLIM_INFINITY else soft
    if hard == resource.RLIM_INFINITY or hard >= needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
        return needed
    fitting = hard - FD_RESERVE
    advice = f"lower it to at most {fitting} or raise" if fitting >= 1 else "raise"
    message = (
        f"{max_connections} connections need {needed} file descriptors with the "
        f"{FD_RESERVE} the worker keeps for the rest, but the process may open only {hard} "
        f"(ulimit -n): {advice} the limit"
    )
    raise ConfigError([Problem("worker.max_connections", message)])

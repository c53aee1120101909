"""The worker's one HTTP port: ``/healthz``, ``/readyz`` and ``/metrics`` on Starlette.

Further routes (the Graph notification endpoint, when enabled) are handed in. The server
underneath is the worker's own (:mod:`jobs.worker.http_server`): timeouts, size limits and
a connection limit held below the process' descriptor limit, every refusal counted in
``freigabe_http_rejected_total`` and logged through structlog. It runs inside the worker's
event loop; the worker closes the port only after its jobs have stopped.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from config.sections import WorkerSettings
from integration.errors import ConfigError, Problem
from jobs.worker.fd_budget import ensure_fd_budget
from jobs.worker.http_limits import Limits
from jobs.worker.http_rejections import Rejections
from jobs.worker.http_server import HttpServer
from jobs.worker.metrics import CONTENT_TYPE, Metrics
from jobs.worker.readiness import Readiness

__all__ = ["build_app", "serving"]

_SHUTDOWN_SECONDS = 2  # probes answer at once; a slower client is cut off
# Connections waiting in the kernel's queue hold no descriptor of ours, and the accept loop
# empties it quickly: a deep queue spares a burst of clients the SYN retry (1 s and more).
_BACKLOG = 2048


def build_app(
    *, readiness: Callable[[], Readiness], metrics: Metrics, routes: Sequence[BaseRoute] = ()
) -> Starlette:
    """The probes, ``/metrics`` and ``routes``; ``readiness`` is asked on every ``/readyz``."""

    async def healthz(_: Request) -> Response:
        return JSONResponse({"alive": True})

    async def readyz(_: Request) -> Response:
        answer = readiness()
        return JSONResponse(answer.as_json(), status_code=200 if answer.ready else 503)

    async def metrics_text(_: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_text),
            *routes,
        ]
    )


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port now, so a port in use is a clear error before any work starts."""
    try:
        family, *_ = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        return socket.create_server((host, port), family=family, backlog=_BACKLOG)
    except OSError as err:
        reason = err.strerror or str(err)
        raise ConfigError(
            [Problem("worker.port", f"cannot listen on {host}:{port}: {reason}")]
        ) from err


@contextlib.asynccontextmanager
async def serving(app: Starlette, worker: WorkerSettings, metrics: Metrics) -> AsyncIterator[int]:
    """Serve ``app`` on ``worker.host:worker.port`` while the block runs; yields the port.

    Raises ``ConfigError`` when the port cannot be opened or ``worker.max_connections`` does
    not fit the descriptor limit.
    """
    ensure_fd_budget(worker.max_connections)
    listener = _listen(worker.host, worker.port)
    server = HttpServer(
        app,
        Limits.of(worker),
        max_connections=worker.max_connections,
        rejections=Rejections(metrics.http_rejected),
        on_count=metrics.http_connections,
    )
    try:
        server.start(listener)
        yield int(listener.getsockname()[1])
    finally:
        await server.stop(_SHUTDOWN_SECONDS)
        listener.close()

"""The worker's one HTTP port: ``/healthz``, ``/readyz`` and ``/metrics`` on Starlette + uvicorn.

Further routes (the Graph notification endpoint, when enabled) are handed in.

uvicorn runs inside the worker's event loop and without its own signal handlers: the worker
owns SIGTERM and SIGINT, and closes the port only after its jobs have stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from integration.errors import ConfigError, Problem
from jobs.worker.metrics import CONTENT_TYPE, Metrics
from jobs.worker.readiness import Readiness

__all__ = ["build_app", "serving"]

_SHUTDOWN_SECONDS = 2  # probes answer at once; a slower client is cut off


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


class _Server(uvicorn.Server):
    """uvicorn without signal handlers of its own."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port now, so a port in use is a clear error and not a log line of uvicorn's."""
    try:
        family, *_ = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        return socket.create_server((host, port), family=family)
    except OSError as err:
        reason = err.strerror or str(err)
        raise ConfigError(
            [Problem("worker.port", f"cannot listen on {host}:{port}: {reason}")]
        ) from err


@contextlib.asynccontextmanager
async def serving(app: Starlette, host: str, port: int) -> AsyncIterator[None]:
    """Serve ``app`` on ``host:port`` while the block runs.

    Raises ``ConfigError`` when the port cannot be opened.
    """
    sock = _listen(host, port)
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=_SHUTDOWN_SECONDS,
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # startup failed: its exception, here
                raise ConfigError([Problem("worker.port", f"no HTTP server on {host}:{port}")])
            await asyncio.sleep(0.01)
        yield
    finally:
        server.should_exit = True
        await task
        sock.close()

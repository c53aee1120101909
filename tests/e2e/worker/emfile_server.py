"""A process serving the worker's port whose descriptors something else used up.

``python -m tests.e2e.worker.emfile_server`` prints its port, then holds every descriptor
but a few (as a leak elsewhere in the process would) until SIGUSR1 gives them back; SIGTERM
stops it. The port's limits are the worker's: only the accept loop's answer to EMFILE is on
trial.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import sys

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from config.sections import WorkerSettings
from jobs.logs import configure_logging
from jobs.worker.metrics import CONTENT_TYPE, Metrics
from jobs.worker.server import serving

SPARE = 3  # descriptors left free: a connection or two, then EMFILE
FD_LIMIT = 128


def _hog() -> list[int]:
    """Open /dev/null until only ``SPARE`` descriptors are left."""
    held: list[int] = []
    with contextlib.suppress(OSError):
        while True:
            held.append(os.open(os.devnull, os.O_RDONLY))
    for fd in held[-SPARE:]:
        os.close(fd)
    return held[:-SPARE]


async def main(port: int) -> None:
    """Serve until SIGTERM; SIGUSR1 frees the hogged descriptors."""
    metrics = Metrics()

    async def metrics_text(_: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    app = Starlette(
        routes=[
            Route("/healthz", lambda _: PlainTextResponse("ok")),
            Route("/metrics", metrics_text),
        ]
    )
    worker = WorkerSettings(host="127.0.0.1", port=port, idle_timeout_seconds=1, max_connections=10)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with serving(app, worker, metrics):
        held = _hog()

        def free() -> None:
            for fd in held:
                os.close(fd)
            held.clear()

        loop.add_signal_handler(signal.SIGUSR1, free)
        print("serving", flush=True)
        await stop.wait()


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))
    configure_logging(fmt="json", level="info")
    asyncio.run(main(int(sys.argv[1])))

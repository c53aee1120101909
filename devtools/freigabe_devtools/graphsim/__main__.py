"""The simulator as a process: ``python -m freigabe_devtools.graphsim --scenario X --port P``.

The first line on stdout is the Graph base URL (``http://127.0.0.1:P/v1.0``), flushed at once
so a parent process can read it; the server then runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from freigabe_devtools.graphsim.directory import DEFAULT_TOKEN
from freigabe_devtools.graphsim.scenario import load_scenario
from freigabe_devtools.graphsim.server import SimulatorServer
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["main", "serve", "tenant_from"]

DEMO_SCENARIO = Path(__file__).with_name("scenarios") / "demo.yaml"


def tenant_from(scenario_path: Path | None) -> Tenant:
    """The scenario's tenant (default: an empty tenant with the default token)."""
    if scenario_path is not None:
        return load_scenario(scenario_path)
    tenant = Tenant()
    tenant.directory.add_token(DEFAULT_TOKEN)
    return tenant


async def serve(tenant: Tenant, host: str, port: int) -> None:
    """Serve ``tenant`` until SIGTERM or SIGINT; the first stdout line is the base URL."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with SimulatorServer(tenant, host, port) as server:
        sys.stdout.write(server.base_url + "\n")
        sys.stdout.flush()
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(
        prog="python -m freigabe_devtools.graphsim", description=__doc__
    )
    parser.add_argument("--scenario", type=Path, help=f"YAML/JSON scenario (e.g. {DEMO_SCENARIO})")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    asyncio.run(serve(tenant_from(args.scenario), args.host, args.port))


if __name__ == "__main__":
    main()

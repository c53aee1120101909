"""The work behind ``freigabe simulator``: one simulated tenant served until a signal."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO, serve, tenant_from
from freigabe_devtools.graphsim.saved import SavedTenantError, load_tenant, save_tenant
from freigabe_devtools.graphsim.scenario import ScenarioError
from integration.errors import UsageError

__all__ = ["SAVED_TENANT", "serve_simulator"]

SAVED_TENANT = "simulator-tenant.pickle"
"""The file beside the demo's configuration that holds the tenant as the demo left it."""


async def serve_simulator(
    *, scenario: Path | None, saved: Path | None, host: str, port: int, note: Callable[[str], None]
) -> None:
    """Serve the simulator until SIGINT or SIGTERM: the tenant saved in ``saved`` (written
    back on stop, so the next start goes on from there), else ``scenario``'s, else the
    demo's alliance as the scenario seeds it."""
    try:
        tenant = load_tenant(saved) if saved else tenant_from(scenario or DEMO_SCENARIO)
    except (ScenarioError, SavedTenantError, OSError) as err:
        raise UsageError(str(err)) from err
    note(f"Mandant: {saved or scenario or DEMO_SCENARIO}")
    try:
        await serve(tenant, host, port)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise UsageError(f"cannot listen on {host}:{port}: {err.strerror}") from err
        raise UsageError(
            f"port {port} on {host} is in use: stop what listens there (another "
            "`freigabe simulator`?) or pass --port"
        ) from err
    finally:
        if saved:
            save_tenant(tenant, saved)

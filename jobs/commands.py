"""The work behind ``freigabe once`` and ``simulator``."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from config import Settings
from integration.errors import UsageError
from jobs.report import events_table
from jobs.runtime import open_runtime

__all__ = ["once", "serve_simulator"]


async def once(settings: Settings) -> tuple[str, bool]:
    """Run one cycle; return the report for the terminal and whether every stage did its work
    (documents held up alone are reported, they do not fail the cycle)."""
    async with open_runtime(settings) as rt:
        full = await rt.cycle()
    report, enforced = full.sync, full.enforce
    pages = sum(lib.pages for lib in report.libraries)
    head = (
        f"{len(report.libraries)} Bibliotheken, {pages} Delta-Seiten, "
        f"{report.event_count} neue Ereignisse"
    )
    parts = [head]
    if report.events:
        more = report.event_count - len(report.events)
        table = events_table(report.events, status_column=settings.columns.status)
        parts.append(table + (f"\n… und {more} weitere" if more else ""))
    if enforced.lines:
        parts.append("Freigabeprozess:\n" + "\n".join(f"  - {line}" for line in enforced.lines))
    if enforced.failed:
        parts.append(
            "Nicht aktualisiert, im nächsten Zyklus erneut versucht:\n"
            + "\n".join(f"  - {line}" for line in enforced.failed)
        )
    if enforced.conflicts:
        parts.append(
            "Gleichzeitig geändert, im nächsten Zyklus neu entschieden: "
            + ", ".join(enforced.conflicts)
        )
    if full.publish.lines:
        parts.append("Export:\n" + "\n".join(f"  - {line}" for line in full.publish.lines))
    delivery = full.notify.delivery
    if full.notify.queued or delivery.sent or delivery.failed:
        parts.append(
            f"Teams: {full.notify.queued} Karten eingereiht, {delivery.sent} zugestellt, "
            f"{delivery.retried} später erneut, {delivery.failed} endgültig fehlgeschlagen"
        )
    if full.failed:
        parts.append(
            "Ergebnis: ein Schritt ist fehlgeschlagen (siehe oben); "
            "der nächste Zyklus versucht es erneut"
        )
    return "\n\n".join(parts), not full.failed


SAVED_TENANT = "simulator-tenant.pickle"
"""The file beside the demo's configuration that holds the tenant as the demo left it."""


async def serve_simulator(
    *, scenario: Path | None, saved: Path | None, host: str, port: int, note: Callable[[str], None]
) -> None:
    """Serve the simulator until SIGINT or SIGTERM: the tenant saved in ``saved`` (written
    back on stop, so the next start goes on from there), else ``scenario``'s, else the
    demo's alliance as the scenario seeds it."""
    from integration.graphsim.__main__ import DEMO_SCENARIO, serve, tenant_from
    from integration.graphsim.saved import SavedTenantError, load_tenant, save_tenant
    from integration.graphsim.scenario import ScenarioError

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

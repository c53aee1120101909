"""The work behind ``freigabe once``, ``status`` and ``simulator``."""

from __future__ import annotations

from pathlib import Path

from config import Settings
from integration.state import StateStore
from jobs.report import events_table
from jobs.runtime import open_runtime
from jobs.table import render_table

__all__ = ["once", "serve_simulator", "status"]


async def once(settings: Settings) -> str:
    """Run one cycle; return the report for the terminal."""
    async with open_runtime(settings) as rt:
        report = await rt.watcher.cycle()
    pages = sum(lib.pages for lib in report.libraries)
    head = (
        f"{len(report.libraries)} Bibliotheken, {pages} Delta-Seiten, "
        f"{len(report.events)} neue Ereignisse"
    )
    return head if not report.events else f"{head}\n\n{events_table(report.events)}"


def status(settings: Settings) -> str:
    """The state file's view of every library, without asking Graph."""
    with StateStore.open(settings.state_path) as store:
        rows = []
        for spec in settings.libraries:
            lib = store.get_library(spec.key)
            cursor = store.get_cursor(spec.key)
            sync = "noch nie" if cursor is None else ("aktuell" if cursor.complete else "läuft")
            rows.append(
                (spec.key, lib.display_name if lib else "?", store.count_snapshots(spec.key), sync)
            )
        last = store.get_meta("last_cycle_at") or "noch nie"
    table = render_table(["Bibliothek", "Name", "Dokumente", "Abgleich"], rows)
    return f"{table}\n\nLetzter Zyklus: {last}"


async def serve_simulator(scenario: Path | None, host: str, port: int) -> None:
    """Serve the simulator (the demo's alliance unless ``scenario``) until SIGINT or SIGTERM."""
    from integration.graphsim.__main__ import DEMO_SCENARIO, serve

    await serve(scenario or DEMO_SCENARIO, host, port)

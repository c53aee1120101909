"""The work behind ``freigabe once`` and ``freigabe adopt``."""

from __future__ import annotations

from config import Settings
from jobs.adopt_releases import adopt_releases
from jobs.bootstrap import bootstrap
from jobs.report import events_table

__all__ = ["adopt", "once"]


async def once(settings: Settings) -> tuple[str, bool]:
    """Run one cycle; return the report for the terminal and whether every stage did its work
    (documents held up alone are reported, they do not fail the cycle)."""
    async with bootstrap(settings) as rt:
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


async def adopt(settings: Settings, *, dry_run: bool) -> str:
    """Adopt the documents released before freigabe watched (``jobs.adopt_releases``)."""
    async with bootstrap(settings) as rt:
        lines = await adopt_releases(rt, dry_run=dry_run)
    return "\n".join(lines)

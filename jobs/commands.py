"""The work behind ``freigabe once`` and ``freigabe adopt``."""

from __future__ import annotations

from collections.abc import Sequence

from config import Settings
from jobs import messages as m
from jobs.adopt_releases import adopt_releases
from jobs.bootstrap import bootstrap
from jobs.report import events_table

__all__ = ["adopt", "once"]


def _bullets(lines: Sequence[str]) -> str:
    return "".join(f"\n  - {line}" for line in lines)


async def once(settings: Settings) -> tuple[str, bool]:
    """Run one cycle; return the report for the terminal and whether every stage did its work
    (documents held up alone are reported, they do not fail the cycle)."""
    async with bootstrap(settings) as rt:
        full = await rt.cycle()
    report, enforced, lang = full.sync, full.enforce, settings.language
    pages = sum(lib.pages for lib in report.libraries)
    head = (
        f"{m.LIBRARIES(lang, len(report.libraries))}, {m.DELTA_PAGES(lang, pages)}, "
        f"{m.NEW_EVENTS(lang, report.event_count)}"
    )
    parts = [head]
    if report.events:
        more = report.event_count - len(report.events)
        table = events_table(report.events, status_column=settings.columns.status, language=lang)
        parts.append(table + (f"\n{m.MORE(lang, count=more)}" if more else ""))
    if enforced.lines:
        parts.append(m.ENFORCED(lang) + _bullets(enforced.lines))
    if enforced.failed:
        parts.append(m.NOT_UPDATED(lang) + _bullets(enforced.failed))
    if enforced.conflicts:
        parts.append(m.CONFLICTS(lang, documents=", ".join(enforced.conflicts)))
    if full.publish.lines:
        parts.append(m.EXPORT(lang) + _bullets(full.publish.lines))
    delivery = full.notify.delivery
    if full.notify.queued or delivery.sent or delivery.failed:
        parts.append(
            m.TEAMS(
                lang,
                queued=m.CARDS_QUEUED(lang, full.notify.queued),
                sent=delivery.sent,
                retried=delivery.retried,
                failed=delivery.failed,
            )
        )
    if full.failed:
        parts.append(m.CYCLE_FAILED(lang))
    return "\n\n".join(parts), not full.failed


async def adopt(settings: Settings, *, dry_run: bool) -> str:
    """Adopt the documents released before freigabe watched (``jobs.adopt_releases``)."""
    async with bootstrap(settings) as rt:
        lines = await adopt_releases(rt, dry_run=dry_run)
    return "\n".join(lines)

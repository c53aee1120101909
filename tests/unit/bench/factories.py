"""Plain records of a benchmark run, shaped as the simulator's counters would give them."""

from __future__ import annotations

from tools.bench.records import Churn, Record, SizeRun, Startup, System
from tools.bench.units import resource_units

LIBRARIES = 5
STARTUP = Startup(python_s=0.02, help_s=0.2, once_s=0.5, runs=3)


def record(
    system: System,
    churn: Churn,
    *,
    items: int = 10_000,
    round_trips: int | None = None,
    operations: int = 5,
    peak_rss_mb: float = 90.0,
    by_route: tuple[tuple[str, int], ...] | None = None,
) -> Record:
    """A record whose operations are all one route unless ``by_route`` says otherwise."""
    routes = by_route or (("GET /drives/{id}/root/delta", operations),)
    return Record(
        system=system,
        items=items,
        churn=churn,
        round_trips=operations if round_trips is None else round_trips,
        operations=operations,
        resource_units=resource_units(routes),
        cycle_s=0.5,
        peak_rss_mb=peak_rss_mb,
        by_route=routes,
    )


def naive(churn: Churn, *, items: int = 10_000) -> Record:
    """The naive listing of ``items``: one 200-item page per request, 2 RU each."""
    pages = items // 200
    listing = (("GET /sites/{id}/lists/{id}/items", pages),)
    return record("naive", churn, items=items, operations=pages, by_route=listing)


def run(*records: Record, items: int = 10_000) -> SizeRun:
    """A size run of ``records``, in the order given."""
    return SizeRun(items=items, records=records)

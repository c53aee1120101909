"""The figures the benchmark measures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["INITIAL", "BenchRecord", "Churn", "Record", "SizeRun", "Startup", "System"]

System = Literal["freigabe", "naive"]
Churn = float | Literal["initial"]
INITIAL: Literal["initial"] = "initial"
"""The churn label of a first full sync: freigabe's with an empty state, the naive listing."""

BenchRecord = dict[str, str | int | float]


@dataclass(frozen=True, slots=True)
class Record:
    """One measured cycle of one system on one tenant size at one churn rate.

    Attributes:
        system: ``"freigabe"`` or ``"naive"``.
        items: files in all libraries together.
        churn: share of the files changed before the cycle (0, 0.001, 0.01), or ``"initial"``
            for the first full sync.
        round_trips: HTTP requests the simulator received during the cycle.
        operations: Graph operations (each request inside a ``$batch`` counts).
        resource_units: the operations' estimated SharePoint resource units (``units``).
        cycle_s: wall time of the cycle inside the worker, start-up excluded.
        peak_rss_mb: the worker process's peak resident set size, MiB.
        by_route: operations per endpoint key, e.g. ``("GET /drives/{id}/root/delta", 5)``.
    """

    system: System
    items: int
    churn: Churn
    round_trips: int
    operations: int
    resource_units: int
    cycle_s: float
    peak_rss_mb: float
    by_route: tuple[tuple[str, int], ...] = ()

    @property
    def changed(self) -> int:
        """K: the files changed before this cycle; all of them for a first sync."""
        if isinstance(self.churn, str):
            return self.items
        return round(self.items * self.churn)

    def routes_matching(self, suffix: str) -> int:
        """Operations on the endpoint keys ending in ``suffix``."""
        return sum(count for key, count in self.by_route if key.endswith(suffix))

    def summary(self) -> BenchRecord:
        """The record as ``bench.json`` holds it: everything but the operations by route."""
        return {
            "system": self.system,
            "items": self.items,
            "churn": self.churn,
            "round_trips": self.round_trips,
            "operations": self.operations,
            "resource_units": self.resource_units,
            "cycle_s": self.cycle_s,
            "peak_rss_mb": self.peak_rss_mb,
        }


@dataclass(frozen=True, slots=True)
class SizeRun:
    """Everything measured on one tenant size: both first syncs, then the cycles."""

    items: int
    records: tuple[Record, ...]

    def find(self, system: System, churn: Churn) -> Record | None:
        """The record of ``system`` at ``churn``, if it was measured."""
        return next((r for r in self.records if r.system == system and r.churn == churn), None)

    @property
    def churns(self) -> tuple[Churn, ...]:
        """The churn labels in the order measured, each once."""
        return tuple(dict.fromkeys(r.churn for r in self.records))


@dataclass(frozen=True, slots=True)
class Startup:
    """Median subprocess wall times (seconds) of the CLI's start-up.

    Attributes:
        python_s: ``python -c pass``, the floor any Python command starts from.
        help_s: ``freigabe --help``.
        once_s: one idle ``freigabe once`` against a small tenant.
        runs: subprocess runs behind each median.
    """

    python_s: float
    help_s: float
    once_s: float
    runs: int

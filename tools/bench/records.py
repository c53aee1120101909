"""The figures the benchmark measures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Record", "SizeRun", "Startup", "System"]

System = Literal["freigabe", "naive"]


@dataclass(frozen=True, slots=True)
class Record:
    """One measured cycle of one system on one tenant size at one churn rate.

    Attributes:
        system: ``"freigabe"`` or ``"naive"``.
        items: files in all libraries together.
        churn: share of the files changed before the cycle (0, 0.001, 0.01).
        round_trips: HTTP requests the simulator received during the cycle.
        operations: Graph operations (each request inside a ``$batch`` counts).
        cycle_s: wall time of the cycle inside the worker, start-up excluded.
        peak_rss_mb: the worker process's peak resident set size, MiB.
    """

    system: System
    items: int
    churn: float
    round_trips: int
    operations: int
    cycle_s: float
    peak_rss_mb: float

    @property
    def changed(self) -> int:
        """K: the number of files changed before this cycle."""
        return round(self.items * self.churn)


@dataclass(frozen=True, slots=True)
class SizeRun:
    """Everything measured on one tenant size: the initial full sync and the cycles."""

    items: int
    initial: Record
    cycles: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Startup:
    """Median subprocess wall times (seconds) of the CLI's start-up."""

    help_s: float
    once_s: float
    runs: int

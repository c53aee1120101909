"""Request counters: HTTP round trips and Graph operations, by endpoint key.

A round trip is one HTTP request received (``$batch`` included). An operation is one Graph
request as Graph meters it: a non-batch request counts 1; a ``$batch`` counts 0 itself and
each request inside it counts 1 under its own endpoint key. Endpoint keys are templates such
as ``"GET /drives/{id}/root/delta"``. Safe to read from another thread.
"""

from __future__ import annotations

import threading
from collections import Counter

__all__ = ["Stats"]


class Stats:
    """Counters of round trips and operations."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.round_trips: Counter[str] = Counter()
        self.operations: Counter[str] = Counter()

    def count_round_trip(self, key: str) -> None:
        """One HTTP request arrived."""
        with self._lock:
            self.round_trips[key] += 1

    def count_operation(self, key: str) -> None:
        """One Graph operation was dispatched."""
        with self._lock:
            self.operations[key] += 1

    @property
    def total_round_trips(self) -> int:
        """All round trips since the last reset."""
        with self._lock:
            return sum(self.round_trips.values())

    @property
    def total_operations(self) -> int:
        """All operations since the last reset."""
        with self._lock:
            return sum(self.operations.values())

    def reset(self) -> None:
        """Start counting from zero."""
        with self._lock:
            self.round_trips.clear()
            self.operations.clear()

    def snapshot(self) -> dict[str, object]:
        """A JSON-ready copy: totals and both counters by key."""
        with self._lock:
            return {
                "total_round_trips": sum(self.round_trips.values()),
                "total_operations": sum(self.operations.values()),
                "round_trips": dict(sorted(self.round_trips.items())),
                "operations": dict(sorted(self.operations.items())),
            }

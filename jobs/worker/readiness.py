"""Whether the worker is ready: what ``/readyz`` answers, decided from plain facts.

The configuration needs no check here: an invalid one stops ``freigabe run`` before the port
opens (exit code 2), and the settings cannot change while the worker runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from integration.errors import StateError
from integration.state import StateStore

__all__ = ["Readiness", "assess", "store_is_open"]


@dataclass(frozen=True, slots=True)
class Readiness:
    """The answer of ``/readyz``.

    Attributes:
        ready: whether the worker does its work (HTTP 200) or not (503).
        reason: why not, in a sentence for the operator; ``"ok"`` when ready.
        last_sync: end of the last successful sync, if any.
    """

    ready: bool
    reason: str
    last_sync: datetime | None

    def as_json(self) -> dict[str, object]:
        """The JSON body of the answer."""
        last = None if self.last_sync is None else self.last_sync.isoformat()
        return {"ready": self.ready, "reason": self.reason, "last_successful_sync": last}


def assess(
    *,
    now: datetime,
    last_sync: datetime | None,
    last_error: str | None,
    window: timedelta,
    store_open: bool,
    stopping: bool,
) -> Readiness:
    """Ready when not stopping, the store is open and the last sync is at most ``window`` old."""

    def no(reason: str) -> Readiness:
        return Readiness(False, reason, last_sync)

    if stopping:
        return no("shutting down")
    if not store_open:
        return no("the state store is not open")
    failing = f"; the last attempt failed: {last_error}" if last_error else ""
    if last_sync is None:
        return no("no successful sync yet" + failing)
    age = now - last_sync
    if age > window:
        return no(
            f"the last successful sync was {age.total_seconds():.0f} s ago, more than the "
            f"{window.total_seconds():.0f} s allowed" + failing
        )
    return Readiness(True, "ok", last_sync)


def store_is_open(store: StateStore) -> bool:
    """Whether ``store`` still answers a read."""
    try:
        store.get_meta("last_cycle_at")
    except StateError:
        return False
    return True

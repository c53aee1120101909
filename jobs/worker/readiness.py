"""Whether the worker is ready: what ``/readyz`` answers, decided from plain facts.

The answer is read by whoever reaches the port, so every text in it is a word of a fixed
vocabulary (:data:`STATES`, :data:`REASONS`, :data:`jobs.worker.failures.FAILURES`): never
an exception's message, a path or a host. The log has the details.

The configuration needs no check here: an invalid one stops ``freigabe run`` before the port
opens (exit code 2), and the settings cannot change while the worker runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from integration.errors import StateError
from integration.state import StateStore

__all__ = ["REASONS", "STATES", "Readiness", "assess", "store_is_open"]

STATES = ("ready", "starting", "stale", "stopping", "failed")
REASONS = (
    "ok",  # ready
    "standby",  # ready: connected, another replica leads and runs the jobs
    "no_sync_yet",  # starting: no sync has succeeded since the start
    "sync_overdue",  # stale: the last successful sync is older than the window
    "shutting_down",  # stopping: SIGTERM or SIGINT received
    "state_store_closed",  # failed: the state store no longer answers
    "state_file_missing",  # failed: nothing (readable) at the state path any more
    "state_file_replaced",  # failed: another file at the state path than the one opened
)


@dataclass(frozen=True, slots=True)
class Readiness:
    """The answer of ``/readyz``.

    Attributes:
        ready: whether the worker does its work (HTTP 200) or not (503).
        state: one of :data:`STATES`.
        reason: one of :data:`REASONS`.
        last_sync: end of the last successful sync, if any.
        last_failure: the kind of the last failed sync since the last success, if any.
        sync_age_seconds: how old the last successful sync is, when there is one.
        allowed_seconds: the age past which the sync counts as overdue.
        role: ``leader`` or ``standby`` (:data:`jobs.worker.leadership.ROLES`).
    """

    ready: bool
    state: str
    reason: str
    last_sync: datetime | None = None
    last_failure: str | None = None
    sync_age_seconds: int | None = None
    allowed_seconds: int | None = None
    role: str = "leader"

    def as_json(self) -> dict[str, object]:
        """The JSON body of the answer."""
        last = None if self.last_sync is None else self.last_sync.isoformat()
        return {
            "ready": self.ready,
            "state": self.state,
            "reason": self.reason,
            "last_successful_sync": last,
            "last_failure": self.last_failure,
            "sync_age_seconds": self.sync_age_seconds,
            "allowed_seconds": self.allowed_seconds,
            "role": self.role,
        }


def assess(
    *,
    now: datetime,
    last_sync: datetime | None,
    last_failure: str | None,
    window: timedelta,
    store_problem: str | None,
    stopping: bool,
    role: str = "leader",
) -> Readiness:
    """Ready when not stopping, the store is sound and the last sync is at most ``window`` old.

    ``store_problem`` is a failed reason of :data:`REASONS` (None: the store is sound);
    ``last_failure`` a kind of :data:`jobs.worker.failures.FAILURES`. A standby runs no sync:
    it is ready when it is not stopping and its store is sound (it can take over).
    """
    allowed = int(window.total_seconds())
    age = None if last_sync is None else int((now - last_sync).total_seconds())

    def answer(state: str, reason: str) -> Readiness:
        ready = state == "ready"
        return Readiness(ready, state, reason, last_sync, last_failure, age, allowed, role)

    if stopping:
        return answer("stopping", "shutting_down")
    if store_problem is not None:
        assert store_problem in REASONS, store_problem
        return answer("failed", store_problem)
    if role == "standby":
        return answer("ready", "standby")
    if last_sync is None:
        return answer("starting", "no_sync_yet")
    if now - last_sync > window:
        return answer("stale", "sync_overdue")
    return answer("ready", "ok")


def store_is_open(store: StateStore) -> bool:
    """Whether ``store`` still answers a read."""
    try:
        store.get_meta("last_cycle_at")
    except StateError:
        return False
    return True

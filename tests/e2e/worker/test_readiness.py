"""What /readyz answers, from the facts the worker knows: words of a fixed vocabulary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from integration.errors import (
    AuthError,
    ConfigError,
    FreigabeError,
    GraphError,
    GraphUnreachable,
    StateError,
    Throttled,
)
from jobs.worker.failures import FAILURES, failure_kind
from jobs.worker.readiness import REASONS, STATES, assess

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=3)


@pytest.mark.parametrize(
    ("age", "failure", "store_problem", "stopping", "state", "reason"),
    [
        (timedelta(seconds=10), None, None, False, "ready", "ok"),
        (WINDOW, "graph_throttled", None, False, "ready", "ok"),
        (None, None, None, False, "starting", "no_sync_yet"),
        (None, "graph_unreachable", None, False, "starting", "no_sync_yet"),
        (WINDOW + timedelta(seconds=1), None, None, False, "stale", "sync_overdue"),
        (timedelta(seconds=10), None, "state_store_closed", False, "failed", "state_store_closed"),
        (timedelta(seconds=10), None, "state_file_missing", False, "failed", "state_file_missing"),
        (None, None, "state_file_replaced", False, "failed", "state_file_replaced"),
        (timedelta(seconds=10), None, "state_file_missing", True, "stopping", "shutting_down"),
    ],
)
def test_assess(
    age: timedelta | None,
    failure: str | None,
    store_problem: str | None,
    stopping: bool,
    state: str,
    reason: str,
) -> None:
    """Ready only while running, with the state file sound and a recent enough sync."""
    last = None if age is None else NOW - age
    answer = assess(
        now=NOW,
        last_sync=last,
        last_failure=failure,
        window=WINDOW,
        store_problem=store_problem,
        stopping=stopping,
    )
    assert (answer.ready, answer.state, answer.reason) == (state == "ready", state, reason)
    body = answer.as_json()
    assert body["last_successful_sync"] == (None if last is None else last.isoformat())
    assert body["last_failure"] == failure
    assert body["allowed_seconds"] == 180
    assert body["sync_age_seconds"] == (None if age is None else int(age.total_seconds()))
    assert state in STATES
    assert reason in REASONS


@pytest.mark.parametrize(
    ("err", "kind"),
    [
        (GraphUnreachable("no connection to graph.microsoft.com"), "graph_unreachable"),
        (AuthError("AADSTS7000215: secret abc"), "graph_auth_failed"),
        (Throttled("429 after 30 retries", status=429), "graph_throttled"),
        (GraphError("500 generalException", status=500), "graph_error"),
        (StateError("state file /var/lib/freigabe/freigabe.sqlite is corrupt"), "state_error"),
        (ConfigError([]), "config_error"),
        (FreigabeError("something"), "failed"),
        (ValueError("Illegal header value b'Bearer tok\\r'"), "internal_error"),
    ],
)
def test_a_failure_is_named_by_its_kind_never_its_text(err: Exception, kind: str) -> None:
    """The kind comes from the exception's type; its text (host, path, token) is never used."""
    assert failure_kind(err) == kind
    assert kind in FAILURES

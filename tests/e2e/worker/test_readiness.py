"""What /readyz answers, from the facts the worker knows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobs.worker.readiness import assess

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=3)


@pytest.mark.parametrize(
    ("age", "error", "store_open", "stopping", "reason"),
    [
        (timedelta(seconds=10), None, True, False, "ok"),
        (WINDOW, "old news", True, False, "ok"),
        (None, None, True, False, "no successful sync yet"),
        (
            None,
            "no connection to Graph",
            True,
            False,
            "no successful sync yet; the last attempt failed: no connection to Graph",
        ),
        (
            WINDOW + timedelta(seconds=1),
            None,
            True,
            False,
            "the last successful sync was 181 s ago, more than the 180 s allowed",
        ),
        (timedelta(seconds=10), None, False, False, "the state store is not open"),
        (timedelta(seconds=10), None, True, True, "shutting down"),
    ],
)
def test_assess(
    age: timedelta | None, error: str | None, store_open: bool, stopping: bool, reason: str
) -> None:
    """Ready only while running, with the store open and a recent enough sync."""
    last = None if age is None else NOW - age
    answer = assess(
        now=NOW,
        last_sync=last,
        last_error=error,
        window=WINDOW,
        store_open=store_open,
        stopping=stopping,
    )
    assert (answer.ready, answer.reason) == (reason == "ok", reason)
    assert answer.as_json()["last_successful_sync"] == (None if last is None else last.isoformat())

"""The outbox table: once per key, due in order, in-doubt after a crash, failures kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from integration.state import StateStore
from integration.state.outbox import Outbox, OutboxCounts

T0 = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
CARD = {"type": "message", "attachments": []}


def test_enqueue_is_once_per_key(outbox: Outbox) -> None:
    """A key already queued (or sent) is not queued again."""
    assert outbox.enqueue("k1", "teams:general", "submitted", CARD, T0) is True
    assert outbox.enqueue("k1", "teams:board", "submitted", {"other": 1}, T0) is False
    (entry,) = outbox.due(T0)
    assert (entry.channel, dict(entry.payload)) == ("teams:general", CARD)
    outbox.begin_attempt("k1", T0)
    outbox.mark_sent("k1", T0)
    assert outbox.enqueue("k1", "teams:general", "submitted", CARD, T0 + timedelta(days=9)) is False
    assert outbox.counts() == OutboxCounts(pending=0, sending=0, sent=1, failed=0)


def test_due_is_oldest_first_and_respects_next_at(outbox: Outbox) -> None:
    """Entries come in the order they were queued; a rescheduled one waits for its time."""
    for key in ("a", "b", "c"):
        outbox.enqueue(key, "teams:general", "vote_cast", CARD, T0)
    outbox.begin_attempt("a", T0)
    outbox.mark_retry("a", T0 + timedelta(minutes=5), "answered 503")
    assert [e.key for e in outbox.due(T0)] == ["b", "c"]
    assert [e.key for e in outbox.due(T0 + timedelta(minutes=5))] == ["a", "b", "c"]
    assert [e.key for e in outbox.due(T0, limit=1)] == ["b"]
    assert outbox.due(T0 + timedelta(minutes=5))[0].attempts == 1


def test_an_attempt_in_flight_is_offered_again_only_after_the_timeout(store: StateStore) -> None:
    """A 'sending' entry is in doubt once the in-flight timeout has passed, not before."""
    outbox = Outbox(store, in_flight_timeout=timedelta(minutes=2))
    outbox.enqueue("k", "teams:general", "released", CARD, T0)
    outbox.begin_attempt("k", T0)
    assert outbox.due(T0 + timedelta(minutes=1)) == []
    (entry,) = outbox.due(T0 + timedelta(minutes=2))
    assert entry.in_doubt is True
    assert outbox.counts().sending == 1


def test_failures_are_kept_with_their_reason(outbox: Outbox) -> None:
    """A failed entry is counted and listed with channel, attempts and error; never due."""
    outbox.enqueue("k", "teams:general", "rejected", CARD, T0)
    outbox.begin_attempt("k", T0)
    outbox.mark_failed("k", T0 + timedelta(seconds=1), "refused with 400")
    (failure,) = outbox.failures()
    assert (failure.key, failure.channel, failure.kind) == ("k", "teams:general", "rejected")
    assert (failure.attempts, failure.error) == (1, "refused with 400")
    assert failure.failed_at == T0 + timedelta(seconds=1)
    assert outbox.due(T0 + timedelta(days=1)) == []
    assert outbox.counts() == OutboxCounts(pending=0, sending=0, sent=0, failed=1)


def test_marking_an_unknown_key_is_an_error(outbox: Outbox) -> None:
    """Marks address existing entries only."""
    with pytest.raises(KeyError):
        outbox.mark_sent("nope", T0)


def test_naive_times_are_refused(outbox: Outbox) -> None:
    """Times without a zone would sort wrongly against UTC; they are refused."""
    with pytest.raises(ValueError, match="aware"):
        outbox.enqueue("k", "teams:general", "x", CARD, datetime(2026, 1, 1))


def test_the_outbox_survives_reopening(tmp_path: Path) -> None:
    """Entries are in the state file: a new process sees what the last one queued."""
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as first:
        Outbox(first).enqueue("k", "teams:general", "submitted", CARD, T0)
    with StateStore.open(path) as second:
        assert [e.key for e in Outbox(second).due(T0)] == ["k"]

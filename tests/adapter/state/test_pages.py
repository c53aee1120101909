"""apply_page: one delta page recorded in one transaction, events recorded once."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

import psycopg
import pytest

from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
)
from integration.errors import StateError
from integration.state import Cursor, RecordedEvent, StateStore

from .conftest import LIBRARY, library, snap

NEXT = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=n1", False, False)
DONE = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=d1", True, False)


def _changed(before: DocumentSnapshot, after: DocumentSnapshot) -> DocumentChanged:
    return DocumentChanged(before, after, content_changed=False, changed_fields=("Status",))


def _summary(recorded: list[RecordedEvent]) -> list[tuple[int, str, str]]:
    return [(r.seq, r.item_id, r.kind) for r in recorded]


def test_page_stores_snapshots_cursor_and_events(store: StateStore) -> None:
    """Upserts, removals, cursor and events of a page are all visible afterwards."""
    store.apply_page(
        LIBRARY,
        cursor=NEXT,
        upserts=[snap("a"), snap("b")],
        removals=[],
        events=[DocumentAdded(snap("a")), DocumentAdded(snap("b"))],
    )
    recorded = store.apply_page(
        LIBRARY,
        cursor=DONE,
        upserts=[snap("a", "e2")],
        removals=["b", "never-seen"],
        events=[_changed(snap("a"), snap("a", "e2")), DocumentRemoved(snap("b"))],
    )
    assert store.get_cursor(LIBRARY) == DONE
    assert store.get_snapshots(LIBRARY, ["a", "b"]) == {"a": snap("a", "e2")}
    assert store.count_snapshots(LIBRARY) == 1
    assert _summary(recorded) == [(3, "a", "changed"), (4, "b", "removed")]
    assert store.events_after(0) == [
        *store.events_after(0, limit=2),
        *recorded,
    ]
    assert store.last_event_seq() == 4


def test_same_events_twice_are_recorded_once(store: StateStore) -> None:
    """Replaying a page (e.g. after a crash before its cursor was used) records nothing new."""
    events: list[DocumentEvent] = [
        DocumentAdded(snap("a")),
        _changed(snap("a"), snap("a", "e2")),
        DocumentRemoved(snap("a", "e2")),
    ]
    first = store.apply_page(LIBRARY, cursor=NEXT, upserts=[], removals=[], events=events)
    again = store.apply_page(LIBRARY, cursor=NEXT, upserts=[], removals=[], events=events)
    assert _summary(first) == [(1, "a", "added"), (2, "a", "changed"), (3, "a", "removed")]
    assert again == []
    assert store.last_event_seq() == 3


def test_only_new_events_are_returned(store: StateStore) -> None:
    """A page mixing known and new events returns exactly the new ones, with their seq."""
    store.apply_page(
        LIBRARY, cursor=NEXT, upserts=[], removals=[], events=[DocumentAdded(snap("a"))]
    )
    recorded = store.apply_page(
        LIBRARY,
        cursor=DONE,
        upserts=[],
        removals=[],
        events=[DocumentAdded(snap("a")), DocumentAdded(snap("b")), DocumentAdded(snap("a"))],
    )
    assert _summary(recorded) == [(2, "b", "added")]
    assert recorded[0].event == DocumentAdded(snap("b"))
    assert recorded[0].recorded_at.tzinfo is not None


def test_same_item_and_kind_with_new_etag_is_a_new_event(store: StateStore) -> None:
    """Two changes of one item are two events: the etag after the change tells them apart."""
    page = [_changed(snap("a"), snap("a", "e2")), _changed(snap("a", "e2"), snap("a", "e3"))]
    recorded = store.apply_page(LIBRARY, cursor=NEXT, upserts=[], removals=[], events=page)
    assert _summary(recorded) == [(1, "a", "changed"), (2, "a", "changed")]


def _bad_field() -> DocumentSnapshot:
    return snap("z", fields={"Bad": object()})  # type: ignore[dict-item]


def _naive() -> DocumentSnapshot:
    return replace(snap("z"), modified_at=datetime(2025, 1, 1))


@pytest.mark.parametrize(
    ("upserts", "events", "error"),
    [
        ([snap("b"), _bad_field()], [], TypeError),
        ([snap("b")], [DocumentAdded(snap("b")), DocumentAdded(_naive())], ValueError),
        ([snap("b")], [DocumentAdded(snap("b")), DocumentRemoved(_bad_field())], TypeError),
    ],
    ids=["bad-upsert", "naive-event-time", "bad-event-field"],
)
def test_failed_page_leaves_nothing_half_written(
    store: StateStore,
    upserts: list[DocumentSnapshot],
    events: list[DocumentEvent],
    error: type[Exception],
) -> None:
    """An error midway through a page rolls back its snapshots, removals, cursor and events."""
    store.apply_page(
        LIBRARY, cursor=NEXT, upserts=[snap("a")], removals=[], events=[DocumentAdded(snap("a"))]
    )
    with pytest.raises(error):
        store.apply_page(LIBRARY, cursor=DONE, upserts=upserts, removals=["a"], events=events)
    assert store.get_cursor(LIBRARY) == NEXT
    assert list(store.iter_snapshots(LIBRARY)) == [snap("a")]
    assert _summary(store.events_after(0)) == [(1, "a", "added")]
    # the store is still usable: the transaction did not stay open
    store.set_meta("after", "failure")
    assert store.get_meta("after") == "failure"


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (KeyboardInterrupt(), KeyboardInterrupt),
        (None, StateError),
    ],
    ids=["interrupt", "driver-error"],
)
def test_interrupted_page_rolls_back(
    store: StateStore,
    monkeypatch: pytest.MonkeyPatch,
    raised: BaseException | None,
    expected: type[BaseException],
) -> None:
    """An exception after the snapshots were written keeps none; driver errors become
    StateError (None stands for the error of the store's driver)."""

    def interrupted(*_: object) -> list[RecordedEvent]:
        if raised is not None:
            raise raised
        if store.path is not None:
            raise sqlite3.OperationalError("disk I/O error")
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("integration.state.queries.record_events", interrupted)
    with pytest.raises(expected):
        store.apply_page(LIBRARY, cursor=DONE, upserts=[snap("a")], removals=[], events=[])
    assert store.get_cursor(LIBRARY) is None
    assert store.count_snapshots(LIBRARY) == 0


def test_page_of_another_library_is_refused(store: StateStore) -> None:
    """A snapshot of another library in the page is a caller bug and raises ValueError."""
    with pytest.raises(ValueError, match="belongs to 'andere'"):
        store.apply_page(
            LIBRARY,
            cursor=NEXT,
            upserts=[],
            removals=[],
            events=[_changed(snap("a"), snap("a", key="andere"))],
        )


def test_page_for_unsaved_library_is_refused(store: StateStore) -> None:
    """Applying a page to a library that was never saved raises StateError saying so."""
    with pytest.raises(StateError, match="save_library"):
        store.apply_page(
            "unbekannt", cursor=NEXT, upserts=[snap("a", key="unbekannt")], removals=[], events=[]
        )


def test_seen_ids_need_a_resync_cursor(store: StateStore) -> None:
    """Seen ids outside a resync are refused instead of silently dropped."""
    with pytest.raises(ValueError, match="resync"):
        store.apply_page(LIBRARY, cursor=DONE, upserts=[], removals=[], events=[], seen_ids=["a"])


def test_get_snapshots_spans_chunks(store: StateStore) -> None:
    """Asking for more ids than one IN-list holds finds all, per library, unknown ids absent."""
    store.save_library(library("andere"))
    store.apply_page(
        LIBRARY,
        cursor=DONE,
        upserts=[snap(f"i{n:04}") for n in range(1200)],
        removals=[],
        events=[],
    )
    store.apply_page(
        "andere", cursor=DONE, upserts=[snap("i0001", key="andere")], removals=[], events=[]
    )
    wanted = [f"i{n:04}" for n in range(0, 1300, 3)]
    found = store.get_snapshots(LIBRARY, wanted)
    assert sorted(found) == [i for i in wanted if i < "i1200"]
    assert found["i0003"] == snap("i0003")
    assert store.get_snapshots("andere", ["i0001", "i0003"]) == {
        "i0001": snap("i0001", key="andere")
    }
    assert store.get_snapshots(LIBRARY, []) == {}


def test_events_after_pages_by_seq(store: StateStore) -> None:
    """events_after returns events above the given seq, at most limit, in seq order."""
    adds = [DocumentAdded(snap(f"i{n}")) for n in range(5)]
    store.apply_page(LIBRARY, cursor=NEXT, upserts=[], removals=[], events=adds)
    assert [r.seq for r in store.events_after(1, limit=2)] == [2, 3]
    assert [r.event for r in store.events_after(3)] == adds[3:]
    assert store.events_after(5) == []


def test_checkpoints_start_at_zero_and_move(store: StateStore) -> None:
    """A consumer's checkpoint is 0 until set, then what was set last; negatives are refused."""
    assert store.get_checkpoint("notify") == 0
    store.set_checkpoint("notify", 7)
    store.set_checkpoint("notify", 9)
    store.set_checkpoint("publish", 3)
    assert (store.get_checkpoint("notify"), store.get_checkpoint("publish")) == (9, 3)
    with pytest.raises(ValueError, match="negative"):
        store.set_checkpoint("notify", -1)


def test_empty_store_has_no_events(store: StateStore) -> None:
    """Before any page, the last event seq is 0 and there is nothing after it."""
    assert store.last_event_seq() == 0
    assert store.events_after(0) == []

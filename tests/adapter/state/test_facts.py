"""Libraries, cursors and small facts: stored, replaced, and absent until stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from approval.documents import DocumentAdded
from integration.state import Cursor, StateStore

from .conftest import LIBRARY, library, snap


def test_unknown_things_are_absent(store: StateStore) -> None:
    """Before anything is stored, lookups answer None (or nothing) rather than raising."""
    assert store.get_library("unbekannt") is None
    assert store.get_cursor(LIBRARY) is None
    assert store.get_meta("last_success") is None
    assert store.count_snapshots(LIBRARY) == 0
    assert list(store.iter_snapshots(LIBRARY)) == []


def test_saving_a_library_again_updates_it_in_place(store: StateStore) -> None:
    """Re-resolving a library replaces its ids and keeps its snapshots, cursor and events."""
    cursor = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=1", True, False)
    store.apply_page(
        LIBRARY, cursor=cursor, upserts=[snap("a")], removals=[], events=[DocumentAdded(snap("a"))]
    )
    moved = replace(library(), drive_id="b!new-drive", config_fingerprint="fp-2")
    store.save_library(moved)
    assert store.get_library(LIBRARY) == moved
    assert store.get_cursor(LIBRARY) == cursor
    assert store.count_snapshots(LIBRARY) == 1
    assert store.last_event_seq() == 1


@pytest.mark.parametrize(
    "cursor",
    [
        Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=n", False, False),
        Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=d", True, False),
        Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=r", False, True),
        Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=rd", True, True),
    ],
    ids=["next", "delta", "resync-next", "resync-done"],
)
def test_cursor_round_trips(store: StateStore, cursor: Cursor) -> None:
    """Every combination of complete and resync reads back as stored."""
    store.apply_page(LIBRARY, cursor=cursor, upserts=[], removals=[], events=[])
    assert store.get_cursor(LIBRARY) == cursor


def test_meta_is_replaced_by_the_last_value(store: StateStore) -> None:
    """set_meta overwrites; each key holds its own value."""
    store.set_meta("last_success", "2025-03-01T09:00:00+00:00")
    store.set_meta("last_success", "2025-03-01T09:05:00+00:00")
    store.set_meta("strategy", "delta")
    assert store.get_meta("last_success") == "2025-03-01T09:05:00+00:00"
    assert store.get_meta("strategy") == "delta"


def test_snapshots_iterate_in_item_id_order_across_pages(store: StateStore) -> None:
    """iter_snapshots yields every snapshot of the library once, ordered by item id."""
    ids = [f"{n:05}" for n in range(2500)] + [""]
    cursor = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=1", True, False)
    store.apply_page(
        LIBRARY, cursor=cursor, upserts=[snap(i) for i in reversed(ids)], removals=[], events=[]
    )
    assert [s.item_id for s in store.iter_snapshots(LIBRARY)] == sorted(ids)


def test_keep_meta_keeps_the_first_value(store: StateStore) -> None:
    assert store.keep_meta("k", "first") == "first"
    assert store.keep_meta("k", "second") == "first"
    assert store.get_meta("k") == "first"

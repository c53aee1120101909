"""Full resync: seen ids are recorded, unseen snapshots are the ones that disappeared."""

from __future__ import annotations

from collections.abc import Callable

from integration.state import Cursor, StateStore

from .conftest import LIBRARY, library, snap

RESYNC_NEXT = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=r1", False, True)
RESYNC_DONE = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=r2", True, True)


def _ids(store: StateStore) -> list[str]:
    return [s.item_id for s in store.unseen_snapshots(LIBRARY)]


def _stored(store: StateStore, *item_ids: str) -> None:
    done = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=d0", True, False)
    upserts = [snap(i) for i in item_ids]
    store.apply_page(LIBRARY, cursor=done, upserts=upserts, removals=[], events=[])


def test_unseen_are_the_stored_items_the_enumeration_missed(store: StateStore) -> None:
    """After an enumeration over several pages, unseen lists exactly the missing items."""
    _stored(store, "a", "b", "c", "d")
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_NEXT, upserts=[snap("a")], removals=[], events=[], seen_ids=["a"]
    )
    store.apply_page(
        LIBRARY,
        cursor=RESYNC_DONE,
        upserts=[snap("c"), snap("e")],
        removals=[],
        events=[],
        seen_ids=["c", "e"],
    )
    assert store.get_cursor(LIBRARY) == RESYNC_DONE
    assert _ids(store) == ["b", "d"]


def test_begin_resync_forgets_an_earlier_seen_set(store: StateStore) -> None:
    """Ids seen by an abandoned resync do not count for the next one."""
    _stored(store, "a", "b")
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_NEXT, upserts=[], removals=[], events=[], seen_ids=["a", "b"]
    )
    store.begin_resync(LIBRARY)
    assert _ids(store) == ["a", "b"]


def test_seen_set_survives_a_restart(
    store: StateStore, open_state: Callable[[], StateStore]
) -> None:
    """A resync resumed after reopening the file keeps the ids seen before the crash."""
    _stored(store, "a", "b", "c")
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_NEXT, upserts=[], removals=[], events=[], seen_ids=["a"]
    )
    store.close()
    with open_state() as reopened:
        assert reopened.get_cursor(LIBRARY) == RESYNC_NEXT
        reopened.apply_page(
            LIBRARY, cursor=RESYNC_DONE, upserts=[], removals=[], events=[], seen_ids=["c"]
        )
        assert [s.item_id for s in reopened.unseen_snapshots(LIBRARY)] == ["b"]


def test_finish_resync_clears_seen_set_and_flag(store: StateStore) -> None:
    """finish_resync ends the resync: the cursor keeps its link, and nothing counts as seen."""
    _stored(store, "a", "b")
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_DONE, upserts=[], removals=["b"], events=[], seen_ids=["a"]
    )
    assert _ids(store) == []
    store.finish_resync(LIBRARY)
    assert store.get_cursor(LIBRARY) == Cursor(RESYNC_DONE.link, complete=True, resync=False)
    assert _ids(store) == ["a"]


def test_seen_sets_are_per_library(store: StateStore) -> None:
    """Ids seen in one library's resync do not hide another library's snapshots."""
    store.save_library(library("andere"))
    _stored(store, "a")
    store.apply_page(
        "andere", cursor=RESYNC_DONE, upserts=[snap("a", key="andere")], removals=[], events=[]
    )
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_DONE, upserts=[], removals=[], events=[], seen_ids=["a"]
    )
    assert _ids(store) == []
    assert [s.item_id for s in store.unseen_snapshots("andere")] == ["a"]


def test_reset_cursor_forgets_cursor_and_seen_set(store: StateStore) -> None:
    """reset_cursor drops the cursor and the seen set but keeps the snapshots."""
    _stored(store, "a")
    store.begin_resync(LIBRARY)
    store.apply_page(
        LIBRARY, cursor=RESYNC_NEXT, upserts=[], removals=[], events=[], seen_ids=["a"]
    )
    store.reset_cursor(LIBRARY)
    assert store.get_cursor(LIBRARY) is None
    assert _ids(store) == ["a"]
    assert store.count_snapshots(LIBRARY) == 1

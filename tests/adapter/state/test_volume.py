"""100,000 snapshots: stored in one page, counted and streamed without loading them all."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Sequence
from typing import overload

from approval.documents import DocumentSnapshot
from integration.state import Cursor, StateStore

from .conftest import LIBRARY, snap

COUNT = 100_000
# tracing slows Python threefold, so only the first pages are traced: loading everything
# at once would show there, and later pages repeat what the first ones do
TRACED = 5_000


class _Snapshots(Sequence[DocumentSnapshot]):
    """The snapshots of the test, built on demand so the test itself holds none of them."""

    def __len__(self) -> int:
        return COUNT

    @overload
    def __getitem__(self, index: int) -> DocumentSnapshot: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[DocumentSnapshot]: ...
    def __getitem__(self, index: int | slice) -> DocumentSnapshot | Sequence[DocumentSnapshot]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(COUNT))]
        if not 0 <= index < COUNT:
            raise IndexError(index)
        return snap(f"item-{index:06}")


# On SQLite only: the paging is the same code on PostgreSQL, where writing 100,000 rows
# alone takes some seven seconds on the 2-core machine.
def test_hundred_thousand_snapshots_stream_in_bounded_memory(sqlite_store: StateStore) -> None:
    """100k snapshots go in with one page and come back streamed, in order, in bounded memory."""
    cursor = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=big", True, False)
    store = sqlite_store
    store.apply_page(LIBRARY, cursor=cursor, upserts=_Snapshots(), removals=[], events=[])
    assert store.count_snapshots(LIBRARY) == COUNT

    stream = store.iter_snapshots(LIBRARY)
    tracemalloc.start()
    try:
        first = next(stream)
        traced = 1 + sum(1 for _ in itertools.islice(stream, TRACED - 1))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # a page of 1,000 decoded snapshots is about a MB; all 100k would be over a hundred
    assert peak < 20_000_000
    assert first == snap("item-000000")
    assert traced + sum(1 for _ in stream) == COUNT

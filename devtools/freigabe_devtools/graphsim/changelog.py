"""The change log of one library, from which both delta queries are answered.

Every change of an item appends the item at the next sequence number (1, 2, ...) and records
that number on the item as its ``last_seq``. An entry is *live* when it is the item's latest
change. The delta answer for a token ``T`` is every live entry after ``T``: each changed item
once, at the position of its last change. Entries are never removed, so the sequence number
of entry ``i`` is ``i + 1`` and a page cursor is a plain index: paging costs O(page), not O(n).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

__all__ = ["ChangeLog", "Logged"]


class Logged(Protocol):
    """What the log needs of an item: the number of its latest change."""

    last_seq: int


T = TypeVar("T", bound=Logged)


class ChangeLog(Generic[T]):
    """Append-only log of item changes with an epoch that invalidates older tokens."""

    __slots__ = ("_entries", "epoch")

    def __init__(self) -> None:
        self._entries: list[T] = []
        self.epoch = 0

    @property
    def head(self) -> int:
        """The sequence number of the latest change (0 before the first)."""
        return len(self._entries)

    def record(self, item: T) -> int:
        """Append a change of ``item``; returns its sequence number."""
        self._entries.append(item)
        item.last_seq = len(self._entries)
        return item.last_seq

    def expire(self) -> None:
        """Make every token issued so far stale (they answer 410 from now on)."""
        self.epoch += 1

    def scan(
        self, start: int, stop: int, limit: int, keep: Callable[[T], bool] | None = None
    ) -> tuple[Sequence[T], int]:
        """Live items among the changes numbered ``start+1 .. stop``, at most ``limit``.

        Returns the items in change order and the position to continue from. An item changed
        again after ``stop`` is not live here: it belongs to the next window. ``keep``
        filters further (e.g. no deleted items in a first, full delta).
        """
        found: list[T] = []
        entries = self._entries
        pos = start
        while pos < stop and len(found) < limit:
            item = entries[pos]
            pos += 1
            if item.last_seq == pos and (keep is None or keep(item)):
                found.append(item)
        return found, pos

    def has_live(self, start: int, stop: int, keep: Callable[[T], bool] | None = None) -> bool:
        """Whether any live (and kept) change lies in ``start+1 .. stop``."""
        return bool(self.scan(start, stop, 1, keep)[0])

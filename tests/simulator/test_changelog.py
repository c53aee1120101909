"""The change log yields each changed item once, at its last change, within a window."""

from __future__ import annotations

from freigabe_devtools.graphsim.changelog import ChangeLog


class Entry:
    """A minimal logged item."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.last_seq = 0


def test_each_item_once_at_its_last_change() -> None:
    """An item changed twice appears once, ordered by its latest change."""
    log: ChangeLog[Entry] = ChangeLog()
    a, b, c = Entry("a"), Entry("b"), Entry("c")
    for item in (a, b, a, c):
        log.record(item)
    items, pos = log.scan(0, log.head, 10)
    assert [i.name for i in items] == ["b", "a", "c"]
    assert pos == 4


def test_window_excludes_items_changed_after_its_end() -> None:
    """An item changed again after the window's end belongs to the next window only."""
    log: ChangeLog[Entry] = ChangeLog()
    a, b = Entry("a"), Entry("b")
    log.record(a)
    log.record(b)
    end = log.head
    log.record(a)
    assert [i.name for i in log.scan(0, end, 10)[0]] == ["b"]
    assert [i.name for i in log.scan(end, log.head, 10)[0]] == ["a"]


def test_scan_pages_and_filters() -> None:
    """Pages continue where the last one stopped, and ``keep`` filters items out."""
    log: ChangeLog[Entry] = ChangeLog()
    for n in range(5):
        log.record(Entry(str(n)))
    first, pos = log.scan(0, log.head, 2)
    rest, _ = log.scan(pos, log.head, 10, keep=lambda e: e.name != "3")
    assert [i.name for i in first] == ["0", "1"]
    assert [i.name for i in rest] == ["2", "4"]
    assert not log.has_live(log.head, log.head)

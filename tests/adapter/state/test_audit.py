"""The audit log: append-only, hash-chained, tampering shows in verify_audit."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from integration.state import AuditVerification, StateStore
from integration.state.audit import GENESIS_HASH, entry_hash

from .conftest import START


def _append_three(store: StateStore) -> None:
    store.append_audit("round.opened", "vorstand/a", {"round": 1, "orgs": ["A", "B"]})
    store.append_audit("vote.cast", "vorstand/a", {"org": "A", "vote": "ja"})
    store.append_audit("round.decided", "vorstand/a", {"decision": "freigegeben"})


def _tamper(path: Path, sql: str, params: tuple[str, ...] = ()) -> None:
    """Go around the store: drop the triggers and change the table directly."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("DROP TRIGGER audit_no_update")
        raw.execute("DROP TRIGGER audit_no_delete")
        raw.execute(sql, params)
    finally:
        raw.close()


def test_entries_are_chained_and_read_back(store: StateStore) -> None:
    """Each entry links to the previous hash; the hash is sha256 of its canonical JSON."""
    first = store.append_audit("round.opened", "vorstand/a", {"round": 1, "orgs": ("A", "B")})
    second = store.append_audit("vote.cast", "vorstand/a", {"org": "A"})
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert first.at == START.replace(second=1)
    canonical = json.dumps(
        [1, first.at.isoformat(), "round.opened", "vorstand/a", {"orgs": ["A", "B"], "round": 1},
         GENESIS_HASH],
        separators=(",", ":"),
    )  # fmt: skip
    assert first.hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert list(store.iter_audit()) == [first, second]


def test_untouched_chain_verifies(store: StateStore) -> None:
    """verify_audit reports ok and the entry count for an untouched log, also an empty one."""
    assert store.verify_audit() == AuditVerification(ok=True, entries=0)
    _append_three(store)
    assert store.verify_audit() == AuditVerification(ok=True, entries=3)


def test_chain_continues_across_reopen(store: StateStore) -> None:
    """Entries appended after reopening chain on to the earlier ones."""
    _append_three(store)
    path = store.path
    store.close()
    with StateStore.open(path) as reopened:
        entry = reopened.append_audit("publish.done", "vorstand/a", {})
        assert entry.seq == 4
        assert reopened.verify_audit() == AuditVerification(ok=True, entries=4)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE audit SET payload = \'{"org":"B","vote":"ja"}\' WHERE seq = 2',
        "DELETE FROM audit WHERE seq = 2",
    ],
    ids=["update", "delete"],
)
def test_triggers_refuse_changes(store: StateStore, sql: str) -> None:
    """UPDATE and DELETE on the audit table are aborted by triggers."""
    _append_three(store)
    raw = sqlite3.connect(store.path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(sql)
    finally:
        raw.close()
    assert store.verify_audit().ok


@pytest.mark.parametrize(
    ("sql", "bad_seq", "reason"),
    [
        ('UPDATE audit SET payload = \'{"org":"B","vote":"ja"}\' WHERE seq = 2', 2, "hash"),
        ("UPDATE audit SET kind = 'vote.withdrawn' WHERE seq = 2", 2, "hash"),
        ("UPDATE audit SET at = '2030-01-01T00:00:00+00:00' WHERE seq = 1", 1, "hash"),
        ("UPDATE audit SET payload = 'nonsense' WHERE seq = 3", 3, "JSON"),
        ("DELETE FROM audit WHERE seq = 2", 3, "missing"),
        ("DELETE FROM audit WHERE seq = 1", 2, "missing"),
        ("UPDATE audit SET prev_hash = hash WHERE seq = 3", 3, "prev_hash"),
    ],
    ids=[
        "payload",
        "kind",
        "time",
        "garbled-payload",
        "deleted-middle",
        "deleted-first",
        "relinked",
    ],
)
def test_tampering_is_detected(store: StateStore, sql: str, bad_seq: int, reason: str) -> None:
    """Altering or removing an entry behind the triggers' back names the first bad seq."""
    _append_three(store)
    _tamper(store.path, sql)
    result = store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, bad_seq)
    assert result.reason is not None
    assert reason in result.reason


def test_entry_rewritten_with_recomputed_hash_breaks_the_next_link(store: StateStore) -> None:
    """Recomputing a tampered entry's own hash still breaks the link from its successor."""
    _append_three(store)
    raw = sqlite3.connect(store.path)
    try:
        at, prev = raw.execute("SELECT at, prev_hash FROM audit WHERE seq = 2").fetchone()
    finally:
        raw.close()
    forged = entry_hash(2, at, "vote.cast", "vorstand/a", {"org": "B", "vote": "ja"}, prev)
    _tamper(
        store.path,
        "UPDATE audit SET payload = ?, hash = ? WHERE seq = 2",
        ('{"org":"B","vote":"ja"}', forged),
    )
    result = store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_unserialisable_payload_is_refused_and_nothing_written(store: StateStore) -> None:
    """A payload JSON cannot hold raises and leaves the log unchanged."""
    with pytest.raises(TypeError):
        store.append_audit("x", "y", {"when": object()})
    assert list(store.iter_audit()) == []

"""The audit log: append-only, hash-chained, tampering shows in verify_audit."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from approval import RecordAudit
from integration.state import AuditHead, AuditVerification, StateStore, audit_head
from integration.state.anchors import Anchor, newest_release_anchor
from integration.state.audit import GENESIS_HASH, append_entry, entry_hash
from integration.state.codec import canonical_json
from integration.state.migrations import MIGRATIONS
from integration.state.rounds import RoundStore
from ports.ledger import Step

from .conftest import START, release


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
    """verify_audit reports ok, the entry count and the anchored head, also for an empty log."""
    assert store.verify_audit() == AuditVerification(ok=True, entries=0)
    _append_three(store)
    last = list(store.iter_audit())[-1]
    assert store.verify_audit() == AuditVerification(
        ok=True, entries=3, head=AuditHead(3, last.hash), anchors=("the state's meta table",)
    )


def test_chain_continues_across_reopen(
    store: StateStore, open_state: Callable[[], StateStore]
) -> None:
    """Entries appended after reopening chain on to the earlier ones."""
    _append_three(store)
    store.close()
    with open_state() as reopened:
        entry = reopened.append_audit("publish.done", "vorstand/a", {})
        assert entry.seq == 4
        result = reopened.verify_audit()
        assert (result.ok, result.entries, result.head) == (True, 4, AuditHead(4, entry.hash))


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE audit SET payload = \'{"org":"B","vote":"ja"}\' WHERE seq = 2',
        "DELETE FROM audit WHERE seq = 2",
    ],
    ids=["update", "delete"],
)
def test_triggers_refuse_changes(sqlite_store: StateStore, state_path: Path, sql: str) -> None:
    """UPDATE and DELETE on the audit table are aborted by triggers."""
    _append_three(sqlite_store)
    raw = sqlite3.connect(state_path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(sql)
    finally:
        raw.close()
    assert sqlite_store.verify_audit().ok


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
def test_tampering_is_detected(
    sqlite_store: StateStore, state_path: Path, sql: str, bad_seq: int, reason: str
) -> None:
    """Altering or removing an entry behind the triggers' back names the first bad seq."""
    _append_three(sqlite_store)
    _tamper(state_path, sql)
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, bad_seq)
    assert result.reason is not None
    assert reason in result.reason


def test_entry_rewritten_with_recomputed_hash_breaks_the_next_link(
    sqlite_store: StateStore,
    state_path: Path,
) -> None:
    """Recomputing a tampered entry's own hash still breaks the link from its successor."""
    _append_three(sqlite_store)
    raw = sqlite3.connect(state_path)
    try:
        at, prev = raw.execute("SELECT at, prev_hash FROM audit WHERE seq = 2").fetchone()
    finally:
        raw.close()
    forged = entry_hash(2, at, "vote.cast", "vorstand/a", {"org": "B", "vote": "ja"}, prev)
    _tamper(
        state_path,
        "UPDATE audit SET payload = ?, hash = ? WHERE seq = 2",
        ('{"org":"B","vote":"ja"}', forged),
    )
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_unserialisable_payload_is_refused_and_nothing_written(store: StateStore) -> None:
    """A payload JSON cannot hold raises and leaves the log unchanged."""
    with pytest.raises(TypeError):
        store.append_audit("x", "y", {"when": object()})
    assert list(store.iter_audit()) == []


def _append_five(store: StateStore) -> None:
    _append_three(store)
    store.append_audit("publish.done", "vorstand/a", {"slug": "a"})
    store.append_audit("round.opened", "vorstand/b", {"round": 1})


def test_every_append_moves_the_anchored_head(store: StateStore) -> None:
    """audit_head names the newest entry after each append, None before the first."""
    assert audit_head(store) is None
    for number in range(1, 4):
        entry = store.append_audit("vote.cast", "vorstand/a", {"n": number})
        assert audit_head(store) == AuditHead(entry.seq, entry.hash)


def test_failed_append_leaves_the_head(store: StateStore) -> None:
    """An append rolled back with its transaction leaves the anchored head where it was."""
    _append_three(store)
    before = audit_head(store)
    with store.transaction() as conn:
        conn.execute("SAVEPOINT step")
        append_entry(conn, START, "x", "y", {})
        conn.execute("ROLLBACK TO step")
    assert audit_head(store) == before


@pytest.mark.parametrize(
    ("sql", "first_missing", "removed"),
    [
        ("DELETE FROM audit WHERE seq = 5", 5, "entry 5 was removed"),
        ("DELETE FROM audit WHERE seq >= 3", 3, "entries 3 to 5 were removed"),
        ("DELETE FROM audit", 1, "entries 1 to 5 were removed"),
    ],
    ids=["last", "last-three", "all"],
)
def test_removed_entries_at_the_end_are_detected(
    sqlite_store: StateStore, state_path: Path, sql: str, first_missing: int, removed: str
) -> None:
    """Cutting entries off the end breaks no link: the head kept in the meta table tells."""
    _append_five(sqlite_store)
    _tamper(state_path, sql)
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, first_missing)
    assert result.reason is not None
    assert f"the state's meta table anchors the head at entry 5: {removed}" in result.reason


def test_appends_after_a_cut_keep_it_visible(sqlite_store: StateStore, state_path: Path) -> None:
    """Entries appended after the end was cut off chain on from the anchor: the gap stays."""
    _append_five(sqlite_store)
    _tamper(state_path, "DELETE FROM audit WHERE seq >= 4")
    entry = sqlite_store.append_audit("round.opened", "vorstand/c", {"round": 1})
    assert entry.seq == 6
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 6)
    assert result.reason is not None
    assert "entries are missing" in result.reason


def test_entries_added_around_the_store_are_detected(
    sqlite_store: StateStore, state_path: Path
) -> None:
    """An entry inserted after the anchored head, even with a fitting hash, is reported."""
    _append_three(sqlite_store)
    last = list(sqlite_store.iter_audit())[-1]
    at = last.at.isoformat()
    forged = entry_hash(4, at, "vote.cast", "vorstand/a", {}, last.hash)
    _tamper(
        state_path,
        "INSERT INTO audit VALUES (4, ?, 'vote.cast', 'vorstand/a', '{}', ?, ?)",
        (at, last.hash, forged),
    )
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert result.reason is not None
    assert "added around freigabe" in result.reason


def _release_step(document: str, at_seconds: int) -> Step:
    at = START.replace(second=at_seconds)
    return Step(
        library="vorstand",
        document_id=document,
        processed={},
        effects=(
            release(document, at),
            RecordAudit(document, "round.decided", at, details={"ok": "ja"}),
        ),
    )


def _untrigger_meta(path: Path, sql: str, params: tuple[str, ...] = ()) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("DROP TRIGGER audit_head_no_delete")
        raw.execute("DROP TRIGGER audit_head_forward")
        raw.execute(sql, params)
    finally:
        raw.close()


def test_release_record_keeps_the_head_after_its_own_entry(store: StateStore) -> None:
    """A release record written in a step anchors the head including the step's entries."""
    _append_three(store)
    RoundStore(store).commit_step(_release_step("a", 30))
    head = audit_head(store)
    assert head is not None
    assert head.seq == 4
    with store.reading() as conn:
        anchor = newest_release_anchor(conn)
    assert anchor == Anchor("the release record of a.docx (round 1)", AuditHead(4, head.hash))


def test_cut_below_the_newest_release_record_is_detected(
    sqlite_store: StateStore, state_path: Path
) -> None:
    """With log and meta head cut back alike, the newest release record still tells."""
    _append_three(sqlite_store)
    RoundStore(sqlite_store).commit_step(_release_step("a", 30))
    sqlite_store.append_audit("publish.done", "vorstand/a", {})
    RoundStore(sqlite_store).commit_step(_release_step("b", 40))
    sqlite_store.append_audit("publish.done", "vorstand/b", {})
    entries = list(sqlite_store.iter_audit())
    _tamper(state_path, "DELETE FROM audit WHERE seq >= 5")
    head = canonical_json(AuditHead(4, entries[3].hash).as_json())
    _untrigger_meta(state_path, "UPDATE meta SET value = ? WHERE key = 'audit_head'", (head,))
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert result.reason is not None
    assert (
        "the log ends at entry 4, but the release record of b.docx (round 1) anchors the head "
        "at entry 6: entries 5 to 6 were removed"
    ) in result.reason


def test_removed_meta_head_is_detected(sqlite_store: StateStore, state_path: Path) -> None:
    """A log whose head vanished from the meta table is reported, not trusted."""
    _append_three(sqlite_store)
    _untrigger_meta(state_path, "DELETE FROM meta WHERE key = 'audit_head'")
    result = sqlite_store.verify_audit()
    assert not result.ok
    assert result.reason == (
        "the state's meta table holds no head for this log: its anchor was removed"
    )


def test_rewritten_log_below_the_head_is_detected(
    sqlite_store: StateStore, state_path: Path
) -> None:
    """A log cut and refilled to the anchored length, chain recomputed, misses the anchor."""
    _append_three(sqlite_store)
    first = next(sqlite_store.iter_audit())
    _tamper(state_path, "DELETE FROM audit WHERE seq >= 2")
    prev, at = first.hash, first.at.isoformat()
    raw = sqlite3.connect(state_path, isolation_level=None)
    try:
        for seq in (2, 3):
            digest = entry_hash(seq, at, "vote.cast", "vorstand/a", {"forged": True}, prev)
            raw.execute(
                "INSERT INTO audit VALUES (?, ?, 'vote.cast', 'vorstand/a', ?, ?, ?)",
                (seq, at, '{"forged":true}', prev, digest),
            )
            prev = digest
    finally:
        raw.close()
    result = sqlite_store.verify_audit()
    assert (result.ok, result.first_bad_seq) == (False, 3)
    assert result.reason is not None
    assert "is not the entry the state's meta table anchors as the head" in result.reason


def test_head_moves_only_forward(sqlite_store: StateStore, state_path: Path) -> None:
    """set_meta refuses the head's key; a raw write moving it back is aborted by a trigger."""
    _append_three(sqlite_store)
    with pytest.raises(ValueError, match="belongs to the audit log"):
        sqlite_store.set_meta("audit_head", "{}")
    raw = sqlite3.connect(state_path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="only moves forward"):
            raw.execute(
                'UPDATE meta SET value = \'{"hash":"x","seq":1}\' WHERE key = \'audit_head\''
            )
        with pytest.raises(sqlite3.IntegrityError, match="only moves forward"):
            raw.execute("DELETE FROM meta WHERE key = 'audit_head'")
    finally:
        raw.close()


def test_file_from_before_the_anchor_adopts_its_head(state_path: Path) -> None:
    """Opening a file of the schema before the anchor anchors the head its log has."""
    StateStore.open(state_path).close()
    with StateStore.open(state_path) as store:
        _append_three(store)
        last = list(store.iter_audit())[-1]
    raw = sqlite3.connect(state_path, isolation_level=None)
    try:
        raw.execute("DROP TRIGGER audit_head_no_delete")
        raw.execute("DROP TRIGGER audit_head_forward")
        raw.execute("DELETE FROM meta WHERE key = 'audit_head'")
        raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    finally:
        raw.close()
    with StateStore.open(state_path) as store:
        assert audit_head(store) == AuditHead(3, last.hash)
        assert store.verify_audit().ok

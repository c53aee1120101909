"""Moving a state file into PostgreSQL (``integration.state.transfer``): every row arrives."""

from __future__ import annotations

from pathlib import Path

import pytest

from approval.documents import DocumentAdded
from config import load_settings
from integration.errors import StateError
from integration.state import Cursor, StateStore
from integration.state.outbox import Outbox
from integration.state.transfer import TABLES, transfer_state
from jobs.state_migrate import migrate_state
from tests import support

from .conftest import LIBRARY, START, snap


def _rows(store: StateStore) -> dict[str, list[tuple[object, ...]]]:
    with store.snapshot() as conn:
        return {
            table: sorted(tuple(row) for row in conn.execute(f"SELECT * FROM {table}"))  # noqa: S608
            for table in TABLES
        }


def test_every_row_moves_and_the_chain_verifies(
    sqlite_store: StateStore, postgres_state_url: str
) -> None:
    """Snapshots, events, audit, outbox, meta: the same rows there, and the chain intact."""
    cursor = Cursor("https://graph.microsoft.com/v1.0/drives/d/root/delta?token=1", True, False)
    sqlite_store.apply_page(
        LIBRARY, cursor=cursor, upserts=[snap("a")], removals=[], events=[DocumentAdded(snap("a"))]
    )
    for number in range(3):
        sqlite_store.append_audit("test.append", "doc", {"n": number})
    Outbox(sqlite_store).enqueue("k", "teams:x", "card", {"text": "Hallo"}, START)
    with StateStore.open_url(postgres_state_url) as target:
        moved = transfer_state(sqlite_store, target)
        assert (moved.verification.ok, moved.verification.entries) == (True, 3)
        assert moved.rows["audit"] == 3
        assert _rows(target) == _rows(sqlite_store)
        with pytest.raises(StateError, match=r"is not empty \(rows in libraries, cursors"):
            transfer_state(sqlite_store, target)


def test_migrate_reports_in_the_configured_language(
    sqlite_store: StateStore, postgres_state_url: str, tmp_path: Path
) -> None:
    """With ``language: en`` every line of the report is English, one count per entry."""
    sqlite_store.append_audit("test.append", "doc", {"n": 1})
    source = sqlite_store.path
    assert source is not None
    sqlite_store.close()
    data = {**support.config("http://127.0.0.1:9/v1.0", tmp_path / "s.sqlite"), "language": "en"}
    settings = load_settings(support.write_config(tmp_path / "en.yaml", data), environ={})
    text, ok = migrate_state(settings, source, postgres_state_url)
    assert ok, text
    assert text.splitlines()[0].startswith(f"State moved: {source} -> postgresql://")
    assert text.splitlines()[-1] == "Audit log unchanged: 1 entry, chain complete."

"""Opening a state file: schema, settings, and the ways opening is refused."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from integration.errors import StateError
from integration.state import StateStore
from integration.state.migrations import APPLICATION_ID, MIGRATIONS

from .conftest import library


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_fresh_file_gets_newest_schema_and_settings(state_path: Path) -> None:
    """A new file is created at the newest schema version, in WAL mode, marked as freigabe's."""
    StateStore.open(state_path).close()
    raw = _raw(state_path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        assert raw.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


def test_reopen_keeps_data_and_schema(state_path: Path) -> None:
    """Reopening an up-to-date file migrates nothing and keeps what was stored."""
    with StateStore.open(state_path) as store:
        store.save_library(library())
        store.set_meta("strategy", "delta")
    with StateStore.open(state_path) as store:
        assert store.get_library("vorstand") == library()
        assert store.get_meta("strategy") == "delta"
    raw = _raw(state_path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
    finally:
        raw.close()


def test_newer_schema_is_refused(state_path: Path) -> None:
    """A file written by a newer schema is refused with a message that says so."""
    StateStore.open(state_path).close()
    raw = _raw(state_path)
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    raw.close()
    with pytest.raises(StateError, match="newer freigabe") as caught:
        StateStore.open(state_path)
    assert f"schema version {len(MIGRATIONS) + 1}" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all, just text" * 100,
        b"SQLite format 3\x00" + bytes(range(256)) * 20,
    ],
    ids=["text", "damaged-header"],
)
def test_corrupt_file_is_refused(state_path: Path, content: bytes) -> None:
    """Garbage bytes in the file's place give a StateError naming the file as corrupt."""
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(content)
    with pytest.raises(StateError, match="is not a freigabe state file or is corrupt"):
        StateStore.open(state_path)


def test_other_sqlite_database_is_refused(state_path: Path) -> None:
    """A valid SQLite database of some other program is not taken over."""
    state_path.parent.mkdir(parents=True)
    raw = _raw(state_path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.close()
    with pytest.raises(StateError, match="is not a freigabe state file"):
        StateStore.open(state_path)


def test_second_open_is_refused_while_first_is_open(state_path: Path) -> None:
    """A second store on the same file fails with 'in use' and the holder's pid."""
    with StateStore.open(state_path):
        with pytest.raises(StateError, match="in use by another freigabe process") as caught:
            StateStore.open(state_path)
        assert f"(pid {os.getpid()})" in str(caught.value)


def test_close_releases_the_lock(state_path: Path) -> None:
    """After close, and after a refused open, the file can be opened again."""
    first = StateStore.open(state_path)
    with pytest.raises(StateError):
        StateStore.open(state_path)
    first.close()
    first.close()
    StateStore.open(state_path).close()


def test_refused_open_releases_the_lock(state_path: Path) -> None:
    """An open refused for a corrupt file leaves no lock behind."""
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"garbage" * 200)
    with pytest.raises(StateError, match="corrupt"):
        StateStore.open(state_path)
    state_path.unlink()
    StateStore.open(state_path).close()


def test_unusable_directory_is_refused(tmp_path: Path) -> None:
    """A state path below a regular file gives a StateError naming the directory."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(StateError, match="cannot create directory"):
        StateStore.open(blocker / "state.sqlite")


def test_unwritable_lock_file_is_refused(state_path: Path) -> None:
    """A lock file that cannot be opened gives a StateError asking whether the dir is writable."""
    state_path.parent.mkdir(parents=True)
    state_path.with_name(state_path.name + ".lock").mkdir()
    with pytest.raises(StateError, match=r"cannot create lock file .* writable"):
        StateStore.open(state_path)


def test_closed_store_raises_state_error(state_path: Path) -> None:
    """Using a closed store raises StateError, not a sqlite3 exception."""
    store = StateStore.open(state_path)
    store.close()
    with pytest.raises(StateError, match="closed"):
        store.get_meta("x")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_second_name_through_a_symlink_is_refused(state_path: Path, link: str) -> None:
    """A symlink to the state file, or to its folder, meets the lock of the real path."""
    with StateStore.open(state_path):
        if link == "file":
            other = state_path.parent / "other-name.sqlite"
            other.symlink_to(state_path)
        else:
            folder = state_path.parent.parent / "linked"
            folder.symlink_to(state_path.parent, target_is_directory=True)
            other = folder / state_path.name
        with pytest.raises(StateError, match="in use by another freigabe process") as caught:
            StateStore.open(other)
        assert f"{other} (that is {state_path})" in str(caught.value)

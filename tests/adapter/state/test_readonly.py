"""A read-only store: no lock, no migrations, no writes, one snapshot when asked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from integration.errors import StateError
from integration.state import StateStore
from integration.state.lockfile import lock_path
from integration.state.migrations import MIGRATIONS

from .conftest import library


def test_reads_beside_the_lock_holder_and_makes_no_lock_file(state_path: Path) -> None:
    """While a writable store holds the lock, a read-only one reads what it committed."""
    with StateStore.open(state_path) as writer:
        writer.save_library(library())
        lock_path(state_path).unlink()
        with StateStore.open_readonly(state_path) as reader:
            assert reader.get_library("vorstand") == library()
        assert not lock_path(state_path).exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.set_meta("x", "1"),
        lambda s: s.save_library(library()),
        lambda s: s.append_audit("x", "y", {}),
    ],
    ids=["meta", "library", "audit"],
)
def test_every_write_is_refused(state_path: Path, write: Callable[[StateStore], object]) -> None:
    """A write through a read-only store raises StateError and changes nothing."""
    StateStore.open(state_path).close()
    with StateStore.open_readonly(state_path) as reader:
        with pytest.raises(StateError, match="readonly"):
            write(reader)
        assert reader.get_meta("x") is None
        assert reader.verify_audit().entries == 0


def test_snapshot_sees_one_state(state_path: Path) -> None:
    """Inside snapshot a commit of the writer is not seen; after it, it is."""
    with StateStore.open(state_path) as writer, StateStore.open_readonly(state_path) as reader:
        writer.append_audit("a", "s", {})
        with reader.snapshot():
            assert len(list(reader.iter_audit())) == 1
            writer.append_audit("b", "s", {})
            assert len(list(reader.iter_audit())) == 1
            assert reader.verify_audit().ok
        assert len(list(reader.iter_audit())) == 2


def _at_version(path: Path, version: int) -> None:
    StateStore.open(path).close()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.close()


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda p: None, "does not exist (yet): `freigabe once` or the worker creates it"),
        (lambda p: p.write_bytes(b""), "holds no freigabe state yet: run `freigabe once`"),
        (
            lambda p: p.write_bytes(b"kein SQLite " * 400),
            "is not a freigabe state file or is corrupt",
        ),
        (
            lambda p: _at_version(p, len(MIGRATIONS) - 1),
            f"has schema version {len(MIGRATIONS) - 1}, this freigabe reads {len(MIGRATIONS)}: "
            "run `freigabe once` or start the worker first",
        ),
        (lambda p: _at_version(p, len(MIGRATIONS) + 1), "was written by a newer freigabe"),
    ],
    ids=["missing", "empty", "garbage", "older", "newer"],
)
def test_refused_files(state_path: Path, prepare: Callable[[Path], object], message: str) -> None:
    """Files a read cannot use are refused with one message, and none is created or changed."""
    state_path.parent.mkdir(parents=True)
    prepare(state_path)
    before = state_path.read_bytes() if state_path.exists() else None
    with pytest.raises(StateError) as caught:
        StateStore.open_readonly(state_path)
    assert message in str(caught.value)
    assert (state_path.read_bytes() if state_path.exists() else None) == before

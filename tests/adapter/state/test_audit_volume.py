"""A long audit log is verified and shown entry by entry, in flat memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from config import Settings, load_settings
from integration.state import StateStore
from integration.state.audit import append_entry
from jobs.audit_log import audit_lines
from tests import support

from .conftest import START

COUNT = 20_000
# every entry carries ~300 bytes of payload: the whole log decoded would be over 10 MB
PAYLOAD = {"actor": "anna.berger@dwv.example", "note": "Zustimmung " * 25}


@pytest.fixture(scope="module")
def long_log(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("audit-volume")
    state = folder / "state.sqlite"
    with StateStore.open(state) as store, store.transaction() as conn:
        for n in range(COUNT):
            append_entry(conn, START + timedelta(seconds=n), "vote.cast", f"lib/{n}", PAYLOAD)
    config = support.write_config(
        folder / "c.yaml", support.config("http://127.0.0.1:9/v1.0", state)
    )
    return load_settings(config, {})


def _peak(consume: Callable[[], int]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        result = consume()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("json_lines", [True, False], ids=["json", "table"])
def test_show_streams_a_long_log(long_log: Settings, json_lines: bool) -> None:
    """20k entries come out as lines one by one, the peak memory a small fraction of the log."""
    lines, peak = _peak(lambda: sum(1 for _ in audit_lines(long_log, json_lines=json_lines)))
    assert lines == COUNT + (0 if json_lines else 2)
    assert peak < 3_000_000


def test_verify_streams_a_long_log(long_log: Settings) -> None:
    """verify reads 20k entries read-only in one snapshot, in flat memory."""
    path: Path = long_log.state_path
    with StateStore.open_readonly(path) as store:
        result, peak = _peak(lambda: store.verify_audit().entries)
    assert result == COUNT
    assert peak < 3_000_000

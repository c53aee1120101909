"""The composition root closes what it opened however the command ends, and hands every
part the one clock it was given."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from integration.state import StateStore
from tests.adapter.graph.conftest import RuntimeFactory

NOON = datetime(2030, 5, 6, 12, 0, tzinfo=UTC)


async def test_a_failing_command_leaves_the_state_file_free(
    runtime: RuntimeFactory, tmp_path: Path
) -> None:
    async def failing_command() -> None:
        async with runtime() as rt:
            await rt.cycle()
            raise RuntimeError("the command failed")

    with pytest.raises(RuntimeError, match="the command failed"):
        await failing_command()
    # the lock is held until the store is closed: a second open would raise StateError
    StateStore.open(tmp_path / "state.sqlite").close()


async def test_every_stage_runs_on_the_given_clock(runtime: RuntimeFactory) -> None:
    async with runtime(clock=lambda: NOON) as rt:
        full = await rt.cycle()
    assert (full.sync.started_at, full.sync.finished_at) == (NOON, NOON)
    # the first pass records every document, stamped by the state store's clock
    stamps = {e.recorded_at for lib in full.sync.libraries for e in lib.events}
    assert stamps == {NOON}

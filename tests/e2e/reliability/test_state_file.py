"""A state file that cannot be used stops every command with one clear message and exit 1."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import FREIGABE, SimProcess, run_cli

DELTA = "GET /drives/{id}/root/delta"


def _clear_failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Error: {message}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["once", "run", "status"])
def test_corrupt_state_file(config_file: Path, tmp_path: Path, command: str) -> None:
    """Garbage bytes in place of the state file: the command names the file as corrupt."""
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"\x00\xffkein SQLite\x13\x37" * 400)
    result = run_cli("--config", str(config_file), command, timeout=30)
    _clear_failure(result, f"{state} is not a freigabe state file or is corrupt")
    assert state.read_bytes().startswith(b"\x00\xffkein SQLite")


def test_state_file_held_by_a_killed_process(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """While another process holds the file a second one refuses; after its SIGKILL it works."""
    sim.control("POST", "/_sim/faults", {"kind": "latency", "endpoint": DELTA, "latency": 30})
    holder = subprocess.Popen(
        [FREIGABE, "--config", str(config_file), "once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while sim.control("GET", "/_sim/stats")["round_trips"].get(DELTA, 0) < 1:
            assert time.monotonic() < deadline, "the first process never asked for the delta"
            time.sleep(0.05)
        second = run_cli("--config", str(config_file), "once")
        _clear_failure(
            second,
            f"state file {tmp_path / 'state.sqlite'} is in use by another freigabe process "
            f"(pid {holder.pid})",
        )
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    after = run_cli("--config", str(config_file), "once")
    assert after.returncode == 0, after.stderr
    assert "3 neue Ereignisse" in after.stdout

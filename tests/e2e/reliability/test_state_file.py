"""A state file that cannot be used stops every command with one clear message and exit 1."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess, run_cli
from tests.e2e.mounts import run_cli_mounted, tmpfs

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


@pytest.mark.parametrize("command", ["once", "status"])
def test_garbage_text_in_a_stored_row(
    sim: SimProcess, config_file: Path, tmp_path: Path, command: str
) -> None:
    """Text that is no JSON in a stored vote round: one line naming file and document."""
    run_cli("--config", str(config_file), "once")
    sim.set_fields(
        "Dokument 01.docx",
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["BLP"],
    )
    assert run_cli("--config", str(config_file), "once").returncode == 0
    state = tmp_path / "state.sqlite"
    with sqlite3.connect(state) as conn:
        (document,) = conn.execute("SELECT document_id FROM rounds").fetchone()
        conn.execute("UPDATE rounds SET data = 'Textmüll, kein JSON'")
    conn.close()
    result = run_cli("--config", str(config_file), command)
    _clear_failure(
        result,
        f"state file {state} is damaged: a vote round cannot be read (document {document}); "
        "restore it from a backup",
    )


def _hold(sim: SimProcess, config_file: Path) -> subprocess.Popen[bytes]:
    """A ``once`` that holds the state file, stalled in its first delta request."""
    sim.control("POST", "/_sim/faults", {"kind": "latency", "endpoint": DELTA, "latency": 30})
    holder = subprocess.Popen(
        [FREIGABE, "--config", str(config_file), "once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while sim.control("GET", "/_sim/stats")["round_trips"].get(DELTA, 0) < 1:
        assert time.monotonic() < deadline, "the first process never asked for the delta"
        time.sleep(0.05)
    return holder


def test_state_file_held_by_a_killed_process(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """While another process holds the file a second one refuses; after its SIGKILL it works."""
    holder = _hold(sim, config_file)
    try:
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


def test_state_file_through_a_symlink_meets_the_same_lock(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """A second process naming the state file through a symlink refuses, naming both paths."""
    link = tmp_path / "zweiter-name.sqlite"
    link.symlink_to(tmp_path / "state.sqlite")
    linked = support.write_config(tmp_path / "linked.yaml", support.config(sim.base_url, link))
    holder = _hold(sim, config_file)
    try:
        second = run_cli("--config", str(linked), "once")
        _clear_failure(
            second,
            f"state file {link} (that is {tmp_path / 'state.sqlite'}) is in use by another "
            f"freigabe process (pid {holder.pid})",
        )
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    assert not link.with_name(link.name + ".lock").exists()


def test_full_volume_after_the_lock_file(sim: SimProcess, tmp_path: Path) -> None:
    """Room for the lock file but not for the state file: one line naming the full volume."""
    folder = tmp_path / "fast-voll"
    folder.mkdir()
    config = support.write_config(
        tmp_path / "voll.yaml", support.config(sim.base_url, folder / "state.sqlite")
    )
    fill = f"head -c 40k /dev/zero > '{folder}/filler'"
    result = run_cli_mounted(
        [tmpfs(str(folder), "size=64k"), fill], "--config", str(config), "once"
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"Error: cannot open state file {folder / 'state.sqlite'}: ")
    assert f"bytes free on the volume of {folder}" in message


@pytest.mark.parametrize(
    ("options", "verb"),
    [("size=64k", "write"), ("size=64k,nr_inodes=2", "create")],
    ids=["no-blocks-left", "no-inodes-left"],
)
def test_full_volume_while_creating_the_lock_file(
    sim: SimProcess, tmp_path: Path, options: str, verb: str
) -> None:
    """On a full tmpfs the lock file cannot be made: one line saying the volume is full."""
    folder = tmp_path / "voll"
    folder.mkdir()
    config = support.write_config(
        tmp_path / "voll.yaml", support.config(sim.base_url, folder / "state.sqlite")
    )
    fill = f"(head -c 1M /dev/zero > '{folder}/filler' 2>/dev/null || true)"
    result = run_cli_mounted([tmpfs(str(folder), options), fill], "--config", str(config), "once")
    _clear_failure(
        result,
        f"cannot {verb} lock file {folder / 'state.sqlite.lock'}: No space left on device; "
        f"the volume of {folder} is full",
    )

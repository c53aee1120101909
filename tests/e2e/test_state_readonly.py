"""status, audit verify, audit show and backup read the state file read-only: beside a
writer, on a read-only folder; and a backup restored as the README says.

The writer is a second process holding the file's lock and appending to it
(``tests.e2e.state_writer``); the read-only folder is a read-only bind mount in a private
mount namespace (``tests.e2e.mounts``), as a ``:ro`` volume is.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.state.migrations import MIGRATIONS
from tests import support
from tests.e2e.conftest import FREIGABE, run_cli
from tests.e2e.mounts import read_only_bind, run_cli_mounted, tmpfs

# status and audit verify never ask Graph: nothing needs to listen here
NO_GRAPH = "http://127.0.0.1:9/v1.0"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    folder = tmp_path / "zustand"
    folder.mkdir()
    return folder / "state.sqlite"


@pytest.fixture
def config(tmp_path: Path, state: Path) -> Path:
    return support.write_config(tmp_path / "freigabe.yaml", support.config(NO_GRAPH, state))


class Writer:
    """A ``tests.e2e.state_writer`` process and the lines it printed."""

    def __init__(self, state: Path, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.state_writer", str(state), *options],
            stdout=subprocess.PIPE,
            text=True,
        )

    def line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=20)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def writers() -> Iterator[list[Writer]]:
    started: list[Writer] = []
    yield started
    for writer in started:
        writer.stop()


def _entries(result: subprocess.CompletedProcess[str]) -> int:
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"unverändert: (\d+) Einträge, Kette vollständig", result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def _written(state: Path, appends: int, then: str = "wait") -> None:
    writer = Writer(state, "--appends", str(appends), "--then", then)
    assert writer.line() == "ready"
    assert writer.line() == (f"killed at {appends}" if then == "kill" else f"stopped at {appends}")
    writer.stop()


def test_status_and_verify_beside_a_busy_writer(
    config: Path, state: Path, writers: list[Writer]
) -> None:
    """While another process holds the lock and appends, both commands read one consistent state."""
    writers.append(Writer(state, "--pause", "0.005"))
    assert writers[0].line() == "ready"
    seen = [_entries(run_cli("--config", str(config), "audit", "verify")) for _ in range(5)]
    assert seen == sorted(seen)
    assert seen[-1] > seen[0]
    status = run_cli("--config", str(config), "status")
    assert status.returncode == 0, status.stderr
    assert "Offene Abstimmungen: keine" in status.stdout
    once = run_cli("--config", str(config), "once")
    assert once.returncode == 1
    assert f"is in use by another freigabe process (pid {writers[0].proc.pid})" in once.stderr


@pytest.mark.parametrize("command", [("status",), ("audit", "verify")], ids=["status", "verify"])
def test_read_only_folder_after_a_clean_stop(
    config: Path, state: Path, command: tuple[str, ...]
) -> None:
    """No -wal and no -shm, none creatable: the file alone is read, without locking."""
    _written(state, 40)
    assert not Path(f"{state}-wal").exists()
    result = run_cli_mounted([read_only_bind(str(state.parent))], "--config", str(config), *command)
    assert result.returncode == 0, result.stdout + result.stderr
    if command == ("audit", "verify"):
        assert _entries(result) == 40
    assert sorted(p.name for p in state.parent.iterdir()) == ["state.sqlite", "state.sqlite.lock"]


def test_read_only_folder_beside_a_running_writer(
    config: Path, state: Path, writers: list[Writer]
) -> None:
    """The writer keeps -shm current; a reader that cannot write it reads through it."""
    writers.append(Writer(state, "--pause", "0.005"))
    assert writers[0].line() == "ready"
    mounted = [read_only_bind(str(state.parent))]
    seen = [
        _entries(run_cli_mounted(mounted, "--config", str(config), "audit", "verify"))
        for _ in range(3)
    ]
    assert seen == sorted(seen)
    assert seen[-1] > seen[0]


def test_read_only_folder_after_a_killed_writer(config: Path, state: Path) -> None:
    """-wal and -shm left by a SIGKILL: the changes only in -wal are read too."""
    _written(state, 60, then="kill")
    assert Path(f"{state}-wal").stat().st_size > 0
    mounted = [read_only_bind(str(state.parent))]
    assert _entries(run_cli_mounted(mounted, "--config", str(config), "audit", "verify")) == 60


def test_read_only_folder_with_a_wal_but_no_shm(config: Path, state: Path) -> None:
    """Changes in -wal that only -shm could open: one line saying why and what to do."""
    _written(state, 60, then="kill")
    Path(f"{state}-shm").unlink()
    mounted = [read_only_bind(str(state.parent))]
    result = run_cli_mounted(mounted, "--config", str(config), "audit", "verify")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"Error: cannot read state file {state}: its folder cannot be written here, and "
        f"{state}-wal holds changes that SQLite reads only through state.sqlite-shm, which is "
        "missing; run the command where the folder is writable, or run `freigabe once` there "
        "to fold the changes into the file"
    )
    again = run_cli("--config", str(config), "audit", "verify")
    assert _entries(again) == 60


@pytest.mark.parametrize("command", [("status",), ("audit", "verify")], ids=["status", "verify"])
def test_older_schema_asks_for_a_cycle_first(
    config: Path, state: Path, command: tuple[str, ...]
) -> None:
    """A file of an older schema is not migrated by a read: the message says what will."""
    _written(state, 3)
    with sqlite3.connect(state) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.close()
    result = run_cli("--config", str(config), *command)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: state file {state} has schema version {len(MIGRATIONS) - 1}, this freigabe "
        f"reads {len(MIGRATIONS)}: run `freigabe once` or start the worker first, which bring "
        "it up to date"
    )


def test_missing_state_file(config: Path, state: Path) -> None:
    """status says there is no state yet (exit 0); verify cannot check what is not there."""
    status = run_cli("--config", str(config), "status")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith(f"Noch kein Zustand: {state} gibt es noch nicht")
    verify = run_cli("--config", str(config), "audit", "verify")
    assert verify.returncode == 1
    assert verify.stderr.strip() == (
        f"Error: state file {state} does not exist (yet): `freigabe once` or the worker creates it"
    )
    assert list(state.parent.iterdir()) == []


def test_audit_show_beside_a_writer_and_into_a_closed_pipe(
    config: Path, state: Path, writers: list[Writer]
) -> None:
    """A long log is shown while the writer holds it; a reader that stops early ends it cleanly."""
    writers.append(Writer(state, "--appends", "3000"))
    assert writers[0].line() == "ready"
    assert writers[0].line() == "stopped at 3000"
    table = run_cli("--config", str(config), "audit", "show")
    assert table.returncode == 0, table.stderr
    assert len(table.stdout.splitlines()) == 3002
    head = subprocess.Popen(
        [FREIGABE, "--config", str(config), "audit", "show", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert head.stdout is not None
    assert head.stderr is not None
    assert '"seq":1,' in head.stdout.readline()
    head.stdout.close()
    assert head.wait(timeout=30) == 0
    assert head.stderr.read() == ""
    head.stderr.close()


def _head(report: str) -> int:
    found = re.search(r"Audit-Kopf: Eintrag (\d+), sha256 [0-9a-f]{64}", report)
    assert found, report
    return int(found.group(1))


def _config_for(tmp_path: Path, state: Path) -> Path:
    return support.write_config(tmp_path / f"{state.stem}.yaml", support.config(NO_GRAPH, state))


def _backup(config: Path, target: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--config", str(config), "backup", str(target), *more)


def test_backup_beside_a_busy_writer(
    config: Path, state: Path, tmp_path: Path, writers: list[Writer]
) -> None:
    """While another process appends, the copy is one consistent snapshot in one file."""
    writers.append(Writer(state, "--pause", "0.005"))
    assert writers[0].line() == "ready"
    target = tmp_path / "sicherung" / "freigabe.sqlite"
    target.parent.mkdir()
    result = _backup(config, target)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Sicherung geschrieben: {target}"
    assert lines[1] == f"  Größe: {target.stat().st_size} Bytes"
    assert lines[2] == "  Schema-Version: 6"
    assert lines[4] == "  Prüfung (quick_check): ok"
    copied = _entries(run_cli("--config", str(_config_for(tmp_path, target)), "audit", "verify"))
    assert copied == _head(result.stdout)
    assert sorted(p.name for p in target.parent.iterdir()) == ["freigabe.sqlite"]
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


def test_backup_never_replaces_a_file_unasked(config: Path, state: Path, tmp_path: Path) -> None:
    """An existing FILE stays untouched (exit 2) unless --force; the state file never is one."""
    _written(state, 5)
    target = tmp_path / "vorhanden.sqlite"
    target.write_bytes(b"alte Sicherung")
    refused = _backup(config, target)
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"Error: {target} exists; pass --force to replace it"
    assert target.read_bytes() == b"alte Sicherung"
    forced = _backup(config, target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert _head(forced.stdout) == 5
    link = tmp_path / "zustand-link.sqlite"
    link.symlink_to(state)
    for own in (state, link, Path(f"{state}-wal")):
        itself = _backup(config, own, "--force")
        assert itself.returncode == 2
        assert (
            itself.stderr.strip() == f"Error: {own} is the state file itself; name a file elsewhere"
        )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_backup_of_a_read_only_folder(config: Path, state: Path, tmp_path: Path) -> None:
    """The state folder mounted read-only: the backup is written elsewhere all the same."""
    _written(state, 12)
    target = tmp_path / "sicherung.sqlite"
    mounted = [read_only_bind(str(state.parent))]
    result = run_cli_mounted(mounted, "--config", str(config), "backup", str(target))
    assert result.returncode == 0, result.stderr
    assert _head(result.stdout) == 12


def test_restore_as_the_readme_says(config: Path, state: Path, tmp_path: Path) -> None:
    """Stop, replace the file, delete -wal/-shm, start: the state is the backup's and grows on."""
    _written(state, 20)
    target = tmp_path / "sicherung.sqlite"
    assert _backup(config, target).returncode == 0
    _written(state, 40, then="kill")
    assert _entries(run_cli("--config", str(config), "audit", "verify")) == 40
    shutil.copyfile(target, state)
    for end in ("-wal", "-shm"):
        Path(f"{state}{end}").unlink()
    assert _entries(run_cli("--config", str(config), "audit", "verify")) == 20
    _written(state, 30)
    assert _entries(run_cli("--config", str(config), "audit", "verify")) == 30
    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_backup_to_a_folder_it_cannot_write(config: Path, state: Path, tmp_path: Path) -> None:
    """Missing, read-only or full: one line naming the target and why, and nothing left there."""
    _written(state, 30)
    folder = tmp_path / "ziel"
    missing = _backup(config, folder / "sicherung.sqlite")
    assert missing.returncode == 2
    assert (
        missing.stderr.strip()
        == f"Error: folder {folder} does not exist; create it or name another"
    )
    folder.mkdir()
    target = folder / "sicherung.sqlite"
    for setup, why in (
        (read_only_bind(str(folder)), "Read-only file system"),
        (
            tmpfs(str(folder), "size=8k"),
            "database or disk is full; only 8192 bytes free on the volume",
        ),
    ):
        result = run_cli_mounted([setup], "--config", str(config), "backup", str(target))
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: cannot write backup {target}: {why}"), (
            result.stderr
        )
        assert len(result.stderr.splitlines()) == 1
    assert list(folder.iterdir()) == []

"""A state file on a network share: check warns, once logs a warning; neither refuses.

The network share is the process's own view: a mountinfo that lists the state folder as an
NFS mount is bind-mounted over ``/proc/<pid>/mountinfo`` of the shell that then becomes
freigabe (``exec`` keeps the pid), in a private mount namespace.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import SimProcess, run_cli
from tests.e2e.mounts import run_cli_mounted


def _as_nfs(tmp_path: Path) -> str:
    """Shell text: this process sees ``tmp_path`` as an NFS mount."""
    fake = tmp_path / "mountinfo"
    real = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
    line = f"999 1 0:99 / {tmp_path} rw,relatime - nfs4 dateiserver.example:/freigabe rw\n"
    fake.write_text(real + line, encoding="utf-8")
    return f"mount --bind '{fake}' /proc/$$/mountinfo"


def test_check_and_once_warn_of_a_network_share(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """The warning names the file, type, source and mount; the state is used all the same."""
    state = tmp_path / "state.sqlite"
    local = run_cli("--config", str(config_file), "check")
    assert "Netzlaufwerk" not in local.stdout
    checked = run_cli_mounted([_as_nfs(tmp_path)], "--config", str(config_file), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        f"Warnung: die Zustandsdatei {state} liegt auf einem Netzlaufwerk (nfs4 "
        f"dateiserver.example:/freigabe auf {tmp_path}); SQLite sperrt dort nicht sicher"
    ) in checked.stdout
    assert checked.stdout.rstrip().endswith("Ergebnis: bereit")
    ran = run_cli_mounted([_as_nfs(tmp_path)], "--config", str(config_file), "once")
    assert ran.returncode == 0, ran.stderr
    logged = [json.loads(line) for line in ran.stderr.splitlines() if line.startswith("{")]
    [warning] = [line for line in logged if line["event"] == "state.network_share"]
    assert warning["level"] == "warning"
    assert (warning["path"], warning["fstype"], warning["mount_point"]) == (
        str(state),
        "nfs4",
        str(tmp_path),
    )
    assert state.exists()

"""The commands that only read the state file work while ``freigabe run`` holds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests import support
from tests.e2e.conftest import SimProcess, run_cli
from tests.e2e.worker.conftest import WorkerProcess


def test_status_and_audit_verify_beside_the_worker(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    """With the worker running and holding the lock: status and verify exit 0, once refuses."""
    worker = start_worker()
    worker.until_ready(True)
    config = tmp_path / "worker.yaml"
    status = run_cli("--config", str(config), "status")
    assert status.returncode == 0, status.stderr
    assert "lib0" in status.stdout
    assert "aktuell" in status.stdout
    verify = run_cli("--config", str(config), "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "Kette vollständig" in verify.stdout
    once = run_cli("--config", str(config), "once")
    assert once.returncode == 1
    assert f"in use by another freigabe process (pid {worker.proc.pid})" in once.stderr
    assert support.TOKEN not in status.stdout + verify.stdout
    code, _ = worker.terminate()
    assert code == 0

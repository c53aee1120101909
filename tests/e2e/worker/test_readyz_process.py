"""``/readyz`` of a running worker: a fixed vocabulary, and the state file under its feet."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import support
from tests.e2e.conftest import SimProcess
from tests.e2e.worker.conftest import WorkerProcess

STATES = {"ready", "starting", "stale", "stopping", "failed"}
REASONS = {
    "ok",
    "standby",
    "no_sync_yet",
    "sync_overdue",
    "shutting_down",
    "state_store_closed",
    "state_file_missing",
    "state_file_replaced",
}
ROLES = {"leader", "standby"}
FAILURES = {
    None,
    "graph_unreachable",
    "graph_auth_failed",
    "graph_access_denied",
    "graph_not_found",
    "graph_throttled",
    "graph_error",
    "state_error",
    "config_error",
    "export_failed",
    "notification_failed",
    "failed",
    "internal_error",
}


def assert_vocabulary(body: dict[str, object]) -> None:
    """Every text of a /readyz body is a word of the fixed vocabulary."""
    assert body["state"] in STATES
    assert body["reason"] in REASONS
    assert body["last_failure"] in FAILURES
    assert body["role"] in ROLES
    texts = [v for k, v in body.items() if isinstance(v, str) and k != "last_successful_sync"]
    assert all(t in STATES | REASONS | FAILURES | ROLES for t in texts), body


def test_a_token_with_a_trailing_cr_is_refused_before_the_worker_starts(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess]
) -> None:
    """``Bearer <token>\\r`` could only fail every sync (and once showed up in /readyz and a
    traceback): the worker refuses it at start, exit 2, with one line that names the setting
    and not the token."""
    worker = start_worker(env={"FREIGABE_CREDENTIAL__STATIC_TOKEN": support.TOKEN + "\r"})
    assert worker.proc.wait(timeout=30) == 2
    log = worker.log.read_text(encoding="utf-8")
    assert "static_token" in log
    assert "printable ASCII" in log
    assert support.TOKEN not in log
    assert "Traceback" not in log


def _delete(state: Path) -> None:
    state.unlink()


def _replace(state: Path) -> None:
    copy = state.with_name("copy.sqlite")
    shutil.copyfile(state, copy)
    copy.replace(state)


@pytest.mark.parametrize(
    ("change", "reason"),
    [(_delete, "state_file_missing"), (_replace, "state_file_replaced")],
    ids=["deleted", "replaced"],
)
def test_readyz_fails_once_the_state_file_is_gone_or_replaced(
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
    change: Callable[[Path], None],
    reason: str,
) -> None:
    """The file the worker opened is no longer at the state path: 503, and it stays 503."""
    worker = start_worker()
    ready = worker.until_ready(True)
    assert (ready["state"], ready["reason"], ready["last_failure"]) == ("ready", "ok", None)

    change(tmp_path / "state.sqlite")

    body = worker.until_ready(False)
    assert (body["state"], body["reason"]) == ("failed", reason)
    assert_vocabulary(body)
    assert worker.get("/healthz") == (200, '{"alive":true}')
    assert worker.terminate()[0] == 0

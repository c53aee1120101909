"""``/readyz`` of a running worker: a fixed vocabulary, and the state file under its feet."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import support
from tests.e2e.conftest import SimProcess
from tests.e2e.worker.conftest import WorkerProcess, wait_for

STATES = {"ready", "starting", "stale", "stopping", "failed"}
REASONS = {
    "ok",
    "no_sync_yet",
    "sync_overdue",
    "shutting_down",
    "state_store_closed",
    "state_file_missing",
    "state_file_replaced",
}
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
    texts = [v for k, v in body.items() if isinstance(v, str) and k != "last_successful_sync"]
    assert all(t in STATES | REASONS | FAILURES for t in texts), body


def test_a_token_with_a_trailing_cr_leaves_no_trace_in_readyz(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    """``Bearer <token>\\r`` fails each sync; /readyz names a kind, not the text, path or host."""
    worker = start_worker(env={"FREIGABE_CREDENTIAL__STATIC_TOKEN": support.TOKEN + "\r"})
    wait_for("/healthz", lambda: worker.get("/healthz"))
    wait_for(
        "a failed sync",
        lambda: worker.sample("freigabe_job_failures_total", job="sync") or None,
    )

    answer = worker.get("/readyz")

    assert answer is not None
    status, text = answer
    body = json.loads(text)
    assert (status, body["ready"], body["state"], body["reason"]) == (
        503,
        False,
        "starting",
        "no_sync_yet",
    )
    assert_vocabulary(body)
    for leak in (support.TOKEN, "Bearer", "Illegal", "127.0.0.1", str(tmp_path), "sqlite"):
        assert leak not in text
    assert support.TOKEN not in worker.log.read_text(encoding="utf-8")
    assert worker.terminate()[0] == 0


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

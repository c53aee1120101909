"""``freigabe once`` against a webhook that asks to wait for ever (Retry-After far too large)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from integration.state import StateStore
from integration.state.outbox import Outbox
from tests import support
from tests.e2e.conftest import SimProcess, run_cli


def test_an_endless_retry_after_is_capped_not_a_crash(sim: SimProcess, tmp_path: Path) -> None:
    """429 with ``Retry-After: 99999999999999``: once exits 0, the card waits at most an hour."""
    state = tmp_path / "state.sqlite"
    config = support.write_config(tmp_path / "c.yaml", support.config(sim.base_url, state))
    env = {"FREIGABE_TEAMS__WEBHOOKS__DEFAULT": f"{sim.root_url}/_sim/webhooks/allianz"}
    assert run_cli("--config", str(config), "once", env=env).returncode == 0
    sim.set_fields("Dokument 01.docx", {"FreigabeStatus": "Zur Abstimmung"}, by=support.AUTHOR)
    rule = {"kind": "status", "endpoint": "/_sim/webhooks/*", "status": 429}
    sim.control("POST", "/_sim/faults", {**rule, "retry_after": 99_999_999_999_999})
    result = run_cli("--config", str(config), "once", env=env)
    assert result.returncode == 0, result.stderr
    assert "OverflowError" not in result.stdout + result.stderr
    now = datetime.now(UTC)
    with StateStore.open(state) as store:
        outbox = Outbox(store)
        assert outbox.due(now + timedelta(minutes=5)) == []
        (entry,) = outbox.due(now + timedelta(hours=1, minutes=20))
    assert entry.attempts == 1

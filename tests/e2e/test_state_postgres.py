"""The service with its state in PostgreSQL: a release through ``once``, then the commands
that read it (``status``, ``audit verify``, ``check``), as processes."""

from __future__ import annotations

from pathlib import Path

from tests import support
from tests.e2e.conftest import SimProcess, run_cli


def test_a_release_with_the_state_in_postgresql(
    sim: SimProcess, tmp_path: Path, postgres_state_url: str
) -> None:
    """Submitted, voted and released with ``state_url``; status, audit and check read it."""
    data = support.config(sim.base_url, tmp_path / "unused.sqlite")
    del data["state_path"]
    data["state_url"] = postgres_state_url
    config = str(support.write_config(tmp_path / "freigabe.yaml", data))
    first = run_cli("--config", config, "once")
    assert first.returncode == 0, first.stderr
    sim.set_fields(
        "Dokument 01.docx",
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["BLP"],
    )
    opened = run_cli("--config", config, "once")
    assert "Runde 1 eröffnet" in opened.stdout, opened.stdout + opened.stderr
    for org, upn in support.UPNS.items():
        sim.set_fields("Dokument 01.docx", {f"Votum_{org}": "Zustimmung"}, by=upn)
    released = run_cli("--config", config, "once")
    assert "Freigegeben" in released.stdout, released.stdout + released.stderr

    verify = run_cli("--config", config, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "verankert in the release record of Dokument 01.docx (round 1)" in verify.stdout
    status = run_cli("--config", config, "status")
    assert status.returncode == 0, status.stderr
    # released: no round is open any more, and the cycles were recorded
    assert "Offene Abstimmungen: keine" in status.stdout
    assert "Letzter Zyklus: " in status.stdout
    check = run_cli("--config", config, "check")
    assert f"Zustandsdatenbank: {postgres_state_url}, PostgreSQL " in check.stdout
    assert "Schema-Version 1 (aktuell)" in check.stdout
    assert not (tmp_path / "unused.sqlite").exists()

"""The service with its state in PostgreSQL, as processes: a round opened on a state file,
``state migrate`` into PostgreSQL, the release finished there, and the commands that read
it (``status``, ``audit verify``, ``check``)."""

from __future__ import annotations

from pathlib import Path

from tests import support
from tests.e2e.conftest import SimProcess, run_cli


def test_a_round_moved_into_postgresql_is_released_there(
    sim: SimProcess, tmp_path: Path, postgres_state_url: str
) -> None:
    """Opened on SQLite, moved with its audit chain, released with ``state_url``."""
    state_file = tmp_path / "state.sqlite"
    data = support.config(sim.base_url, state_file)
    on_file = str(support.write_config(tmp_path / "file.yaml", data))
    run_cli("--config", on_file, "once")
    sim.set_fields(
        "Dokument 01.docx",
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["BLP"],
    )
    opened = run_cli("--config", on_file, "once")
    assert "Runde 1 eröffnet" in opened.stdout, opened.stdout + opened.stderr

    del data["state_path"]
    data["state_url"] = postgres_state_url
    config = str(support.write_config(tmp_path / "freigabe.yaml", data))
    moved = run_cli("--config", config, "state", "migrate", "--from", str(state_file))
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert f"Zustand verschoben: {state_file} -> {postgres_state_url}" in moved.stdout
    assert "Kette vollständig" in moved.stdout
    again = run_cli("--config", config, "state", "migrate", "--from", str(state_file))
    assert again.returncode == 1
    assert "is not empty" in again.stderr

    for org, upn in support.UPNS.items():
        sim.set_fields("Dokument 01.docx", {f"Votum_{org}": "Zustimmung"}, by=upn)
    released = run_cli("--config", config, "once")
    assert "Freigegeben" in released.stdout, released.stdout + released.stderr
    verify = run_cli("--config", config, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "  the release record of Dokument 01.docx (round 1)\n" in verify.stdout
    status = run_cli("--config", config, "status")
    assert status.returncode == 0, status.stderr
    # released: no round is open any more, and the cycles were recorded
    assert "Offene Abstimmungen: keine" in status.stdout
    assert "Letzter Zyklus: " in status.stdout
    check = run_cli("--config", config, "check")
    assert f"Zustandsdatenbank: {postgres_state_url}, PostgreSQL " in check.stdout
    assert "Schema-Version 1 (aktuell)" in check.stdout

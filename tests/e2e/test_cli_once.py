"""``freigabe once`` and ``check`` as processes against a Graph-compatible server on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from integration.state import StateStore
from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess, run_cli, serve_scenario


def test_once_reports_documents_then_nothing(config_file: Path) -> None:
    """The first run announces the documents; a second process finds nothing new."""
    first = run_cli("--config", str(config_file), "once")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("1 Bibliothek, 1 Delta-Seite, 3 neue Ereignisse\n")
    assert "Dokument 00.docx" in first.stdout
    second = run_cli("--config", str(config_file), "once")
    assert second.returncode == 0, second.stderr
    assert "0 neue Ereignisse" in second.stdout


def test_once_speaks_english_when_configured(sim: SimProcess, tmp_path: Path) -> None:
    """With ``language: en`` the summary and the event table are English, in their number."""
    data = {**support.config(sim.base_url, tmp_path / "state.sqlite"), "language": "en"}
    result = run_cli("--config", str(support.write_config(tmp_path / "en.yaml", data)), "once")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 library, 1 delta page, 3 new events\n")
    assert "#  Library  Event  Document" in result.stdout
    # the status value is the tenant's data and stays German
    assert "lib0     new    Dokument 00.docx  version 1.0, Entwurf" in result.stdout


def test_second_idle_run_costs_one_round_trip(tmp_path: Path) -> None:
    """A fresh process over five unchanged libraries asks Graph once: the resolved sites,
    lists and drives come from the state, and every delta request goes in one $batch."""
    with serve_scenario(tmp_path, support.scenario(documents=1, libraries=5)) as served:
        data = support.config(served.base_url, tmp_path / "state.sqlite", libraries=5)
        path = str(support.write_config(tmp_path / "c.yaml", data))
        first = run_cli("--config", path, "once")
        served.control("POST", "/_sim/stats/reset")
        second = run_cli("--config", path, "once")
        stats = served.control("GET", "/_sim/stats")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "0 neue Ereignisse" in second.stdout
    # the static token needs no sign-in; a client secret's token request would go to the
    # identity platform, not to Graph, and the simulator counts Graph requests only
    assert stats["round_trips"] == {"POST /$batch": 1}
    assert stats["operations"] == {"GET /drives/{id}/root/delta": 5}


def test_config_from_environment_variable(config_file: Path) -> None:
    """FREIGABE_CONFIG names the configuration when --config is absent."""
    result = run_cli("once", env={"FREIGABE_CONFIG": str(config_file)})
    assert result.returncode == 0, result.stderr


def test_killed_during_a_cycle_repeats_no_event(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """SIGKILL while the fields are being read, then a restart: every event exactly once."""
    run_cli("--config", str(config_file), "once")
    sim.set_fields("Dokument 01.docx", {"Title": "Geändert"}, by=support.AUTHOR)
    sim.control(
        "POST",
        "/_sim/faults",
        {"kind": "latency", "endpoint": "POST /$batch", "latency": 5, "count": 1},
    )
    # the first run sent batches too: wait for one more, the one the latency holds up
    batches = sim.control("GET", "/_sim/stats")["round_trips"].get("POST /$batch", 0)
    proc = subprocess.Popen(
        [FREIGABE, "--config", str(config_file), "once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while sim.control("GET", "/_sim/stats")["round_trips"].get("POST /$batch", 0) <= batches:
        assert time.monotonic() < deadline, "the batch request never arrived"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    again = run_cli("--config", str(config_file), "once")
    assert again.returncode == 0, again.stderr
    assert "1 neues Ereignis" in again.stdout
    with StateStore.open(tmp_path / "state.sqlite") as store:
        events = store.events_after(0)
    assert len(events) == 4
    assert len({(e.item_id, e.kind, e.event.__class__) for e in events}) == 4


def test_check_reports_ready_tenant(config_file: Path) -> None:
    """check resolves the library, finds every column and both strategies answering."""
    result = run_cli("--config", str(config_file), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ergebnis: bereit" in result.stdout
    assert "drive_delta" in result.stdout
    assert "Votum_KIV" in result.stdout
    assert support.TOKEN not in result.stdout + result.stderr


def test_check_reports_missing_column(sim: SimProcess, tmp_path: Path) -> None:
    """A configured organisation without a vote column makes check fail and name the column."""
    data = support.config(sim.base_url, tmp_path / "state.sqlite")
    data["organisations"].append(
        {"code": "NEU", "name": "Neuer Verband", "approvers": ["neu@neu.example"]}
    )
    path = support.write_config(tmp_path / "c.yaml", data)
    result = run_cli("--config", str(path), "check")
    assert result.returncode == 1
    assert "Votum_NEU" in result.stdout
    assert "FEHLT" in result.stdout


def test_check_and_provision_speak_english_when_configured(sim: SimProcess, tmp_path: Path) -> None:
    """With ``language: en`` check's report and provision's dry run are English throughout."""
    data = {**support.config(sim.base_url, tmp_path / "state.sqlite"), "language": "en"}
    data["organisations"].append(
        {"code": "NEU", "name": "Neuer Verband", "approvers": ["neu@neu.example"]}
    )
    path = str(support.write_config(tmp_path / "en.yaml", data))
    check = run_cli("--config", path, "check")
    assert check.returncode == 1, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    assert lines[0] == "Configuration: valid (1 library, 5 organisations)"
    assert lines[-1] == "Result: NOT ready"
    assert "Access token: received (no JWT: permissions unknown, not checked)" in lines
    assert any(line.split() == ["Library", "Column", "Display", "name", "Status"] for line in lines)
    assert any("Votum_NEU" in line and line.endswith("MISSING") for line in lines)
    assert "Chosen strategy: " in check.stdout
    # "Bibliothek 0" and the display names are the tenant's and stay; the headings do not
    for german in ("Bibliothek  ", "Ergebnis", "FEHLT", "Spalte", "korrekt", "Auswahl", "Zugriff"):
        assert german not in check.stdout, german
    dry = run_cli("--config", path, "provision", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert any(
        "Votum_NEU" in line and line.endswith("would be created")
        for line in dry.stdout.splitlines()
    )
    assert dry.stdout.rstrip().endswith("1 column would be created, 1 would be changed.")


def test_check_explains_an_existing_hyperlink_column(tmp_path: Path) -> None:
    """A public-link column of type hyperlink cannot be written through Graph: check says
    so, with the way out, and is not ready; provision leaves the column alone."""
    data = support.scenario(documents=1)
    columns = data["sites"][0]["libraries"][0]["columns"]
    data["sites"][0]["libraries"][0]["columns"] = [
        {**c, "type": "hyperlink"} if c["name"] == "OeffentlicherLink" else c for c in columns
    ]
    with serve_scenario(tmp_path, data) as served:
        path = support.write_config(
            tmp_path / "c.yaml", support.config(served.base_url, tmp_path / "state.sqlite")
        )
        result = run_cli("--config", str(path), "check")
        provision = run_cli("--config", str(path), "provision")
    assert result.returncode == 1
    assert "Graph kann Hyperlink-Spalten nicht schreiben" in result.stdout
    assert "freigabe provision" in result.stdout
    assert "Ergebnis: NICHT bereit" in result.stdout
    assert provision.returncode == 0, provision.stderr
    assert "vorhanden als Hyperlink-Spalte" in provision.stdout


def test_unreachable_graph_is_a_clear_error(tmp_path: Path) -> None:
    """With no server listening, the command says so and how to start the simulator."""
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    path = support.write_config(tmp_path / "c.yaml", data)
    result = run_cli("--config", str(path), "once")
    assert result.returncode == 1
    assert "cannot connect" in result.stderr
    assert "freigabe simulator" in result.stderr
    assert "Traceback" not in result.stderr


def test_logs_never_carry_the_token(config_file: Path) -> None:
    """Debug logs of a whole run contain no trace of the bearer token."""
    result = run_cli("--config", str(config_file), "once")
    assert result.returncode == 0
    assert result.stderr  # debug logging did write
    assert support.TOKEN not in result.stderr
    assert support.TOKEN not in result.stdout


def test_status_reads_the_state_without_graph(config_file: Path) -> None:
    """status works from the state file alone."""
    run_cli("--config", str(config_file), "once")
    result = run_cli("--config", str(config_file), "status")
    assert result.returncode == 0, result.stderr
    assert "lib0" in result.stdout
    assert "aktuell" in result.stdout

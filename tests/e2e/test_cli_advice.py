"""Errors that say what to do next: sign-in, 401, 403, 404 and no connection, one line each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import support
from tests.e2e.conftest import SimProcess, run_cli


def _config(sim: SimProcess, tmp_path: Path, **library: Any) -> Path:
    data = support.config(sim.base_url, tmp_path / "state.sqlite")
    data["libraries"][0].update(library)
    return support.write_config(tmp_path / "c.yaml", data)


def _error_line(stderr: str) -> str:
    """The one line the CLI prints for the failure (the debug log lines are JSON)."""
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_401_says_which_settings_to_check(sim: SimProcess, tmp_path: Path) -> None:
    sim.control("POST", "/_sim/faults", {"kind": "status", "status": 401, "count": None})
    result = run_cli("once", "--config", str(_config(sim, tmp_path)))
    assert result.returncode == 1
    line = _error_line(result.stderr)
    assert "Graph answered 401" in line
    assert "check that tenant_id, client_id and the secret or certificate" in line


def test_403_names_the_site_and_the_grant_to_ask_for(sim: SimProcess, tmp_path: Path) -> None:
    rule = {"kind": "status", "status": 403, "endpoint": "GET /sites/{id}", "count": None}
    sim.control("POST", "/_sim/faults", rule)
    result = run_cli("once", "--config", str(_config(sim, tmp_path)))
    assert result.returncode == 1
    line = _error_line(result.stderr)
    assert "site allianz.sharepoint.com:/sites/allianz: Graph answered 403" in line
    assert "Sites.Selected with a write grant on this site" in line
    assert "Sites.ReadWrite.All" in line


def test_404_of_a_site_says_how_to_find_it(sim: SimProcess, tmp_path: Path) -> None:
    site = {"hostname": "allianz.sharepoint.com", "path": "/sites/gibtsnicht"}
    result = run_cli("once", "--config", str(_config(sim, tmp_path, site=site)))
    assert result.returncode == 1
    line = _error_line(result.stderr)
    assert "site allianz.sharepoint.com:/sites/gibtsnicht: Graph answered 404" in line
    assert "check site.hostname and site.path" in line
    assert "GET /sites?search=NAME" in line


def test_404_of_a_library_names_the_existing_ones(sim: SimProcess, tmp_path: Path) -> None:
    path = _config(sim, tmp_path, library={"name": "Bibliothek 9"})
    once = run_cli("once", "--config", str(path))
    check = run_cli("check", "--config", str(path))
    assert once.returncode == 1
    line = _error_line(once.stderr)
    assert "list 'Bibliothek 9': Graph answered 404" in line
    assert "the site's document libraries: Bibliothek 0" in line
    assert "set library.name of lib0 to one of them" in line
    assert "the site's document libraries: Bibliothek 0" in check.stdout


def test_no_connection_says_what_to_check(tmp_path: Path) -> None:
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    result = run_cli("once", "--config", str(support.write_config(tmp_path / "c.yaml", data)))
    assert result.returncode == 1
    line = _error_line(result.stderr)
    assert "cannot connect to 127.0.0.1:9: check graph.base_url" in line


def test_a_failed_sign_in_says_what_to_check(tmp_path: Path) -> None:
    """Entra ID is out of reach here (the 'cannot reach' step); where it answers, it refuses
    the made-up secret (the 'sign-in refused' step). Before, check printed the type only."""
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    data["credential"] = {"mode": "client_secret", "client_id": support.APP_ID}
    data["tenant_id"] = "allianz.onmicrosoft.com"
    data["graph"].pop("base_url")
    path = support.write_config(tmp_path / "c.yaml", data)
    result = run_cli(
        "check", "--config", str(path), env={"FREIGABE_CREDENTIAL__CLIENT_SECRET": "not-it"}
    )
    assert result.returncode == 1
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("Zugriffstoken"))
    assert line.startswith("Zugriffstoken: FEHLT: access token: ")
    assert (
        "allow outbound HTTPS to it (DNS, proxy, firewall)" in line
        or "check tenant_id, client_id and the client secret or certificate" in line
    ), line

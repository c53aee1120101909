"""`freigabe simulator`: a broken scenario, a taken port or a foreign tenant file is one line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.e2e.conftest import run_cli


def _error(args: list[str]) -> str:
    result = run_cli("simulator", *args, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [("sites: [1\n", "not valid YAML"), ("site: []\n", "unknown key 'site'")],
    ids=["broken-yaml", "misspelt-key"],
)
def test_a_bad_scenario_is_named(tmp_path: Path, text: str, words: str) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    line = _error(["--scenario", str(scenario), "--port", "0"])
    assert words in line
    assert str(scenario) in line


def test_a_port_in_use_says_what_to_do() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _error(["--port", str(port)])
    assert f"port {port}" in line
    assert "--port" in line


def test_a_file_that_is_no_saved_tenant_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "t.pickle"
    foreign.write_bytes(b"\x80\x04K\x01.")
    assert "not a tenant saved by freigabe" in _error(["--tenant", str(foreign), "--port", "0"])


def test_scenario_and_tenant_together_are_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("sites: []\n", encoding="utf-8")
    line = _error(["--scenario", str(scenario), "--tenant", str(tmp_path / "t"), "--port", "0"])
    assert "pass one of them" in line

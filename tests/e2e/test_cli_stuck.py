"""A document stuck in publishing, and a publication cut off by SIGTERM, through ``once``."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess, run_cli
from tests.e2e.real_tenant import VOTES

DOC = "Dokument 01.docx"


def _env(sim: SimProcess) -> dict[str, str]:
    return {"FREIGABE_TEAMS__WEBHOOKS__DEFAULT": f"{sim.root_url}/_sim/webhooks/allianz"}


def _once(config: Path, env: dict[str, str]) -> str:
    result = run_cli("--config", str(config), "once", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _vote(sim: SimProcess, config: Path, env: dict[str, str]) -> None:
    """Submit ``DOC`` and cast every vote; the next ``once`` releases it."""
    _once(config, env)
    sim.set_fields(DOC, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, by=support.AUTHOR)
    assert "Runde 1 eröffnet" in _once(config, env)
    for org, upn in VOTES.items():
        sim.set_fields(DOC, {f"Votum_{org}": "Zustimmung"}, by=upn)


def _stuck_cards(sim: SimProcess) -> tuple[list[dict[str, Any]], int]:
    summary = sim.control("GET", "/_sim/webhooks/allianz")
    cards = [m["attachments"][0]["content"] for m in summary["value"]]
    return [c for c in cards if c["id"].startswith("stuck/")], summary["duplicates"]


def test_a_stuck_publication_is_announced_once(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """A symlink in the document's archive folder: its publication fails every cycle, and
    one card (never a second, nor a duplicate) tells the channel what failed and what to do."""
    env = _env(sim)
    versions = tmp_path / "export" / "versionen"
    versions.mkdir(parents=True)
    (versions / "dokument-01").symlink_to(tmp_path)
    _vote(sim, config_file, env)
    assert "Dokument 01.docx: NICHT veröffentlicht" in _once(config_file, env)
    assert "Dokument 01.docx: im Export nicht prüfbar" in _once(config_file, env)
    stuck, duplicates = _stuck_cards(sim)
    assert len(stuck) == 1, stuck
    assert duplicates == 0
    texts = [block.get("text", "") for block in _blocks(stuck[0])]
    assert "Nicht veröffentlicht: Dokument 01.docx" in texts
    assert any("symbolischer Link" in text for text in texts)
    facts = {f["title"]: f["value"] for f in _facts(stuck[0])}
    assert facts["Schritt"] == "Veröffentlichung"
    assert "dokument-01" in facts["Fehler"]


def _blocks(card: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for element in card["body"]:
        out += _blocks({"body": element["items"]}) if "items" in element else [element]
    return out


def _facts(card: dict[str, Any]) -> list[dict[str, str]]:
    return [fact for block in _blocks(card) for fact in block.get("facts", [])]


def test_sigterm_mid_publication_leaves_no_partial_file(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """``once`` stopped with SIGTERM while a release streams into the export: the hidden
    temporary goes with it (not only at the next start), and the next ``once`` publishes."""
    env = _env(sim)
    _vote(sim, config_file, env)
    rule = {"kind": "latency", "endpoint": "GET /_sim/download/{token}", "latency": 30}
    sim.control("POST", "/_sim/faults", rule)
    export = tmp_path / "export"
    proc = subprocess.Popen(
        [FREIGABE, "--config", str(config_file), "once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + 20
    while not list(export.rglob(".*.partial")):
        assert time.monotonic() < deadline, "the publication never started"
        assert proc.poll() is None, "once ended before publishing"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=10)
    assert list(export.rglob(".*.partial")) == []
    assert code == 128 + signal.SIGTERM
    sim.control("DELETE", "/_sim/faults")
    assert "veröffentlicht unter" in _once(config_file, env)

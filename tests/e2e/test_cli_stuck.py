"""A document stuck in publishing, through ``once``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import support
from tests.e2e.conftest import SimProcess, run_cli
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

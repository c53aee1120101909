"""``freigabe adopt``: a document released before freigabe watched reaches the export once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests import support
from tests.e2e.conftest import SimProcess, run_cli

DOC = "Dokument 00.docx"  # lead: DWV
TITLE = "Dokument 0"  # its title column, as the manifest lists it


def _documents(tmp_path: Path) -> list[str]:
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    return [doc["title"] for doc in manifest["documents"]]


def test_adopt_publishes_a_release_made_before_freigabe_once(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """Taken as it is by the first pass, listed by --dry-run, published by adopt, once."""
    released = {**support.COMPLETE, "FreigabeStatus": "Freigegeben"}
    sim.set_fields(DOC, released, by=support.UPNS["DWV"])
    config = ("--config", str(config_file))
    first = run_cli(*config, "once")
    assert first.returncode == 0, first.stdout + first.stderr
    assert _documents(tmp_path) == []

    dry = run_cli(*config, "adopt", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert f"{DOC}: würde als Freigabe übernommen" in dry.stdout
    assert _documents(tmp_path) == []

    real = run_cli(*config, "adopt")
    assert real.returncode == 0, real.stdout + real.stderr
    assert f"{DOC}: als Freigabe übernommen" in real.stdout
    assert "veröffentlicht" in real.stdout
    assert _documents(tmp_path) == [TITLE]
    with sqlite3.connect(tmp_path / "state.sqlite") as conn:
        adopted = conn.execute("SELECT count(*) FROM audit WHERE kind = 'approval.adopted'")
        assert adopted.fetchone() == (1,)
    conn.close()

    again = run_cli(*config, "adopt")
    assert "Keine Dokumente" in again.stdout, again.stdout
    assert _documents(tmp_path) == [TITLE]
    verify = run_cli(*config, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_adopt_speaks_english_and_so_does_the_export(sim: SimProcess, tmp_path: Path) -> None:
    """With ``language: en`` adopt's lines and the export's index page are English."""
    sim.set_fields(
        DOC, {**support.COMPLETE, "FreigabeStatus": "Freigegeben"}, by=support.UPNS["DWV"]
    )
    data = {**support.config(sim.base_url, tmp_path / "state.sqlite"), "language": "en"}
    config = support.write_config(tmp_path / "en.yaml", data)
    result = run_cli("--config", str(config), "adopt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{DOC}: adopted as a release (version " in result.stdout
    assert f"{DOC}: published at " in result.stdout
    index = (tmp_path / "export" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert "<h1>Released documents</h1>" in index

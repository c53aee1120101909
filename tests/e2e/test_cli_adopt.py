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

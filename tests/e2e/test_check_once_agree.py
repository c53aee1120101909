"""``check`` refuses every configuration that ``once`` (and so ``run``) refuses to start with.

Each case runs both commands as processes over the same configuration: both exit 2 and name
the same field, before either asks Graph anything (nothing listens at the Graph URL).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import support
from tests.e2e.conftest import run_cli

BASE = "http://127.0.0.1:9/v1.0"
Change = Callable[[dict[str, Any], Path], dict[str, str]]


def _unknown_lead(c: dict[str, Any], _: Path) -> dict[str, str]:
    c["process"]["leadership"] = [
        {"activity": "AG Schwammstadt", "lead": "XYZ", "valid_from": "2026-01-01"}
    ]
    return {}


def _two_leads_at_once(c: dict[str, Any], _: Path) -> dict[str, str]:
    c["process"]["leadership"] = [
        {"activity": "AG Schwammstadt", "lead": "DWV", "valid_from": "2026-01-01"},
        {"activity": "AG Schwammstadt", "lead": "BLP", "valid_from": "2026-06-01"},
    ]
    return {}


def _unwritable_export(c: dict[str, Any], tmp: Path) -> dict[str, str]:
    (tmp / "eine-datei").write_text("kein Ordner")
    c["export"] = {
        "target": {
            "kind": "folder",
            "path": str(tmp / "eine-datei" / "export"),
            "public_base_url": "https://allianz.example/freigaben",
        }
    }
    return {}


def _malformed_blob(c: dict[str, Any], _: Path) -> dict[str, str]:
    c["export"] = {
        "target": {"kind": "blob", "public_base_url": "https://allianz.example/freigaben"}
    }
    return {"FREIGABE_EXPORT__TARGET__CONNECTION_STRING": "kein Verbindungs-String"}


def _channel_without_webhook(c: dict[str, Any], _: Path) -> dict[str, str]:
    c["libraries"][0]["channel"] = "gibtsnicht"
    return {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_unknown_lead, "process.leadership"),
        (_two_leads_at_once, "process.leadership"),
        (_unwritable_export, "export.target.path"),
        (_malformed_blob, "export.target.connection_string"),
        (_channel_without_webhook, "libraries.0.channel"),
    ],
    ids=["unknown-lead", "two-leads", "unwritable-export", "malformed-blob", "channel"],
)
def test_check_and_once_refuse_alike(tmp_path: Path, change: Change, field: str) -> None:
    """Both exit 2 with the field at fault; neither starts any work."""
    data = support.config(BASE, tmp_path / "state.sqlite")
    env = change(data, tmp_path)
    path = support.write_config(tmp_path / "c.yaml", data)
    for command in ("check", "once"):
        result = run_cli("--config", str(path), command, env=env)
        assert result.returncode == 2, (command, result.stdout + result.stderr)
        assert f"  - {field}:" in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "state.sqlite").exists()

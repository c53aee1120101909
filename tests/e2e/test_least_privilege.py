"""Least privilege: ``check`` judges the token's permissions; Sites.Selected is enough to run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from config import load_settings
from freigabe_devtools.demo import demo_config
from freigabe_devtools.graphsim import SimulatorServer, load_scenario
from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO
from jobs.bootstrap import bootstrap
from tests import support
from tests.e2e.conftest import SimProcess, run_cli

SELECTED = ["Sites.Selected", "User.ReadBasic.All", "GroupMember.ReadBasic.All"]
WRITE_GRANT = {"app_id": support.APP_ID, "roles": ["write"]}


@contextmanager
def simulator(tmp_path: Path, data: dict[str, Any]) -> Iterator[SimProcess]:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "freigabe_devtools.graphsim", "--scenario", str(scenario)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        yield SimProcess(proc, proc.stdout.readline().strip())
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


@pytest.mark.parametrize(
    ("roles", "grants", "warnings"),
    [
        pytest.param(
            ["Sites.ReadWrite.All", "User.Read.All", "GroupMember.Read.All"],
            [],
            [
                "Warnung: Sites.ReadWrite.All breiter als nötig: Sites.Selected mit write",
                "Warnung: GroupMember.Read.All breiter als nötig: GroupMember.ReadBasic.All",
            ],
            id="readwrite-all",
        ),
        pytest.param(SELECTED, [WRITE_GRANT], [], id="selected-with-write-grant"),
        pytest.param(
            [*SELECTED, "Mail.Send", "Sites.FullControl.All"],
            [WRITE_GRANT],
            [
                "Warnung: Mail.Send wird von der Konfiguration nicht benötigt",
                "Warnung: Sites.FullControl.All breiter als nötig",
            ],
            id="mail-off-and-fullcontrol",
        ),
    ],
)
def test_check_prints_the_permission_table_and_warns_on_broad_roles(
    tmp_path: Path, roles: list[str], grants: list[Any], warnings: list[str]
) -> None:
    """The table lists each permission; every role broader than needed gets a warning."""
    data = support.jwt_scenario(support.scenario(documents=1), roles, grants)
    with simulator(tmp_path, data) as sim:
        config = support.config(sim.base_url, tmp_path / "state.sqlite")
        config["credential"]["static_token"] = support.jwt_token(roles)
        path = support.write_config(tmp_path / "freigabe.yaml", config)
        result = run_cli("--config", str(path), "check")
    out = result.stdout
    assert "Berechtigung" in out
    assert "GroupMember.ReadBasic.All" in out
    assert "User.ReadBasic.All oder User.Read.All" in out
    found = [line for line in out.splitlines() if line.startswith("Warnung")]
    assert len(found) == len(warnings)
    assert all(any(line.startswith(want) for line in found) for want in warnings)
    assert (result.returncode, out.rstrip().splitlines()[-1]) == (0, "Ergebnis: bereit")


def test_check_says_roles_are_unknown_for_a_static_token(
    sim: SimProcess, config_file: Path
) -> None:
    """A token that is no JWT has no readable roles: check says so instead of judging."""
    result = run_cli("--config", str(config_file), "check")
    assert "Berechtigungen unbekannt" in result.stdout
    assert "Warnung" not in result.stdout


def _set(tenant: Any, name: str, fields: dict[str, Any], by: str) -> None:
    tenant.set_fields(tenant.find("Positionen", name), fields, by=by)


async def test_demo_scenario_runs_with_sites_selected_only(tmp_path: Path) -> None:
    """With Sites.Selected and a write grant the demo's release goes through; no grant, 403."""
    data = yaml.safe_load(DEMO_SCENARIO.read_text(encoding="utf-8"))
    support.jwt_scenario(data, SELECTED, [{"app": "freigabe", "roles": ["write", "manage"]}])
    data["sites"].append({"path": "/sites/vorstand", "display_name": "Vorstand"})
    tenant = load_scenario(data)
    token = support.jwt_token(SELECTED)
    doc = "Positionspapier Schwammstadt.docx"
    async with SimulatorServer(tenant) as server:
        config = demo_config(
            server.base_url,
            tmp_path / "state.sqlite",
            webhook=f"{server.root_url}/_sim/webhooks/allianz",
            export=tmp_path / "export",
        )
        config["credential"] = {"mode": "static_token", "static_token": token}
        settings = load_settings(support.write_config(tmp_path / "c.yaml", config), environ={})
        async with bootstrap(settings) as rt:
            await rt.cycle()
            _set(tenant, doc, {"FreigabeStatus": "Zur Abstimmung"}, "anna.berger@dwv.example")
            await rt.cycle()
            voters = {
                "DWV": "anna.berger@dwv.example",
                "BLP": "miriam.schulte@blp.example",
                "SPV": "lena.hoffmann@spv.example",
                "KIV": "sabine.krueger@kiv.example",
            }
            for org, upn in voters.items():
                _set(tenant, doc, {f"Votum_{org}": "Zustimmung"}, upn)
            await rt.cycle()
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            other = await client.get(
                "/sites/allianz-wasser.sharepoint.com:/sites/vorstand",
                headers={"Authorization": f"Bearer {token}"},
            )
    assert tenant.fields(tenant.find("Positionen", doc))["FreigabeStatus"] == "Freigegeben"
    assert other.status_code == 403

"""Scenario loading: the demo tenant, JSON files, errors, and 100,000 generated files."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from freigabe_devtools.graphsim import ScenarioError, SimulatorTransport, load_scenario
from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO
from tests.simulator.conftest import SCENARIO


def test_demo_scenario_describes_the_alliance() -> None:
    """demo.yaml: two libraries, a dozen documents, four groups of two with one guest each."""
    tenant = load_scenario(DEMO_SCENARIO)
    site = tenant.site("allianz-wasser.sharepoint.com:/sites/allianz:")
    libraries = site.unique_libraries()
    assert [lib.name for lib in libraries] == ["Positionen", "Best Practice"]
    assert sum(len(lib.by_name) for lib in libraries) == 12
    groups = list(tenant.directory.groups.values())
    assert [g.display_name.split()[0] for g in groups] == ["DWV", "BLP", "SPV", "KIV"]
    for group in groups:
        members = tenant.directory.members(group.id)
        assert len(members) == 2
        assert sum("#EXT#" in (m.upn or "") for m in members) == 1
    statuses = [i.current.fields["FreigabeStatus"] for lib in libraries for i in lib.by_number]
    assert statuses.count("Freigegeben") == 2
    assert statuses.count("Entwurf") == 10
    assert set(libraries[0].columns) >= {"votum_dwv", "abstimmungfrist", "oeffentlicherlink"}


def test_released_demo_document_has_vote_history() -> None:
    """A released demo document's versions record who voted and the app's release."""
    tenant = load_scenario(DEMO_SCENARIO)
    doc = tenant.item(tenant.find("Best Practice", "Leitfaden Regenwassermanagement.docx"))
    votes = [v.by.upn for v in doc.versions if any(k.startswith("Votum_") for k in v.fields)]
    assert votes[0] == "jonas.keller_dwv.example#EXT#@allianzwasser.onmicrosoft.com"
    assert doc.current.by.kind == "application"
    assert doc.current.fields["OeffentlicherLink"].startswith("https://")


def test_json_scenario_file(tmp_path: Path) -> None:
    """A JSON file with the same structure loads like the dict."""
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(SCENARIO), encoding="utf-8")
    tenant = load_scenario(path)
    assert len(tenant.library("Freigabe").by_name) == 5
    assert "sim-token" in tenant.directory.tokens


@pytest.mark.parametrize(
    ("mutation", "where"),
    [
        ({"users": [{"display_name": "ohne UPN"}]}, "users"),
        ({"groups": [{"display_name": "G", "members": ["unbekannt@x.example"]}]}, "groups"),
        (
            {
                "sites": [
                    {
                        "path": "/sites/x",
                        "libraries": [{"name": "L", "columns": [{"name": "C", "type": "farbe"}]}],
                    }
                ]
            },
            "sites[0]",
        ),
        ({"quirks": {"gibt_es_nicht": True}}, "quirk"),
    ],
)
def test_bad_scenarios_name_the_place(mutation: dict[str, object], where: str) -> None:
    """A broken scenario raises ScenarioError naming the section."""
    with pytest.raises(ScenarioError, match=where.replace("[", r"\[")):
        load_scenario({**SCENARIO, **mutation})


async def test_100k_generated_files_seed_fast_and_page_fast() -> None:
    """generate: 100,000 files seed in a few seconds, and a 1000-item delta page is quick."""
    scenario = dict(SCENARIO)
    scenario["sites"] = [
        {
            "path": "/sites/bench",
            "libraries": [{"name": "Massen", "generate": {"count": 100_000, "size": 1024}}],
        }
    ]
    # CPU time, not wall time: other processes on the machine must not fail it
    started = time.process_time()
    tenant = load_scenario(scenario)
    assert time.process_time() - started < 5
    lib = tenant.library("Massen")
    assert len(lib.by_name) == 100_000
    transport = SimulatorTransport(tenant)
    headers = {"Authorization": "Bearer sim-token"}
    async with httpx.AsyncClient(transport=transport, headers=headers) as client:
        url = f"http://127.0.0.1/v1.0/drives/{lib.drive_id}/root/delta?$top=1000"
        started = time.process_time()
        page = (await client.get(url)).json()
        assert time.process_time() - started < 1
    assert len(page["value"]) == 1000
    assert "@odata.nextLink" in page


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("sites: [1\n", "not valid YAML"),
        ("tenant: {}\nsite: []\n", "unknown key 'site'"),
    ],
    ids=["broken-yaml", "misspelt-key"],
)
def test_bad_scenario_files_name_the_file(tmp_path: Path, text: str, where: str) -> None:
    """A file that is no scenario, or has a key the loader would ignore, is refused by name."""
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=where) as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)

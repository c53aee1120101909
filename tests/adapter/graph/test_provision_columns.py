"""provision and check against the simulator: readable columns, the activity choice column,
and the choices following the organisations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from freigabe_devtools.graphsim import Tenant, load_scenario
from jobs.check import run_check
from jobs.provision import run_provision
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory

LEADERSHIP = {
    "leadership": [
        {"activity": "AG Schwammstadt", "lead": "DWV", "valid_from": "2026-01-01"},
        {"activity": "Jahrestagung", "lead": "SPV", "valid_from": "2026-01-01"},
    ]
}


@pytest.fixture
def tenant() -> Tenant:
    return load_scenario(support.scenario(documents=0, columns=False))


def _five_organisations() -> dict[str, Any]:
    orgs = support.config("http://unused", Path("unused"))["organisations"]
    new = {"code": "NEU", "name": "Verband Neu", "approvers": [support.OUTSIDER]}
    return {"organisations": [*orgs, new]}


async def test_provision_creates_readable_columns_and_the_activity_choice(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    async with runtime(process=LEADERSHIP) as rt:
        await run_provision(rt.settings, dry_run=False)
    columns = tenant.library("Bibliothek 0").columns
    assert columns["aktivitaet"].kind == "choice"
    assert columns["aktivitaet"].choices == ("AG Schwammstadt", "Jahrestagung")
    assert columns["aktivitaet"].display_name == "Aktivität"
    assert columns["zusammenfassung"].display_name == "Zusammenfassung"
    assert columns["federfuehrung"].display_name == "Federführung"
    assert (
        columns["votum_dwv"].description
        == "Die Stimme von Verband DWV; nur deren Abstimmende setzen sie."
    )


async def test_a_new_organisation_reaches_the_lead_choices_and_check_says_so(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    async with runtime() as rt:
        await run_provision(rt.settings, dry_run=False)
    async with runtime(extra=_five_organisations()) as rt:
        before, ready_before = await run_check(rt.settings)
        text, _ = await run_provision(rt.settings, dry_run=False)
        after, ready_after = await run_check(rt.settings)
    assert not ready_before
    assert "Auswahl fehlt: NEU" in before
    assert "Auswahl ergänzt: NEU" in text
    assert "1 Spalte angelegt, 1 geändert" in text
    assert tenant.library("Bibliothek 0").columns["federfuehrung"].choices == (*support.ORGS, "NEU")
    assert ready_after, after

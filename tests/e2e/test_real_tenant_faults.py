"""A document open in Office and a throttling storm, against a simulator answering as
SharePoint Online does (the other real-tenant behaviours: ``test_real_tenant.py``)."""

from __future__ import annotations

import re
from typing import Any

from tests import support
from tests.e2e.conftest import run_cli
from tests.e2e.real_tenant import DOCX, FULL_ROLES


def test_a_locked_document_holds_up_only_itself(world_factory: Any) -> None:
    """A document open in Office answers 423: the cycle goes on with the others, exits 0,
    and shows it in status; once it is closed the next cycle catches up."""
    world = world_factory(FULL_ROLES)
    world.once()
    submitted = {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}
    world.edit("Dokument 00.docx", submitted, support.AUTHOR)
    world.edit("Dokument 01.docx", submitted, support.AUTHOR)
    lock = {"action": "lock", "library": "Bibliothek 0", "name": "Dokument 00.docx"}
    world.sim.control("POST", "/_sim/actions", {**lock, "by": support.AUTHOR})
    held = world.once()
    assert re.search(r"Dokument 01\.docx: .*Runde 1 eröffnet", held), held
    assert "Dokument 00.docx: Graph antwortete 423" in held
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Hängende Dokumente (werden in jedem Zyklus erneut versucht)" in status
    assert any("Dokument 00.docx" in line and "423" in line for line in status.splitlines())
    world.sim.control("POST", "/_sim/actions", {**lock, "action": "unlock"})
    caught_up = world.once()
    assert re.search(r"Dokument 00\.docx: .*Runde 1 eröffnet", caught_up), caught_up
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Hängende Dokumente: keine" in status


def test_a_throttling_storm_is_ridden_out(world_factory: Any) -> None:
    """A first pass with throttled listing pages, then 8 consecutive 429s and 3 503s on delta
    and 4 throttled batch entries (Retry-After 1): each cycle waits them out and exits 0."""
    world = world_factory(FULL_ROLES)
    listing = {"kind": "status", "status": 429, "retry_after": 1, "endpoint": "*/items"}
    world.sim.control("POST", "/_sim/faults", {**listing, "count": 2})
    out = world.once()
    assert "3 neue Ereignisse" in out, out
    assert world.sim.control("GET", "/_sim/faults")["value"] == []
    # one of three files: its field read costs no more than the one listing page (a tie goes
    # to the batch), so a batch reads it
    world.edit(DOCX, {"Title": "Überarbeitet"}, support.AUTHOR)
    faults = [
        {"kind": "status", "status": 429, "retry_after": 1, "endpoint": "*/delta", "count": 8},
        {"kind": "status", "status": 503, "retry_after": 1, "endpoint": "*/delta", "count": 3},
        {
            "kind": "status",
            "status": 429,
            "retry_after": 1,
            "endpoint": "GET /sites/{id}/lists/{id}/items/{id}",
            "inner": True,
            "count": 4,
        },
    ]
    for rule in faults:
        world.sim.control("POST", "/_sim/faults", rule)
    out = world.once()
    assert "1 neues Ereignis" in out, out
    assert world.sim.control("GET", "/_sim/faults")["value"] == []

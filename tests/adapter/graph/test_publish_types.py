"""A released file of a type the export does not publish stops only itself, through a cycle."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from integration.state.problems import ProblemStore
from jobs.runtime import Runtime
from ports.problems import Stage
from tests import support
from tests.adapter.graph.conftest import APPROVERS, RuntimeFactory

LIB = "Bibliothek 0"
PAGE = "Aushang.html"
DOC = "Dokument 00.docx"


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def tenant(clock: support.Clock) -> Tenant:
    data = support.scenario(documents=2)
    page = data["sites"][0]["libraries"][0]["documents"][1]
    page.update(name=PAGE, content="<html><script>alert(document.domain)</script></html>\n")
    return load_scenario(data, clock=clock)


@pytest.fixture
async def rt(
    runtime: RuntimeFactory, server: SimulatorServer, clock: support.Clock, tmp_path: Path
) -> AsyncIterator[Runtime]:
    target = {"kind": "folder", "path": str(tmp_path / "export"), "public_base_url": "https://a.x"}
    extra: dict[str, Any] = {"export": {"target": target}}
    async with runtime(clock=clock, extra=extra) as opened:
        await opened.cycle()
        yield opened


async def _release_both(rt: Runtime, tenant: Tenant, clock: support.Clock) -> None:
    for name in (PAGE, DOC):
        fields = {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}
        tenant.set_fields(tenant.find(LIB, name), fields, by=support.UPNS["DWV"])
    clock.advance(minutes=1)
    await rt.cycle()
    for name in (PAGE, DOC):
        for voter, org in APPROVERS:
            tenant.set_fields(tenant.find(LIB, name), {f"Votum_{org}": "Zustimmung"}, by=voter)
            clock.advance(minutes=1)
    await rt.cycle()


async def test_a_released_html_is_a_problem_of_its_own(
    rt: Runtime, tenant: Tenant, clock: support.Clock, tmp_path: Path
) -> None:
    """The .html is released but not published, recorded with its reason; the .docx beside it
    is published and linked, and the cycles go on."""
    await _release_both(rt, tenant, clock)
    report = (await rt.cycle()).publish
    export = tmp_path / "export"
    manifest = json.loads((export / "manifest.json").read_text())
    assert [Path(d["urls"]["stable"]).name for d in manifest["documents"]] == ["dokument-00.docx"]
    assert not list(export.glob("*/**/*.html"))
    assert "aushang" not in (export / "index.html").read_text().lower()
    assert "aushang" not in (export / "feed.xml").read_text().lower()
    [problem] = ProblemStore(rt.store).all()
    assert (problem.stage, problem.name) == (Stage.PUBLISH, PAGE)
    assert "file type .html is not in export.allowed_extensions" in problem.message
    assert any(PAGE in line and "NICHT veröffentlicht" in line for line in report.lines)
    fields = tenant.fields(tenant.find(LIB, DOC))
    assert fields["OeffentlicherLink"] == manifest["documents"][0]["urls"]["stable"]
    assert not tenant.fields(tenant.find(LIB, PAGE)).get("OeffentlicherLink")

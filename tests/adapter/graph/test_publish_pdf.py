"""The PDF of a released Office document: Graph's conversion, through the adapter and a cycle."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import feedparser
import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario
from integration.errors import GraphError
from jobs.runtime import Runtime
from tests import support
from tests.adapter.graph.conftest import RuntimeFactory, release

LIB = "Bibliothek 0"
DOC = "Dokument 00.docx"
BASE = "https://allianz.example/freigaben"


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def tenant(clock: support.Clock) -> Tenant:
    data = support.scenario(documents=2)
    data["sites"][0]["libraries"][0]["documents"][1]["name"] = "Liste.csv"
    return load_scenario(data, clock=clock)


@pytest.fixture
async def rt(
    runtime: RuntimeFactory, clock: support.Clock, tmp_path: Path
) -> AsyncIterator[Runtime]:
    target = {"kind": "folder", "path": str(tmp_path / "export"), "public_base_url": BASE}
    extra: dict[str, Any] = {"export": {"target": target}}
    async with runtime(clock=clock, extra=extra) as opened:
        await opened.cycle()
        yield opened


async def _pdf(rt: Runtime, tenant: Tenant, name: str) -> bytes:
    lib = await rt.sharepoint.resolve_library("lib0")
    chunks = rt.sharepoint.download_pdf(lib, tenant.find(LIB, name).item_id)
    return b"".join([chunk async for chunk in chunks])


async def test_the_conversion_follows_the_redirect_to_a_valid_pdf(
    rt: Runtime, tenant: Tenant, server: SimulatorServer
) -> None:
    """``?format=pdf`` answers 302; its target serves a PDF with an exact cross-reference and
    the document's text as text."""
    server.tenant.stats.reset()
    data = await _pdf(rt, tenant, DOC)
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    start = int(re.findall(rb"startxref\n(\d+)", data)[-1])
    assert data[start:].startswith(b"xref\n")
    first = int(data[start:].split(b"\n")[3][:10])  # the offset of object 1
    assert data[first:].startswith(b"1 0 obj")
    assert b"(Dokument 00.docx) Tj" in data
    assert b"(Inhalt 0/0) Tj" in data  # the content, as text
    trips = server.tenant.stats.round_trips
    assert (trips["GET /drives/{id}/items/{id}/content"], trips["GET /_sim/download/{token}"]) == (
        1,
        1,
    )


async def test_a_type_graph_does_not_convert_answers_406(rt: Runtime, tenant: Tenant) -> None:
    """A .csv (listed by the documentation, refused by Graph) raises 406 notSupported."""
    with pytest.raises(GraphError) as caught:
        await _pdf(rt, tenant, "Liste.csv")
    assert (caught.value.status, caught.value.code) == (406, "notSupported")


async def test_a_released_docx_has_its_pdf_until_it_is_withdrawn(
    rt: Runtime, tenant: Tenant, clock: support.Clock, tmp_path: Path
) -> None:
    """Released: the PDF lies beside the .docx, and manifest, index and feed name it;
    withdrawn: no PDF is left anywhere in the export."""
    await release(rt, tenant, clock, LIB, DOC)
    export = tmp_path / "export"
    pdf = export / "dokumente" / "dokument-00.pdf"
    assert pdf.read_bytes() == await _pdf(rt, tenant, DOC)
    [document] = json.loads((export / "manifest.json").read_text())["documents"]
    assert document["pdf"]["urls"]["stable"] == f"{BASE}/dokumente/dokument-00.pdf"
    versioned = document["pdf"]["urls"]["versioned"]
    assert (export / versioned.removeprefix(f"{BASE}/")).read_bytes() == pdf.read_bytes()
    assert document["pdf"]["size"] == pdf.stat().st_size
    assert 'href="dokumente/dokument-00.pdf"' in (export / "index.html").read_text()
    [entry] = feedparser.parse((export / "feed.xml").read_text()).entries
    [related] = [link for link in entry.links if link.rel == "related"]
    assert (related.href, related.type) == (versioned, "application/pdf")
    assert entry.link == f"{BASE}/dokumente/dokument-00.docx"

    tenant.set_fields(
        tenant.find(LIB, DOC), {"FreigabeStatus": "Zurückgezogen"}, by=support.UPNS["DWV"]
    )
    clock.advance(minutes=1)
    await rt.cycle()
    assert not list(export.rglob("*.pdf"))
    assert json.loads((export / "manifest.json").read_text())["documents"] == []
    assert ".pdf" not in (export / "feed.xml").read_text()

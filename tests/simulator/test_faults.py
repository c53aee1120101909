"""Fault injection over the loopback server and the in-process transport."""

from __future__ import annotations

import time

import httpx
import pytest
from msgraph import GraphServiceClient

from freigabe_devtools.graphsim import FaultRule, SimulatorServer, SimulatorTransport, Tenant


async def test_throttling_is_retried_by_the_sdk(graph: GraphServiceClient, tenant: Tenant) -> None:
    """A 429 with Retry-After: 1 is retried by the SDK's middleware and then succeeds."""
    tenant.faults.add(kind="status", status=429, retry_after=1, endpoint="GET /sites/{id}")
    started = time.perf_counter()
    site = await graph.sites.by_site_id("contoso.sharepoint.com:/sites/allianz:").get()
    assert site.name == "allianz"
    assert time.perf_counter() - started >= 1
    assert tenant.stats.round_trips["GET /sites/{id}"] == 2


@pytest.mark.parametrize("status", [429, 503, 500])
async def test_status_fault_answers_graph_error(
    http: httpx.AsyncClient, tenant: Tenant, status: int
) -> None:
    """A status rule answers the next matching request with a Graph error, then stops."""
    tenant.faults.add(FaultRule(kind="status", status=status, retry_after=3, method="GET"))
    first = await http.get("/v1.0/sites/contoso.sharepoint.com:/sites/allianz:")
    assert first.status_code == status
    assert first.headers["Retry-After"] == "3"
    assert set(first.json()["error"]) == {"code", "message", "innerError"}
    second = await http.get("/v1.0/sites/contoso.sharepoint.com:/sites/allianz:")
    assert second.status_code == 200


async def test_fault_matches_only_its_endpoint_and_method(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A rule for one endpoint and method leaves other requests alone, until used up."""
    tenant.faults.add(kind="status", status=503, endpoint="/sites/{id}/lists", count=2)
    assert (await http.get("/v1.0/sites/contoso.sharepoint.com:/sites/allianz:")).status_code == 200
    lists = "/v1.0/sites/contoso.sharepoint.com:/sites/allianz:/lists"
    assert [(await http.get(lists)).status_code for _ in range(3)] == [503, 503, 200]
    assert tenant.faults.active() == []


async def test_latency_delays_the_answer(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A latency rule delays matching answers by its seconds."""
    tenant.faults.add(kind="latency", latency=0.3, count=None)
    started = time.perf_counter()
    response = await http.get("/v1.0/sites/contoso.sharepoint.com:/sites/allianz:")
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.3


async def test_drop_closes_the_connection_over_loopback(
    server: SimulatorServer, tenant: Tenant
) -> None:
    """A drop rule closes the connection without a response; the next request is served."""
    tenant.faults.add(kind="drop", endpoint="GET /sites/{id}")
    url = f"{server.base_url}/sites/contoso.sharepoint.com:/sites/allianz:"
    headers = {"Authorization": "Bearer sim-token"}
    async with httpx.AsyncClient(headers=headers) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(url)
        assert (await client.get(url)).status_code == 200
    assert tenant.stats.round_trips["GET /sites/{id}"] == 2


async def test_applied_drop_loses_only_the_answer_of_a_write(
    server: SimulatorServer, tenant: Tenant
) -> None:
    """A drop with ``applied`` carries the write out, then closes the connection without
    its answer: the client sees what it sees when a write's answer is lost on the way."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.faults.add(kind="drop", applied=True, endpoint="PATCH /sites/{id}/lists/{id}/*")
    item = f"/sites/{doc.site_id}/lists/{doc.list_id}/items/{doc.list_item_id}"
    url = f"{server.base_url}{item}/fields"
    async with httpx.AsyncClient(headers={"Authorization": "Bearer sim-token"}) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.patch(url, json={"Title": "angekommen"})
    assert tenant.fields(doc)["Title"] == "angekommen"
    assert tenant.stats.operations["PATCH /sites/{id}/lists/{id}/items/{id}/fields"] == 1


async def test_drop_over_transport_raises_remote_protocol_error(tenant: Tenant) -> None:
    """The in-process transport turns a drop into httpx.RemoteProtocolError too."""
    tenant.faults.add(kind="drop")
    transport = SimulatorTransport(tenant)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/v1.0/sites/contoso.sharepoint.com:/sites/allianz:")


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "explode"},
        {"kind": "drop", "inner": True},
        {"kind": "status", "applied": True},
        {"kind": "status", "status": 200},
        {"kind": "status", "count": 0},
        {"kind": "status", "colour": "red"},
    ],
)
def test_invalid_rules_are_refused(rule: dict[str, object]) -> None:
    """Unknown kinds or keys, inner drops, applied non-drops, non-error statuses and zero
    counts are errors."""
    with pytest.raises((ValueError, TypeError)):
        FaultRule.from_json(rule)

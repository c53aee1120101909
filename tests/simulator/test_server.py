"""The loopback HTTP server: keep-alive, chunked bodies, auth and error shapes, threads."""

from __future__ import annotations

import asyncio

import h11
import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant, run_in_thread
from tests.simulator.conftest import APPROVER


async def exchange(
    server: SimulatorServer, requests: list[tuple[h11.Request, bytes]]
) -> list[tuple[int, bytes]]:
    """Send requests over ONE connection and read one response per request."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    conn = h11.Connection(h11.CLIENT)
    answers: list[tuple[int, bytes]] = []
    try:
        for request, body in requests:
            writer.write(conn.send(request))
            if body:
                writer.write(conn.send(h11.Data(data=body)))
            writer.write(conn.send(h11.EndOfMessage()))
            await writer.drain()
            status, data = 0, b""
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    conn.receive_data(await reader.read(65536))
                elif isinstance(event, h11.Response):
                    status = event.status_code
                elif isinstance(event, h11.Data):
                    data += event.data
                elif isinstance(event, h11.EndOfMessage):
                    break
            answers.append((status, data))
            conn.start_next_cycle()
    finally:
        writer.close()
        await writer.wait_closed()
    return answers


def get(target: str) -> tuple[h11.Request, bytes]:
    """An authorised GET."""
    headers = [("Host", "127.0.0.1"), ("Authorization", "Bearer sim-token")]
    return h11.Request(method="GET", target=target, headers=headers), b""


async def test_keep_alive_serves_several_requests_per_connection(server: SimulatorServer) -> None:
    """Two requests on one connection get two answers."""
    site = "/v1.0/sites/contoso.sharepoint.com:/sites/allianz:"
    answers = await exchange(server, [get(site), get(site + "/lists")])
    assert [status for status, _ in answers] == [200, 200]
    assert b'"displayName":"Freigabe"' in answers[1][1]


async def test_chunked_request_body(server: SimulatorServer, tenant: Tenant) -> None:
    """A request body sent with Transfer-Encoding: chunked arrives whole."""
    headers = [("Host", "127.0.0.1"), ("Transfer-Encoding", "chunked")]
    request = h11.Request(method="POST", target="/_sim/faults", headers=headers)
    rule = b'{"kind": "latency", "latency": 0.01}'
    ((status, body),) = await exchange(server, [(request, rule)])
    assert (status, body) == (201, b'{"id":1}')
    assert tenant.faults.active()[0].latency == 0.01


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Access token is empty."),
        ({"Authorization": "Bearer falsch"}, "Access token validation failure."),
    ],
)
async def test_graph_requires_a_known_token(
    server: SimulatorServer, headers: dict[str, str], message: str
) -> None:
    """Without a known bearer token Graph answers 401 with its error body."""
    async with httpx.AsyncClient(headers=headers) as client:
        response = await client.get(
            f"{server.base_url}/sites/contoso.sharepoint.com:/sites/allianz:"
        )
    assert response.status_code == 401
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("InvalidAuthenticationToken", message)
    assert {"request-id", "date"} <= set(error["innerError"])


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1.0/sites/contoso.sharepoint.com:/sites/allianz:/gibtsnicht", 400),
        ("DELETE", "/v1.0/sites/contoso.sharepoint.com:/sites/allianz:", 405),
        ("GET", "/beta/sites/root", 404),
        ("GET", "/_sim/unbekannt", 404),
    ],
)
async def test_unknown_routes_answer_graph_errors(
    http: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    """Unknown paths and methods answer with Graph's error shape."""
    response = await http.request(method, path)
    assert response.status_code == status
    assert "code" in response.json()["error"]


def test_run_in_thread_serves_sync_clients(tenant: Tenant) -> None:
    """A server on its own thread serves a synchronous client and runs scripted changes."""
    with run_in_thread(tenant) as running:
        doc = running.call(lambda: tenant.find("Freigabe", "Dokument 1.docx"))
        running.call(lambda: tenant.set_fields(doc, {"Title": "neu"}, by=APPROVER))
        headers = {"Authorization": "Bearer sim-token"}
        with httpx.Client(base_url=running.base_url, headers=headers) as client:
            lib = tenant.library("Freigabe")
            response = client.get(f"/sites/{lib.site.id}/lists/{lib.list_id}/items/1/fields")
        assert response.json()["Title"] == "neu"
        assert running.root_url.startswith("http://127.0.0.1:")


async def test_stop_closes_a_connection_the_client_keeps_open(tenant: Tenant) -> None:
    """Python 3.12's Server.wait_closed waits for open connections: stop must close them
    first, or a client's idle keep-alive connection holds the stop (and SIGTERM) forever."""
    server = SimulatorServer(tenant)
    await server.start()
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        await client.get("/sites/root", headers={"Authorization": "Bearer sim-token"})
        await asyncio.wait_for(server.stop(), timeout=5)

"""Bad requests get Graph's JSON error body from the loopback server, never a traceback."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorServer
from freigabe_devtools.graphsim.app import SimulatorApp
from freigabe_devtools.graphsim.messages import SimRequest, SimResponse


async def _raw(server: SimulatorServer, data: bytes) -> bytes:
    """Send ``data`` as it is and read until the server closes the connection."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(data)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    await writer.wait_closed()
    return answer


def _graph_error(answer: bytes) -> tuple[int, str]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    return status, json.loads(body)["error"]["code"]


@pytest.mark.parametrize(
    "data",
    [
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET /v1.0/\xc3\xa4 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /v1.0/$batch HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n",
    ],
    ids=["no-request-line", "non-ascii-target", "bad-content-length"],
)
async def test_malformed_http_answers_a_json_400(server: SimulatorServer, data: bytes) -> None:
    """Before, the server hung up without a word."""
    assert _graph_error(await _raw(server, data)) == (400, "BadRequest")


async def test_a_fault_rule_of_the_wrong_type_is_refused(http: httpx.AsyncClient) -> None:
    """Before, the rule was taken (201) and every later request failed inside the server."""
    refused = await http.post("/_sim/faults", json={"kind": "latency", "latency": "x"})
    assert refused.status_code == 400
    assert "latency" in refused.json()["error"]["message"]
    assert (await http.get("/_sim/faults")).json()["value"] == []


async def test_a_batch_entry_with_malformed_headers_is_a_400(http: httpx.AsyncClient) -> None:
    batch = {"requests": [{"id": "1", "method": "GET", "url": "/sites/root", "headers": 5}]}
    answer = await http.post(
        "/v1.0/$batch", json=batch, headers={"Authorization": "Bearer sim-token"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "BadRequest"


async def test_an_unforeseen_failure_is_a_json_500_and_one_line(
    server: SimulatorServer,
    http: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    async def broken(self: SimulatorApp, request: SimRequest) -> SimResponse:
        raise KeyError("no-such-thing")

    monkeypatch.setattr(SimulatorApp, "handle", broken)
    answer = await http.get("/v1.0/sites/root")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "generalException"
    err = capfd.readouterr().err
    assert "graphsim: 500 for GET /v1.0/sites/root: KeyError('no-such-thing')" in err
    assert "Traceback" not in err

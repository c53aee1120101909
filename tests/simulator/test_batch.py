"""JSON batching: limits, inner dispatch, inner faults, dependencies and counting."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import FaultRule, SimulatorServer, Tenant
from tests.simulator.conftest import APPROVER


def item_url(tenant: Tenant, number: int) -> str:
    """Relative URL of a list item with its fields, as a batch entry names it."""
    lib = tenant.library("Freigabe")
    return f"/sites/{lib.site.id}/lists/{lib.list_id}/items/{number}?$expand=fields"


def reads(tenant: Tenant, count: int) -> list[dict[str, Any]]:
    """``count`` GET entries cycling over the five documents."""
    return [
        {"id": str(n), "method": "GET", "url": item_url(tenant, n % 5 + 1)} for n in range(count)
    ]


async def test_batch_of_twenty_answers_every_request(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """20 requests are answered 200, matched by id, in an order not tied to the request."""
    response = await http.post("/v1.0/$batch", json={"requests": reads(tenant, 20)})
    assert response.status_code == 200
    answers = response.json()["responses"]
    assert [a["id"] for a in answers] != [str(n) for n in range(20)]
    by_id = {a["id"]: a for a in answers}
    assert set(by_id) == {str(n) for n in range(20)}
    assert by_id["3"]["status"] == 200
    assert by_id["3"]["body"]["fields"]["FileLeafRef"] == "Dokument 4.docx"


@pytest.mark.parametrize(
    "requests",
    [
        pytest.param("twenty-one", id="too-many"),
        pytest.param("duplicate", id="duplicate-ids"),
        pytest.param("forward-dependency", id="depends-on-later"),
        pytest.param("empty", id="empty"),
    ],
)
async def test_malformed_batches_are_400(
    http: httpx.AsyncClient, tenant: Tenant, requests: str
) -> None:
    """More than 20 requests, duplicate ids, bad dependsOn or none at all answer 400."""
    entries = reads(tenant, 21 if requests == "twenty-one" else 2)
    if requests == "duplicate":
        entries[1]["id"] = entries[0]["id"]
    elif requests == "forward-dependency":
        entries[0]["dependsOn"] = [entries[1]["id"]]
    elif requests == "empty":
        entries = []
    response = await http.post("/v1.0/$batch", json={"requests": entries})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"


async def test_inner_throttling_has_its_own_retry_after(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """An inner 429 carries Retry-After in the inner headers; the batch itself is 200."""
    tenant.faults.add(
        FaultRule(
            kind="status",
            status=429,
            retry_after=7,
            inner=True,
            count=2,
            endpoint="GET /sites/{id}/lists/{id}/items/{id}",
        )
    )
    response = await http.post("/v1.0/$batch", json={"requests": reads(tenant, 3)})
    assert response.status_code == 200
    statuses = {
        a["id"]: (a["status"], a["headers"].get("Retry-After"))
        for a in response.json()["responses"]
    }
    assert statuses == {"0": (429, "7"), "1": (429, "7"), "2": (200, None)}


async def test_failed_dependency_is_424(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """A request depending on a failed one is not run and answers 424."""
    entries = [
        {"id": "a", "method": "GET", "url": item_url(tenant, 99)},
        {"id": "b", "method": "GET", "url": item_url(tenant, 1), "dependsOn": ["a"]},
    ]
    response = await http.post("/v1.0/$batch", json={"requests": entries})
    statuses = {a["id"]: a["status"] for a in response.json()["responses"]}
    assert statuses == {"a": 404, "b": 424}
    assert tenant.stats.operations["GET /sites/{id}/lists/{id}/items/{id}"] == 1


async def test_batch_patch_with_json_body(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """An inner PATCH with a JSON body writes fields like a direct request."""
    lib = tenant.library("Freigabe")
    entry = {
        "id": "1",
        "method": "PATCH",
        "url": f"/sites/{lib.site.id}/lists/{lib.list_id}/items/2/fields",
        "headers": {"Content-Type": "application/json"},
        "body": {"FreigabeStatus": "Zur Abstimmung"},
    }
    response = await http.post("/v1.0/$batch", json={"requests": [entry]})
    assert response.json()["responses"][0]["status"] == 200
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    assert tenant.fields(doc)["FreigabeStatus"] == "Zur Abstimmung"


async def test_batch_counts_one_round_trip_and_inner_operations(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """A batch is one round trip and zero operations itself; each inner request is one."""
    await http.get("/v1.0" + item_url(tenant, 1))
    tenant.stats.reset()
    await http.post("/v1.0/$batch", json={"requests": reads(tenant, 20)})
    stats = tenant.stats
    assert stats.total_round_trips == 1
    assert stats.round_trips["POST /$batch"] == 1
    assert stats.total_operations == 20
    assert stats.operations["GET /sites/{id}/lists/{id}/items/{id}"] == 20
    assert "POST /$batch" not in stats.operations
    assert stats.snapshot()["total_operations"] == 20


@pytest.mark.parametrize("prefix", ["{root}/v1.0", "/v1.0"], ids=["absolute", "version-prefixed"])
async def test_inner_urls_must_be_relative_to_the_version_root(
    http: httpx.AsyncClient, server: SimulatorServer, tenant: Tenant, prefix: str
) -> None:
    """An absolute inner URL fails the whole batch; one naming the version again is a
    request for a segment 'v1.0', which no resource has."""
    url = prefix.format(root=server.root_url) + item_url(tenant, 1)
    response = await http.post(
        "/v1.0/$batch", json={"requests": [{"id": "1", "method": "GET", "url": url}]}
    )
    if prefix.startswith("{root}"):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "BadRequest"
    else:
        assert response.status_code == 200
        assert response.json()["responses"][0]["status"] == 400


def _delta_entry(tenant: Tenant, rid: str, link: str | None = None) -> dict[str, Any]:
    drive = tenant.library("Freigabe").drive_id
    url = f"/drives/{drive}/root/delta" if link is None else link.split("/v1.0", 1)[1]
    return {"id": rid, "method": "GET", "url": url, "headers": {"deltaExcludeParent": "true"}}


async def test_delta_inside_a_batch_answers_as_delta_does(
    http: httpx.AsyncClient, server: SimulatorServer, tenant: Tenant
) -> None:
    """Delta inside $batch hands out the same absolute links as a direct request, takes
    the entry's headers, and answers an expired token with an inner 410 and Location."""
    first = await http.post("/v1.0/$batch", json={"requests": [_delta_entry(tenant, "a")]})
    [answer] = first.json()["responses"]
    link = answer["body"]["@odata.deltaLink"]
    assert link.startswith(server.base_url + "/drives/")
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.set_fields(doc, {"Title": "neu"}, by=APPROVER)
    second = await http.post("/v1.0/$batch", json={"requests": [_delta_entry(tenant, "b", link)]})
    [changed] = second.json()["responses"]
    assert [i["id"] for i in changed["body"]["value"]] == [doc.item_id]
    tenant.expire_delta_tokens("Freigabe")
    third = await http.post("/v1.0/$batch", json={"requests": [_delta_entry(tenant, "c", link)]})
    [gone] = third.json()["responses"]
    assert gone["status"] == 410
    assert gone["body"]["error"]["code"] == "resyncRequired"
    assert gone["headers"]["Location"].startswith(server.base_url + "/drives/")

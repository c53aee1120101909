"""Change-notification subscriptions: the validation handshake, notifications, renewal, expiry."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.subscription import Subscription

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER, FakeClock


class Receiver:
    """A notification endpoint on loopback, in a thread, answering as ``mode`` says.

    Modes: ``echo`` (a correct receiver), ``wrong`` (echoes another token), ``json`` (the
    token as JSON), ``fail`` (500 to everything).
    """

    def __init__(self, mode: str = "echo") -> None:
        self.mode = mode
        self.validations: list[str] = []
        self.notifications: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                tokens = parse_qs(urlsplit(self.path).query).get("validationToken")
                if receiver.mode == "fail":
                    self._answer(500, "text/plain", b"")
                elif tokens:
                    receiver.validations.append(tokens[0])
                    answer = tokens[0] + ("x" if receiver.mode == "wrong" else "")
                    kind = "application/json" if receiver.mode == "json" else "text/plain"
                    self._answer(200, kind, answer.encode())
                else:
                    receiver.notifications.append(json.loads(body))
                    self._answer(202, "text/plain", b"")

            def _answer(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/graph/notifications"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A working notification endpoint."""
    running = Receiver()
    thread = threading.Thread(target=running.server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()
    thread.join(timeout=10)


def drive_root(tenant: Tenant, library: str = "Freigabe") -> str:
    """The subscription resource of a library's drive."""
    return f"drives/{tenant.library(library).drive_id}/root"


def request(tenant: Tenant, clock: FakeClock, url: str, **over: Any) -> dict[str, Any]:
    """The JSON of a valid subscription request, with ``over`` replacing fields."""
    return {
        "changeType": "updated",
        "resource": drive_root(tenant),
        "notificationUrl": url,
        "expirationDateTime": (clock.now + timedelta(days=2)).isoformat(),
        "clientState": "geheim-123",
        **over,
    }


async def subscribe(http: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    """Create a subscription; its JSON."""
    answer = await http.post("/v1.0/subscriptions", json=body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def until(what: str, probe: Callable[[], object]) -> None:
    """Wait until ``probe()`` is true, at most 5 s."""
    deadline = asyncio.get_running_loop().time() + 5
    while not probe():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def edit(tenant: Tenant, name: str = "Dokument 1.docx", status: str = "Zur Abstimmung") -> None:
    """Change one document's fields."""
    tenant.set_fields(tenant.find("Freigabe", name), {"FreigabeStatus": status}, by=APPROVER)


async def test_sdk_subscribes_after_the_validation_handshake(
    graph: GraphServiceClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """POST /subscriptions through the SDK: the endpoint gets the decoded token first, then 201."""
    expires = clock.now + timedelta(minutes=42300)
    created = await graph.subscriptions.post(
        Subscription(
            change_type="updated",
            resource=drive_root(tenant),
            notification_url=receiver.url,
            expiration_date_time=expires,
            client_state="geheim-123",
        )
    )
    assert created is not None
    assert created.id is not None
    assert created.expiration_date_time == expires
    assert created.client_state == "geheim-123"
    assert len(receiver.validations) == 1
    assert receiver.validations[0].startswith("Validation: Testing client application")
    listed = await graph.subscriptions.get()
    assert listed is not None
    assert [s.id for s in listed.value or []] == [created.id]


@pytest.mark.parametrize("mode", ["wrong", "json", "fail"])
async def test_a_bad_validation_answer_refuses_the_subscription(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver, mode: str
) -> None:
    """Another token, the wrong content type or an error status: 400 ValidationError."""
    receiver.mode = mode
    answer = await http.post("/v1.0/subscriptions", json=request(tenant, clock, receiver.url))
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "ValidationError"
    assert tenant.subscriptions.live() == []


async def test_an_unreachable_endpoint_refuses_the_subscription(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock
) -> None:
    """Nobody listens at the notification URL: 400 ValidationError."""
    nobody = "http://127.0.0.1:9/graph/notifications"
    answer = await http.post("/v1.0/subscriptions", json=request(tenant, clock, nobody))
    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "ValidationError")


@pytest.mark.parametrize(
    ("over", "status"),
    [
        ({"changeType": "created"}, 400),
        ({"resource": "drives/b!unbekannt/root"}, 404),
        ({"resource": "users/someone/messages"}, 400),
        ({"expirationDateTime": "2026-11-01T09:00:00Z"}, 400),
        ({"expirationDateTime": "2026-12-31T09:00:00Z"}, 400),
        ({"expirationDateTime": "bald"}, 400),
        ({"clientState": "x" * 129}, 400),
        ({"notificationUrl": "ftp://127.0.0.1/x"}, 400),
    ],
)
async def test_requests_graph_refuses_are_refused(
    http: httpx.AsyncClient,
    tenant: Tenant,
    clock: FakeClock,
    receiver: Receiver,
    over: dict[str, Any],
    status: int,
) -> None:
    """Other change types, resources, expiries beyond 42300 minutes or in the past are refused."""
    answer = await http.post(
        "/v1.0/subscriptions", json=request(tenant, clock, receiver.url, **over)
    )
    assert answer.status_code == status
    assert receiver.validations == []


async def test_changes_are_announced_once_per_burst(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """Two quick edits: one notification carrying the subscription, clientState and tenant."""
    created = await subscribe(http, request(tenant, clock, receiver.url))
    edit(tenant)
    edit(tenant, "Dokument 2.docx")
    await until("a notification", lambda: receiver.notifications)
    await asyncio.sleep(0.4)
    assert receiver.notifications == [
        {
            "value": [
                {
                    "subscriptionId": created["id"],
                    "clientState": "geheim-123",
                    "changeType": "updated",
                    "resource": drive_root(tenant),
                    "subscriptionExpirationDateTime": created["expirationDateTime"],
                    "tenantId": tenant.tenant_id,
                }
            ]
        }
    ]
    edit(tenant, status="Freigegeben")
    await until("a second notification", lambda: len(receiver.notifications) == 2)


async def test_changes_elsewhere_are_not_announced(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """A change in another library sends nothing to this subscription."""
    other = tenant.add_library("/sites/allianz", "Andere")
    await subscribe(http, request(tenant, clock, receiver.url))
    tenant.add_document(other.site, "Andere", "Neu.docx", b"x", by=APPROVER)
    await asyncio.sleep(0.5)
    assert receiver.notifications == []


async def test_a_failed_delivery_is_dropped_and_later_ones_still_go_out(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """The endpoint fails one notification; the next change is announced again."""
    await subscribe(http, request(tenant, clock, receiver.url))
    receiver.mode = "fail"
    edit(tenant)
    await asyncio.sleep(0.5)
    receiver.mode = "echo"
    edit(tenant, status="Freigegeben")
    await until("the next notification", lambda: receiver.notifications)
    assert len(receiver.notifications) == 1


async def test_renewal_moves_the_expiry_and_an_expired_one_is_gone(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """PATCH sets a new expiry; past it the subscription answers 404 and is not listed."""
    created = await subscribe(http, request(tenant, clock, receiver.url))
    later = clock.now + timedelta(days=3)
    path = f"/v1.0/subscriptions/{created['id']}"
    renewed = await http.patch(path, json={"expirationDateTime": later.isoformat()})
    assert renewed.status_code == 200
    assert renewed.json()["expirationDateTime"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
    clock.advance(timedelta(days=3, seconds=1).total_seconds())
    gone = await http.patch(path, json={"expirationDateTime": later.isoformat()})
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "ResourceNotFound")
    assert (await http.get("/v1.0/subscriptions")).json() == {"value": []}


async def test_deleted_subscriptions_are_silent(
    http: httpx.AsyncClient, tenant: Tenant, clock: FakeClock, receiver: Receiver
) -> None:
    """DELETE answers 204, then 404; later changes send nothing."""
    created = await subscribe(http, request(tenant, clock, receiver.url))
    path = f"/v1.0/subscriptions/{created['id']}"
    assert (await http.delete(path)).status_code == 204
    assert (await http.delete(path)).status_code == 404
    edit(tenant)
    await asyncio.sleep(0.5)
    assert receiver.notifications == []

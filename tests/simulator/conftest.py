"""Fixtures: a small tenant, the loopback server, and msgraph-sdk clients against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from azure.core.credentials import AccessToken
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph_core import GraphClientFactory

from freigabe_devtools.graphsim import SimulatorServer, Tenant, load_scenario

APPROVER = "anna.berger@dwv.example"
GUEST = "jonas.keller_dwv.example#EXT#@contoso.onmicrosoft.com"
MEMBERS_TOKEN = "members-token"
SITES_TOKEN = "sites-token"

SCENARIO: dict[str, Any] = {
    "tenant": {"hostname": "contoso.sharepoint.com", "name": "Contoso", "seed": "tests"},
    "tokens": {
        "sim-token": {
            "roles": [
                "Sites.ReadWrite.All",
                "Sites.Manage.All",
                "GroupMember.Read.All",
                "User.ReadBasic.All",
            ],
            "app_name": "freigabe",
        },
        # least privilege for approver lookups: members' ids only, and no users at all
        MEMBERS_TOKEN: {
            "roles": ["Sites.Read.All", "GroupMember.Read.All"],
            "app_name": "freigabe",
        },
        SITES_TOKEN: {"roles": ["Sites.Read.All"], "app_name": "freigabe"},
    },
    "users": [
        {"upn": APPROVER, "display_name": "Anna Berger"},
        {"upn": GUEST, "display_name": "Jonas Keller"},
    ],
    "groups": [{"display_name": "DWV Freigabe", "members": [APPROVER, GUEST]}],
    "sites": [
        {
            "path": "/sites/allianz",
            "display_name": "Allianz",
            "libraries": [
                {
                    "name": "Freigabe",
                    "columns": [
                        {
                            "name": "FreigabeStatus",
                            "type": "choice",
                            "choices": ["Entwurf", "Zur Abstimmung", "Freigegeben"],
                        },
                        {"name": "Votum_DWV", "type": "choice", "choices": ["Zustimmung"]},
                        {"name": "AbstimmungFrist", "type": "dateTime", "format": "dateOnly"},
                        {"name": "OeffentlicherLink", "type": "hyperlink"},
                        {"name": "FreigabeProtokoll", "type": "note"},
                    ],
                    "documents": [
                        {
                            "name": f"Dokument {n}.docx",
                            "content": f"Inhalt {n}",
                            "fields": {"Title": f"Dokument {n}", "FreigabeStatus": "Entwurf"},
                        }
                        for n in range(1, 6)
                    ],
                }
            ],
        }
    ],
}


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class StaticCredential:
    """An AsyncTokenCredential that always returns the simulator's token."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("sim-token", 4102444800)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> StaticCredential:
        return self

    async def __aexit__(self, *args: object) -> None:
        return None


@pytest.fixture
def clock() -> FakeClock:
    """A controllable clock for the tenant."""
    return FakeClock()


@pytest.fixture
def tenant(clock: FakeClock) -> Tenant:
    """The small test tenant: one site, one library 'Freigabe' with five documents."""
    return load_scenario(SCENARIO, clock=clock)


@pytest.fixture
async def server(tenant: Tenant) -> AsyncIterator[SimulatorServer]:
    """The tenant served on a free loopback port."""
    async with SimulatorServer(tenant) as running:
        yield running


def make_graph_client(base_url: str, http: httpx.AsyncClient) -> GraphServiceClient:
    """A GraphServiceClient as freigabe builds one, pointed at ``base_url``."""
    auth = AzureIdentityAuthenticationProvider(
        StaticCredential(),
        scopes=["https://graph.microsoft.com/.default"],
        allowed_hosts=["127.0.0.1"],
    )
    adapter = GraphRequestAdapter(
        auth, GraphClientFactory.create_with_default_middleware(client=http)
    )
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter)


@pytest.fixture
async def graph(server: SimulatorServer) -> AsyncIterator[GraphServiceClient]:
    """msgraph-sdk talking to the loopback server."""
    # msgraph-core wraps the client's transport in one whose aclose() does not close the
    # wrapped pool, so the pool is closed here by hand.
    pool = httpx.AsyncHTTPTransport()
    async with httpx.AsyncClient(transport=pool) as http:
        yield make_graph_client(server.base_url, http)
    await pool.aclose()


@pytest.fixture
async def http(server: SimulatorServer) -> AsyncIterator[httpx.AsyncClient]:
    """A plain httpx client with the bearer token, based at the server's root URL."""
    headers = {"Authorization": "Bearer sim-token"}
    async with httpx.AsyncClient(base_url=server.root_url, headers=headers) as client:
        yield client

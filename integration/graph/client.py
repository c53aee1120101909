"""The authenticated Graph client: msgraph-sdk on an injected httpx client.

One retry layer: ``throttle.ThrottledTransport`` on the wire (429/503/504, honouring every
Retry-After within the cycle's time budget); the SDK's retry middleware is switched off for
every request (its default option says no retries, and no call passes one of its own), so
no wait is stacked on another. The only other retry in the adapter is for throttled requests
*inside* a ``$batch``, which the wire cannot see because the batch itself answers 200; it
draws on the same budget. Calls that another layer retries are sent once
(``throttle.single_try``): a mail, which the outbox retries.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import structlog
from azure.core.credentials_async import AsyncTokenCredential
from kiota_abstractions.method import Method
from kiota_abstractions.native_response_handler import NativeResponseHandler
from kiota_abstractions.request_information import RequestInformation
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import ResponseHandlerOption, RetryHandlerOption
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph_core import GraphClientFactory

from integration.errors import ForeignHostRefused, GraphError, ResyncRequired
from integration.graph.credentials import build_credential
from integration.graph.throttle import (
    Sleep,
    ThrottleBudget,
    ThrottledTransport,
    retry_after_seconds,
)
from integration.graph.translate import error_for_status, graph_errors

if TYPE_CHECKING:  # the settings module imports adapters' settings sections in turn
    from config import Settings

__all__ = [
    "ExchangeObserver",
    "GraphAnswer",
    "GraphExchange",
    "GraphGateway",
    "build_gateway",
    "error_code",
]

_JSON = "application/json"

log = structlog.get_logger("freigabe.graph")


@dataclass(frozen=True, slots=True)
class GraphExchange:
    """One HTTP round trip to Graph, as seen below the SDK's retry middleware.

    Attributes:
        method: the HTTP method.
        path: the URL path as sent (percent-encoded), without the query.
        status: the answer's status, or None when no answer arrived (refused, dropped, timeout).
    """

    method: str
    path: str
    status: int | None


@dataclass(frozen=True, slots=True)
class GraphAnswer:
    """A successful answer to :meth:`GraphGateway.send`.

    Attributes:
        status: the HTTP status (2xx).
        body: the parsed JSON body, or None when the answer has none.
    """

    status: int
    body: Any


def error_code(raw: bytes) -> str | None:
    """The ``error.code`` of a Graph error body, if it names one."""
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None


ExchangeObserver = Callable[[GraphExchange], None]
"""Told about every round trip; it runs inside the request, so it must be quick and not raise."""


class _ObservedTransport(httpx.AsyncBaseTransport):
    """The wire, reporting each round trip to the observers.

    It sits under the retry middleware: a 429 the middleware waits out and retries is seen
    too, which the client's response hook (final answers only) would miss.
    """

    def __init__(self, wire: httpx.AsyncBaseTransport, observers: list[ExchangeObserver]) -> None:
        self._wire = wire
        self._observers = observers

    def _tell(self, request: httpx.Request, status: int | None) -> None:
        path = request.url.raw_path.partition(b"?")[0].decode("ascii")
        exchange = GraphExchange(request.method, path, status)
        for observe in self._observers:
            observe(exchange)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._wire.handle_async_request(request)
        except httpx.TransportError:
            self._tell(request, None)
            raise
        self._tell(request, response.status_code)
        return response


class GraphGateway:
    """Holds the SDK client and the facts every Graph call needs.

    Attributes:
        sdk: the ``GraphServiceClient``.
        base_url: the Graph root including the version, e.g. ``https://graph.microsoft.com/v1.0``.
        page_size: ``$top`` for delta pages.
        throttle: the time budget for waiting out throttling, shared by every request.
    """

    def __init__(
        self,
        *,
        sdk: GraphServiceClient,
        adapter: GraphRequestAdapter,
        http: httpx.AsyncClient,
        wire: httpx.AsyncBaseTransport,
        credential: AsyncTokenCredential,
        base_url: str,
        page_size: int,
        throttle: ThrottleBudget,
        observers: list[ExchangeObserver],
        scope: str,
        timeout: float,
    ) -> None:
        self.sdk = sdk
        self._adapter = adapter
        self._http = http
        self._wire = wire
        self._credential = credential
        self.base_url = base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        self._origin = (parts.scheme, parts.netloc.lower())
        self.host = parts.netloc
        self.page_size = page_size
        self.throttle = throttle
        self._observers = observers
        self._scope = scope
        # Downloads bypass the SDK: it buffers whole bodies. This client carries no token.
        self.downloads = httpx.AsyncClient(
            transport=ThrottledTransport(_ObservedTransport(wire, observers), throttle),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )

    async def bearer(self) -> str:
        """A fresh access token for the Graph host (for the few calls made without the SDK)."""
        async with graph_errors("access token", host=self.host):
            token = await self._credential.get_token(self._scope)
        return str(token.token)

    def observe(self, observer: ExchangeObserver) -> None:
        """Tell ``observer`` about every Graph round trip from now on, retries included."""
        self._observers.append(observer)

    async def aclose(self) -> None:
        await self.downloads.aclose()
        await self._http.aclose()
        # msgraph-core's transport wrapper does not pass aclose() on to the transport it wraps.
        await self._wire.aclose()
        await self._credential.close()

    async def __aenter__(self) -> GraphGateway:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def checked_link(self, url: str) -> str:
        """Return ``url`` if it points at the configured Graph root, else refuse it.

        Graph hands out absolute nextLink, deltaLink and Location URLs. Following one to another
        host would send it our bearer token, so anything outside the configured root is refused.
        """
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) != self._origin or not (
            parts.path + "/"
        ).startswith(urlsplit(self.base_url).path + "/"):
            raise ForeignHostRefused(
                f"refused a link to {parts.scheme}://{parts.netloc}: "
                f"only {self._origin[0]}://{self._origin[1]} is trusted"
            )
        return url

    def batch_url(self, target: str) -> str:
        """``target`` (a path below ``base_url`` or a link Graph handed out) as a ``$batch``
        entry names it: relative to the version root, ``/drives/x/root/delta?token=...``
        (Microsoft Learn, "Combine multiple HTTP requests using JSON batching",
        https://learn.microsoft.com/graph/json-batching: the url is "the relative resource
        URL", ``/users`` for ``https://graph.microsoft.com/v1.0/users``; an absolute one fails
        the whole batch, microsoft-graph-docs-contrib#8576). A link is checked with
        :meth:`checked_link` first, so a foreign one is refused before the batch is built.
        """
        if "://" not in target:
            return target
        parts = urlsplit(self.checked_link(target))
        path = parts.path[len(urlsplit(self.base_url).path) :]
        return f"{path}?{parts.query}" if parts.query else path

    async def post_json(self, path: str, body: Any, *, what: str) -> Any:
        """POST a JSON body to ``base_url + path`` through the authenticated SDK pipeline."""
        answer = await self.send(
            Method.POST, path, content=json.dumps(body).encode(), content_type=_JSON, what=what
        )
        return answer.body

    async def send(
        self,
        method: Method,
        target: str,
        *,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        what: str,
    ) -> GraphAnswer:
        """Send one request through the authenticated SDK pipeline and keep its status.

        ``target`` is a path below ``base_url`` or an absolute link Graph handed out (checked
        with :meth:`checked_link`). For the calls the SDK's request builders do not cover, or
        whose status (201 or 200) matters; an error status raises the project's error for it.
        """
        info = RequestInformation(method)
        info.url = self.checked_link(target) if "://" in target else self.base_url + target
        info.headers.try_add("Accept", _JSON)
        for name, value in (headers or {}).items():
            info.headers.try_add(name, value)
        if content is not None:
            info.set_stream_content(content, content_type or "application/octet-stream")
        # the native handler hands back the response itself, so 201 is told from 200
        info.add_request_options([ResponseHandlerOption(NativeResponseHandler())])
        async with graph_errors(what, host=self.host):
            response = await self._adapter.send_primitive_async(info, "bytes", {})
        if not isinstance(response, httpx.Response):
            raise GraphError(f"{what}: Graph gave no answer")
        raw = response.content
        if response.status_code >= 400:
            err = error_for_status(
                response.status_code,
                what,
                error_code(raw),
                write=method is not Method.GET,
                retry_after=retry_after_seconds(response.headers),
            )
            if isinstance(err, ResyncRequired):
                err.location = response.headers.get("location")
            raise err
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        return GraphAnswer(response.status_code, body)


async def _log_response(response: httpx.Response) -> None:
    request = response.request
    log.debug(
        "graph.response",
        method=request.method,
        path=request.url.path,
        status=response.status_code,
        attempt=request.headers.get("Retry-Attempt", "0"),
    )


def _allowed_host(base_url: str) -> str:
    host = urlsplit(base_url).hostname
    assert host is not None  # the configuration validated the URL
    return host


def build_gateway(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    sleep: Sleep = asyncio.sleep,
) -> GraphGateway:
    """Build the gateway for ``settings``; ``transport`` replaces the network and ``sleep``
    the waits for throttled requests (both for tests)."""
    base_url = settings.graph_base_url
    credential = build_credential(settings)
    auth = AzureIdentityAuthenticationProvider(
        credential, scopes=[settings.graph_scope], allowed_hosts=[_allowed_host(base_url)]
    )
    wire = transport or httpx.AsyncHTTPTransport()
    observers: list[ExchangeObserver] = []
    throttle = ThrottleBudget(
        settings.graph.throttle_budget_seconds, settings.graph.max_retries, sleep=sleep
    )
    client = httpx.AsyncClient(
        transport=ThrottledTransport(_ObservedTransport(wire, observers), throttle),
        timeout=httpx.Timeout(settings.graph.timeout_seconds),
        follow_redirects=False,
        event_hooks={"response": [_log_response]},
    )
    # the wire retries (see the module docstring); a second layer would multiply the waits
    retry = RetryHandlerOption(max_retries=0)
    http = GraphClientFactory.create_with_default_middleware(
        client=client, options={RetryHandlerOption.get_key(): retry}
    )
    adapter = GraphRequestAdapter(auth, http)
    adapter.base_url = base_url
    return GraphGateway(
        sdk=GraphServiceClient(request_adapter=adapter),
        adapter=adapter,
        http=http,
        wire=wire,
        credential=credential,
        base_url=base_url,
        page_size=settings.graph.page_size,
        throttle=throttle,
        observers=observers,
        scope=settings.graph_scope,
        timeout=settings.graph.timeout_seconds,
    )

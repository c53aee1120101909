"""The simulator's request handler: Graph v1.0 under ``/v1.0``, a control plane under ``/_sim``.

``SimulatorApp(tenant).handle(request)`` answers one ``SimRequest``; the loopback server and
the in-process httpx transport both call it, so they behave the same.

Graph (``/v1.0/...``, the routes in ``routes``): needs ``Authorization: Bearer <token>`` for
a token the tenant knows (401 ``InvalidAuthenticationToken`` otherwise) whose app roles or
site grants allow the request (403 ``accessDenied``, for the directory 403
``Authorization_RequestDenied``, see ``permissions``); writes are attributed to the token's
application. By default it answers as SharePoint Online does; ``Quirks`` switch single
behaviours to friendlier ones. Each request counts one round trip and, unless it is
``$batch``, one operation under its endpoint key; fault rules are applied before
authorisation, as a gateway would, except a drop with ``applied``, which hangs up only after
the request was carried out. Unknown paths answer 400 ``BadRequest`` ("Resource not
found for the segment ..."), a known path with another method 405.

Control plane (no authorisation, not counted):
    GET    /_sim/stats          counters (``Stats.snapshot()``)
    POST   /_sim/stats/reset    zero the counters (204)
    GET    /_sim/faults         active fault rules
    POST   /_sim/faults         add a rule (JSON of ``FaultRule``), answers ``{"id": n}``
    DELETE /_sim/faults         remove all rules (204)
    GET    /_sim/quirks         every quirk and its value
    POST   /_sim/quirks         set quirks, e.g. ``{"paging": false, "user_identity": "upn"}``;
                                typed and checked (400 naming the quirk; then none is set)
    POST   /_sim/actions        ``{"action": ..., "library": ..., "name": ..., "by": ...}`` with
                                action one of add_document (content|size, fields, site?),
                                edit_content (content|size), set_fields (fields),
                                rename (new_name), delete, lock (by a person), unlock,
                                mark_downloaded, expire_delta_tokens; answers the file's
                                summary (ids, name, fields, versions, quickXorHash of the
                                stored bytes, locked_by)
    GET    /_sim/items?library=L[&name=N]   summaries of the live files
    GET    /_sim/download/<token>           pre-authenticated download target of ``/content``
                                            redirects and versions' downloadUrl (counted as a
                                            round trip and operation under
                                            ``GET /_sim/download/{token}``); marks the content
                                            downloaded, serves Office files rewritten
                                            (``Quirks.hash_after_download``, ``office_rewrite``)
    POST   /_sim/webhooks/<name>            Teams Workflows webhook sink (``webhook_sink``);
    GET    /_sim/webhooks/<name>            fault rules apply (endpoint ``/_sim/webhooks/*``)
"""

from __future__ import annotations

import asyncio
import inspect
from urllib.parse import parse_qsl

from freigabe_devtools.graphsim.batch import run_batch
from freigabe_devtools.graphsim.content import StoredContent
from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.control import handle_control
from freigabe_devtools.graphsim.downloads import DOWNLOAD_PREFIX, resolve_download
from freigabe_devtools.graphsim.faults import FaultRule
from freigabe_devtools.graphsim.messages import (
    ConnectionDropped,
    GraphProblem,
    SimRequest,
    SimResponse,
    error_body,
    json_response,
)
from freigabe_devtools.graphsim.model import TokenGrant
from freigabe_devtools.graphsim.office import served
from freigabe_devtools.graphsim.pdf import document_text, render_pdf
from freigabe_devtools.graphsim.permissions import authorise
from freigabe_devtools.graphsim.routes import Handler, build_router
from freigabe_devtools.graphsim.routing import Route, split_path
from freigabe_devtools.graphsim.tenant import Tenant
from freigabe_devtools.graphsim.webhook_sink import WEBHOOK_PREFIX, WebhookSink, endpoint_key

__all__ = ["SimulatorApp"]

_API = "/v1.0"
_BATCH_KEY = "POST /$batch"
_DOWNLOAD_KEY = "GET /_sim/download/{token}"
_FAULT_CODES = {
    400: "invalidRequest",
    401: "InvalidAuthenticationToken",
    403: "accessDenied",
    404: "itemNotFound",
    409: "conflict",
    410: "resyncRequired",
    412: "resourceModified",
    429: "TooManyRequests",
    500: "generalException",
    502: "BadGateway",
    503: "serviceNotAvailable",
    504: "gatewayTimeout",
}

_Found = tuple[Route[Handler], tuple[str, ...]] | None


class SimulatorApp:
    """Answers requests against one tenant."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self._router = build_router()
        self.webhooks = WebhookSink()

    async def handle(self, request: SimRequest) -> SimResponse:
        """Answer ``request``; raises ConnectionDropped when a fault says to hang up."""
        try:
            if request.path.startswith(DOWNLOAD_PREFIX):
                return await self._download(request)
            if request.path.startswith(WEBHOOK_PREFIX):
                lost = await self._apply_faults(endpoint_key(request), inner=False)
                return _answered(lost, self.webhooks.handle(request))
            if request.path.startswith("/_sim/"):
                return handle_control(self.tenant, request)
            if request.path != _API and not request.path.startswith(_API + "/"):
                raise GraphProblem(404, "itemNotFound", "Graph lives under /v1.0.")
            return await self._graph(request)
        except GraphProblem as problem:
            return self.answer(problem)

    async def _graph(self, request: SimRequest) -> SimResponse:
        segments = split_path(request.path[len(_API) :])
        is_batch = request.method == "POST" and segments == ["$batch"]
        found = None if is_batch else self._router.route(request.method, segments)
        key = _BATCH_KEY if is_batch else self._key(request.method, found)
        self.tenant.stats.count_round_trip(key)
        lost = await self._apply_faults(key, inner=False)
        grant = self._authorise(request)
        if is_batch:
            batch = await run_batch(request, lambda inner: self._inner(inner, grant))
            return _answered(lost, batch)
        self.tenant.stats.count_operation(key)
        return _answered(lost, await self._call(request, segments, found, grant))

    async def _inner(self, request: SimRequest, grant: TokenGrant) -> SimResponse:
        """One request inside a batch: an operation of its own, with its own faults."""
        segments = split_path(request.path[len(_API) :])
        found = self._router.route(request.method, segments)
        key = self._key(request.method, found)
        self.tenant.stats.count_operation(key)
        try:
            await self._apply_faults(key, inner=True)
            return await self._call(request, segments, found, grant)
        except GraphProblem as problem:
            return self.answer(problem)

    async def _call(
        self, request: SimRequest, segments: list[str], found: _Found, grant: TokenGrant
    ) -> SimResponse:
        if found is None:
            if self._router.allows(segments):
                raise GraphProblem(
                    405,
                    "BadRequest",
                    "Specified HTTP method is not allowed for the request target.",
                )
            last = segments[-1] if segments else ""
            raise GraphProblem(400, "BadRequest", f"Resource not found for the segment '{last}'.")
        route, ids = found
        authorise(self.tenant, grant, route.key, ids)
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        answer = route.handler(Call(self.tenant, request, ids, query, grant))
        # a few handlers (creating a subscription) must wait for a request of their own
        return await answer if inspect.isawaitable(answer) else answer

    async def _download(self, request: SimRequest) -> SimResponse:
        self.tenant.stats.count_round_trip(_DOWNLOAD_KEY)
        self.tenant.stats.count_operation(_DOWNLOAD_KEY)
        lost = await self._apply_faults(_DOWNLOAD_KEY, inner=False)
        if request.method != "GET":
            raise GraphProblem(405, "BadRequest", "Downloads are GET only.")
        token = request.path[len(DOWNLOAD_PREFIX) :]
        lib, item, version, rendition = resolve_download(self.tenant, token)
        if rendition == "pdf":
            pdf = StoredContent(render_pdf(version.name, document_text(version)))
            headers = (("Content-Type", "application/pdf"),)
            return _answered(lost, SimResponse(status=200, headers=headers, stream=pdf))
        # from the first download on SharePoint lists the content's hash
        version.content.downloaded = True
        body = served(lib, item, version, self.tenant.quirks)
        headers = (("Content-Type", "application/octet-stream"),)
        return _answered(lost, SimResponse(status=200, headers=headers, stream=body))

    @staticmethod
    def _key(method: str, found: _Found) -> str:
        return found[0].key if found is not None else f"{method} (unrouted)"

    async def _apply_faults(self, key: str, *, inner: bool) -> FaultRule | None:
        """Apply the faults due before the request is carried out; return a drop due after
        it (``applied``), which ``_answered`` applies."""
        decision = self.tenant.faults.decide(key, inner=inner)
        if decision.latency > 0:
            await asyncio.sleep(decision.latency)
        failure = decision.failure
        if failure is not None and failure.applied:
            return failure
        if failure is not None:
            raise self._fault(failure)
        return None

    @staticmethod
    def _fault(rule: FaultRule) -> Exception:
        if rule.kind == "drop":
            return ConnectionDropped(rule.endpoint)
        headers = [("Retry-After", str(rule.retry_after))] if rule.retry_after is not None else []
        code = rule.code or _FAULT_CODES.get(rule.status, "generalException")
        return GraphProblem(rule.status, code, f"Injected fault: {rule.status}.", headers=headers)

    def _authorise(self, request: SimRequest) -> TokenGrant:
        scheme, _, token = (request.header("Authorization") or "").partition(" ")
        if not token or scheme.lower() != "bearer":
            raise GraphProblem(401, "InvalidAuthenticationToken", "Access token is empty.")
        grant = self.tenant.directory.tokens.get(token.strip())
        if grant is None:
            raise GraphProblem(
                401, "InvalidAuthenticationToken", "Access token validation failure."
            )
        return grant

    def answer(self, problem: GraphProblem) -> SimResponse:
        """Graph's error answer for ``problem``."""
        body = error_body(problem.code, problem.message, self.tenant.now())
        return json_response(body, status=problem.status, headers=problem.headers)


def _answered(lost: FaultRule | None, response: SimResponse) -> SimResponse:
    """``response``, unless a drop says the request was carried out but its answer is lost."""
    if lost is not None:
        raise ConnectionDropped(lost.endpoint)
    return response

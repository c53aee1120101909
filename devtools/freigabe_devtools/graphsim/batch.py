"""JSON batching (``POST /$batch``) as Graph documents it.

At most 20 requests with unique ids and URLs relative to the version root; each runs through
the same dispatch as a direct request (so it counts as one operation and meets its own
faults, e.g. an inner 429 with Retry-After).
Requests run in order; one whose ``dependsOn`` names a failed request answers 424. The
answer is 200 whatever the inner statuses, and lists the responses in reverse order of the
requests: Graph promises no order, and clients must match responses by id.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from freigabe_devtools.graphsim.messages import GraphProblem, SimRequest, SimResponse, json_response

__all__ = ["MAX_BATCH", "run_batch"]

MAX_BATCH = 20
Dispatch = Callable[[SimRequest], Awaitable[SimResponse]]


def _bad(message: str) -> GraphProblem:
    return GraphProblem(400, "BadRequest", message)


def _validate(body: Any) -> list[Mapping[str, Any]]:
    requests = body.get("requests") if isinstance(body, Mapping) else None
    if not isinstance(requests, list) or not requests:
        raise _bad("The batch request must contain a non-empty 'requests' array.")
    if len(requests) > MAX_BATCH:
        raise _bad(f"Number of batch requests exceeds the limit of {MAX_BATCH}.")
    seen: set[str] = set()
    for entry in requests:
        if not isinstance(entry, Mapping):
            raise _bad("Each batch request must be an object.")
        rid, method, url = entry.get("id"), entry.get("method"), entry.get("url")
        if not isinstance(rid, str) or not rid:
            raise _bad("Each batch request needs a string 'id'.")
        if rid in seen:
            raise _bad(f"Batch request ids must be unique; '{rid}' appears twice.")
        if not isinstance(method, str) or not isinstance(url, str):
            raise _bad(f"Batch request '{rid}' needs 'method' and 'url'.")
        if urlsplit(url).scheme or urlsplit(url).netloc:
            # an inner URL is relative to the version root (Microsoft Learn, "Combine multiple
            # HTTP requests using JSON batching": "/users", not ".../v1.0/users"); Graph
            # refuses the whole batch otherwise (microsoft-graph-docs-contrib#8576)
            raise _bad("Invalid batch payload format.")
        if not isinstance(entry.get("headers") or {}, Mapping):
            raise _bad(f"Batch request '{rid}' has 'headers' that are not an object.")
        depends = entry.get("dependsOn", [])
        if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
            raise _bad(f"Batch request '{rid}' needs 'dependsOn' as an array of ids.")
        if not set(depends) <= seen:
            raise _bad(f"Batch request '{rid}' depends on a request that does not precede it.")
        seen.add(rid)
    return requests


def _inner_request(outer: SimRequest, entry: Mapping[str, Any]) -> SimRequest:
    parts = urlsplit(entry["url"])
    # "/v1.0/groups" is read as a segment "v1.0" (microsoftgraph/msgraph-sdk-javascript#1178)
    path = "/v1.0/" + parts.path.lstrip("/")
    headers = {str(k): str(v) for k, v in (entry.get("headers") or {}).items()}
    body = entry.get("body")
    raw = b""
    if isinstance(body, str) and "json" not in headers.get("Content-Type", "json").lower():
        try:
            raw = base64.b64decode(body, validate=True)
        except binascii.Error:
            raise _bad("A batch request's non-JSON body must be base64.") from None
    elif body is not None:
        raw = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    return SimRequest(
        method=entry["method"],
        path=path,
        query=parts.query,
        headers=headers,
        body=raw,
        origin=outer.origin,
    )


def _inner_answer(rid: str, response: SimResponse) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "id": rid,
        "status": response.status,
        "headers": dict(response.headers),
    }
    content_type = response.header("Content-Type") or ""
    if response.body and "json" in content_type:
        answer["body"] = json.loads(response.body)
    elif response.body:
        answer["body"] = base64.b64encode(response.body).decode()
    return answer


def _failed_dependency(rid: str) -> dict[str, Any]:
    return {
        "id": rid,
        "status": 424,
        "headers": {"Content-Type": "application/json"},
        "body": {"error": {"code": "FailedDependency", "message": "A dependency failed."}},
    }


async def run_batch(outer: SimRequest, dispatch: Dispatch) -> SimResponse:
    """Answer a ``$batch`` request, dispatching each inner request through ``dispatch``."""
    requests = _validate(outer.json())
    status: dict[str, int] = {}
    answers = []
    for entry in requests:
        rid = entry["id"]
        if any(status[dep] >= 400 for dep in entry.get("dependsOn", [])):
            answer = _failed_dependency(rid)
        else:
            answer = _inner_answer(rid, await dispatch(_inner_request(outer, entry)))
        status[rid] = answer["status"]
        answers.append(answer)
    return json_response({"responses": answers[::-1]})

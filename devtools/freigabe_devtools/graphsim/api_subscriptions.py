"""Handlers for change-notification subscriptions (``/subscriptions``).

Resources: a drive's root (``drives/{drive-id}/root``) or a document library's list
(``sites/{site-id}/lists/{list-id}``), changeType ``updated`` only, an expiry at most 42300
minutes ahead and a clientState of at most 128 characters, as Graph allows for them. An
application sees and changes only its own subscriptions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Library
from freigabe_devtools.graphsim.subscriptions import SimSubscription, validation_passes

__all__ = [
    "create_subscription",
    "delete_subscription",
    "get_subscription",
    "list_subscriptions",
    "renew_subscription",
]

_MAX_LIFETIME = timedelta(minutes=42300)
_MAX_CLIENT_STATE = 128
_DRIVE_ROOT = re.compile(r"/?drives/([^/]+)/root")
_LIST = re.compile(r"/?sites/([^/]+)/lists/([^/]+)")


def _invalid(message: str) -> GraphProblem:
    return GraphProblem(400, "InvalidRequest", message)


def _body(call: Call) -> Mapping[str, Any]:
    body = call.request.json()
    if not isinstance(body, Mapping):
        raise _invalid("A subscription object is expected.")
    return body


def _library(call: Call, resource: str) -> Library:
    drive = _DRIVE_ROOT.fullmatch(resource)
    if drive is not None:
        lib = call.tenant.drives.get(drive[1])
    elif (listed := _LIST.fullmatch(resource)) is not None:
        try:
            site = call.tenant.site(listed[1])
        except KeyError:
            site = None
        lib = site.libraries.get(listed[2].lower()) if site is not None else None
    else:
        raise _invalid(f"Resource '{resource}' is not supported for change notifications.")
    if lib is None:
        raise GraphProblem(404, "itemNotFound", f"Resource '{resource}' could not be found.")
    return lib


def _expiry(call: Call, raw: object) -> datetime:
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        raise _invalid("expirationDateTime must be an ISO 8601 date and time.") from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    # the unrounded clock: a client computing "now + maximum" must not be refused
    now = call.tenant.clock().astimezone(UTC)
    if moment <= now:
        raise _invalid("Subscription expiration must be in the future.")
    if moment > now + _MAX_LIFETIME:
        raise _invalid("Subscription expiration can only be 42300 minutes in the future.")
    return moment


def _own(call: Call) -> SimSubscription:
    sub = call.tenant.subscriptions.get(call.ids[0], call.grant.app.id)
    if sub is None:
        raise GraphProblem(404, "ResourceNotFound", "The object was not found.")
    return sub


async def create_subscription(call: Call) -> SimResponse:
    """``POST /subscriptions``: validate the notification URL, then subscribe (201)."""
    body = _body(call)
    if body.get("changeType") != "updated":
        raise _invalid("changeType must be 'updated' for this resource.")
    resource = str(body.get("resource") or "")
    lib = _library(call, resource)
    url = body.get("notificationUrl")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise _invalid("notificationUrl must be an http(s) URL.")
    client_state = body.get("clientState")
    if client_state is not None and (
        not isinstance(client_state, str) or len(client_state) > _MAX_CLIENT_STATE
    ):
        raise _invalid(f"clientState must be a string of at most {_MAX_CLIENT_STATE} characters.")
    expires_at = _expiry(call, body.get("expirationDateTime"))
    if not await validation_passes(url):
        raise GraphProblem(
            400,
            "ValidationError",
            "Subscription validation request failed. Response must exactly match "
            "validationToken query parameter.",
        )
    sub = SimSubscription(
        id=call.tenant.ids.guid(),
        resource=resource,
        library=lib,
        notification_url=url,
        client_state=client_state,
        expires_at=expires_at,
        app_id=call.grant.app.id,
        seen=lib.log.head,
    )
    call.tenant.subscriptions.add(sub)
    return json_response(sub.as_json(), status=201)


def list_subscriptions(call: Call) -> SimResponse:
    """``GET /subscriptions``: the caller's live subscriptions."""
    own = call.tenant.subscriptions.live(call.grant.app.id)
    return json_response({"value": [sub.as_json() for sub in own]})


def get_subscription(call: Call) -> SimResponse:
    """``GET /subscriptions/{id}``."""
    return json_response(_own(call).as_json())


def renew_subscription(call: Call) -> SimResponse:
    """``PATCH /subscriptions/{id}``: move the expiry (404 once it expired)."""
    sub = _own(call)
    sub.expires_at = _expiry(call, _body(call).get("expirationDateTime"))
    return json_response(sub.as_json())


def delete_subscription(call: Call) -> SimResponse:
    """``DELETE /subscriptions/{id}`` (204)."""
    call.tenant.subscriptions.remove(_own(call).id)
    return SimResponse(status=204)

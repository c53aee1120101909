"""Graph change-notification subscriptions on the watched libraries, kept alive.

One subscription per library, on its drive's root (``drives/{id}/root``, changeType
``updated``: the only kind Graph offers for a drive). Graph deletes a subscription when it
expires, so each one is renewed (PATCH ``expirationDateTime``) before then, and created anew
when Graph no longer knows it (404). The caller keeps what Graph answered (the worker in
its state store) and hands it back as ``held``, so a restarted worker renews instead of
subscribing twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import structlog
from kiota_abstractions.method import Method

from integration.errors import GraphError, NotFound
from integration.graph.answers import instant, mapping, text
from integration.graph.client import GraphGateway
from ports.libraries import ResolvedLibrary
from ports.subscriptions import SubscriptionPolicy, SubscriptionRecord

__all__ = [
    "client_state_tag",
    "create_subscription",
    "delete_subscription",
    "drive_resource",
    "ensure_subscription",
    "renew_subscription",
]

_CHANGE_TYPE = "updated"

log = structlog.get_logger("freigabe.graph")


def drive_resource(drive_id: str) -> str:
    """The subscription resource of a drive's whole folder tree."""
    return f"drives/{drive_id}/root"


def client_state_tag(client_state: str) -> str:
    """A digest that tells client states apart without revealing them."""
    return hashlib.sha256(client_state.encode()).hexdigest()[:16]


def _record(answer: Any, what: str, tag: str) -> SubscriptionRecord:
    # Read as JSON, not through the SDK's models: the first parse of a Subscription imports
    # thousands of model modules, seconds of work that would block the worker's event loop
    # (and its /healthz) the first time a subscription is made.
    body = mapping(answer)
    sub_id, resource = text(body.get("id")), text(body.get("resource"))
    url, expires = text(body.get("notificationUrl")), instant(body.get("expirationDateTime"))
    if not sub_id or expires is None or not resource or not url:
        raise GraphError(f"{what}: Graph's answer lacks the subscription's id or expiry")
    return SubscriptionRecord(sub_id, resource, url, expires, tag)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def create_subscription(
    gw: GraphGateway,
    *,
    resource: str,
    notification_url: str,
    client_state: str,
    expires_at: datetime,
) -> SubscriptionRecord:
    """Subscribe ``notification_url`` to changes of ``resource``.

    Graph first checks that the URL answers its validation request; if not, it answers 400
    (a ``GraphError``).
    """
    body = {
        "changeType": _CHANGE_TYPE,
        "notificationUrl": notification_url,
        "resource": resource,
        "expirationDateTime": _stamp(expires_at),
        "clientState": client_state,
    }
    what = f"subscribing to {resource}"
    answer = await gw.post_json("/subscriptions", body, what=what)
    return _record(answer, what, client_state_tag(client_state))


def _path(subscription_id: str) -> str:
    return f"/subscriptions/{quote(subscription_id, safe='')}"


async def renew_subscription(
    gw: GraphGateway, held: SubscriptionRecord, *, expires_at: datetime
) -> SubscriptionRecord:
    """Move the expiry of ``held``; ``NotFound`` when Graph no longer has it."""
    what = f"renewing subscription {held.id}"
    answer = await gw.send(
        Method.PATCH,
        _path(held.id),
        content=json.dumps({"expirationDateTime": _stamp(expires_at)}).encode(),
        content_type="application/json",
        what=what,
    )
    return _record(answer.body, what, held.client_state_tag)


async def delete_subscription(gw: GraphGateway, subscription_id: str) -> None:
    """End a subscription; one Graph no longer has counts as ended."""
    with contextlib.suppress(NotFound):
        await gw.send(
            Method.DELETE, _path(subscription_id), what=f"deleting subscription {subscription_id}"
        )


async def ensure_subscription(
    gw: GraphGateway,
    library: ResolvedLibrary,
    policy: SubscriptionPolicy,
    *,
    held: SubscriptionRecord | None,
    now: datetime,
) -> SubscriptionRecord:
    """Make sure ``library`` has a live subscription under ``policy``; the one it has now.

    ``held`` is the one Graph confirmed last time, as the caller kept it. Keeps it when it
    expires later than ``renew_before`` from ``now`` (then ``held`` itself comes back), renews
    one that expires sooner, and creates one when there is none, when Graph lost it (404), or
    when the drive, the notification URL or the client state changed (the old one is deleted
    first). The caller keeps what comes back.
    """
    resource = drive_resource(library.drive_id)
    expires_at = now + policy.lifetime
    if held is not None and (
        held.resource != resource
        or held.notification_url != policy.notification_url
        or held.client_state_tag != client_state_tag(policy.client_state)
    ):
        await delete_subscription(gw, held.id)
        held = None
    if held is not None and held.expires_at - now > policy.renew_before:
        return held
    record: SubscriptionRecord | None = None
    if held is not None:
        try:
            record = await renew_subscription(gw, held, expires_at=expires_at)
        except NotFound:
            log.info("graph.subscription_gone", library=library.key, subscription=held.id)
    if record is None:
        record = await create_subscription(
            gw,
            resource=resource,
            notification_url=policy.notification_url,
            client_state=policy.client_state,
            expires_at=expires_at,
        )
        log.info("graph.subscribed", library=library.key, subscription=record.id)
    return record

"""Change-notification subscriptions of the simulated tenant, and their notifications.

As Graph does: a new subscription's ``notificationUrl`` must first answer a validation
request (POST ``?validationToken=...``, 200 ``text/plain`` echoing the token, within 10 s);
afterwards every change in a subscribed library is announced by a POST of
``{"value": [{subscriptionId, clientState, changeType, resource, tenantId, ...}]}`` without
resource data. A watcher on the simulator's own loop notices changes from the libraries'
change logs (whoever made them: Graph writes, control-plane actions, Python scripting),
folds the changes of ~0.2 s into one notification, and drops a delivery that fails (Graph
retries for a while and then drops; the retries are not simulated). Subscriptions past
their expiry are gone, as in Graph.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from freigabe_devtools.graphsim.model import Library
from freigabe_devtools.graphsim.render import iso

__all__ = ["SimSubscription", "SubscriptionBook", "validation_passes"]

_VALIDATION_SECONDS = 10.0  # Graph's limit for the validation answer
_DELIVERY_SECONDS = 3.0  # Graph expects a notification to be acknowledged this fast
_TICK_SECONDS = 0.05
_DEBOUNCE_SECONDS = 0.2
_VALIDATION_TEXT = "Validation: Testing client application reachability for subscription"


@dataclass(slots=True)
class SimSubscription:
    """One subscription; ``seen`` and ``due`` are the watcher's bookkeeping.

    Attributes:
        id: the subscription id.
        resource: the resource as the client named it.
        library: the library it watches.
        notification_url: where notifications go.
        client_state: echoed in each notification (None when not given).
        expires_at: when it ends unless renewed.
        app_id: the application that created it (it sees only its own).
        seen: the library's change-log head already announced.
        due: loop time at which pending changes are announced (None: nothing pending).
    """

    id: str
    resource: str
    library: Library
    notification_url: str
    client_state: str | None
    expires_at: datetime
    app_id: str
    seen: int
    due: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The subscription resource as Graph returns it."""
        return {
            "id": self.id,
            "resource": self.resource,
            "applicationId": self.app_id,
            "changeType": "updated",
            "clientState": self.client_state,
            "notificationUrl": self.notification_url,
            "expirationDateTime": iso(self.expires_at),
            "includeResourceData": False,
            "latestSupportedTlsVersion": "v1_2",
        }


async def validation_passes(url: str) -> bool:
    """Whether ``url`` answers Graph's validation request correctly and in time."""
    # Graph's tokens are sentences: spaces and colons must survive the query's encoding
    token = f"{_VALIDATION_TEXT} Request-Id: {uuid.uuid4()}"
    target = f"{url}{'&' if '?' in url else '?'}validationToken={quote(token)}"
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    try:
        async with httpx.AsyncClient(timeout=_VALIDATION_SECONDS, trust_env=False) as client:
            answer = await client.post(target, headers=headers)
    except httpx.HTTPError:
        return False
    kind = answer.headers.get("content-type", "").partition(";")[0].strip().lower()
    return answer.status_code == 200 and kind == "text/plain" and answer.text == token


class SubscriptionBook:
    """The subscriptions of one tenant and the watcher that announces their changes.

    Use it from the simulator's event loop only; :meth:`aclose` stops the watcher and the
    deliveries in flight (the server does this when it stops).
    """

    def __init__(self, *, tenant_id: str, now: Callable[[], datetime]) -> None:
        self._tenant_id = tenant_id
        self._now = now
        self._subscriptions: dict[str, SimSubscription] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._watcher: asyncio.Task[None] | None = None

    def live(self, app_id: str | None = None) -> list[SimSubscription]:
        """The subscriptions not yet expired (of ``app_id`` only, when given)."""
        now = self._now()
        for sub in list(self._subscriptions.values()):
            if sub.expires_at <= now:
                del self._subscriptions[sub.id]
        return [s for s in self._subscriptions.values() if app_id in (None, s.app_id)]

    def get(self, subscription_id: str, app_id: str) -> SimSubscription | None:
        """The live subscription ``subscription_id`` of ``app_id``, or None."""
        return next((s for s in self.live(app_id) if s.id == subscription_id), None)

    def add(self, sub: SimSubscription) -> None:
        """Start announcing the changes of ``sub``'s library after ``sub.seen``."""
        self._subscriptions[sub.id] = sub
        if self._watcher is None or self._watcher.done():
            self._watcher = self._spawn(self._watch())

    def remove(self, subscription_id: str) -> None:
        """End a subscription (nothing happens for an unknown id)."""
        self._subscriptions.pop(subscription_id, None)

    async def aclose(self) -> None:
        """Stop watching and cancel deliveries in flight."""
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while subscriptions := self.live():
            moment = loop.time()
            for sub in subscriptions:
                head = sub.library.log.head
                if head != sub.seen:
                    sub.seen = head
                    # the first change starts the wait; later ones ride along
                    sub.due = moment + _DEBOUNCE_SECONDS if sub.due is None else sub.due
                if sub.due is not None and moment >= sub.due:
                    sub.due = None
                    self._spawn(self._deliver(sub))
            await asyncio.sleep(_TICK_SECONDS)

    async def _deliver(self, sub: SimSubscription) -> None:
        notification = {
            "subscriptionId": sub.id,
            "clientState": sub.client_state,
            "changeType": "updated",
            "resource": sub.resource,
            "subscriptionExpirationDateTime": iso(sub.expires_at),
            "tenantId": self._tenant_id,
        }
        with contextlib.suppress(httpx.HTTPError):
            async with httpx.AsyncClient(timeout=_DELIVERY_SECONDS, trust_env=False) as client:
                await client.post(sub.notification_url, json={"value": [notification]})

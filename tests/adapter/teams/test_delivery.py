"""Acceptance: through the outbox to the simulator's webhook sink, never twice, never lost."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from approval import NoticeKind
from freigabe_devtools.graphsim import SimulatorServer
from integration.state import StateStore
from integration.state.outbox import Outbox, OutboxCounts
from integration.teams.delivery import Backoff, DeliveryReport, deliver_due
from integration.teams.notifier import Notifier
from integration.teams.outgoing import enqueue_notice
from tests.adapter.teams.conftest import add_fault, sink
from tests.unit.teams.samples import CONTEXT, WORDING, notice

T0 = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
BACKOFF = Backoff(base=30, factor=2, cap=900, jitter=0.25)
KINDS = (NoticeKind.SUBMITTED, NoticeKind.VOTE_CAST, NoticeKind.RELEASED)


class Crash(BaseException):
    """The process dies (not an error anything may catch)."""


class CrashAfterSend:
    """Delivers, then dies before the outbox hears of it."""

    def __init__(self, inner: Notifier) -> None:
        self._inner = inner

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        await self._inner.send(channel, payload)
        raise Crash


def _queue(outbox: Outbox, kinds: tuple[NoticeKind, ...] = KINDS, now: datetime = T0) -> list[str]:
    keys = []
    for kind in kinds:
        enqueue_notice(outbox, notice(kind), CONTEXT, webhook="general", wording=WORDING, now=now)
        keys.append(notice(kind).key)
    return keys


async def _deliver(outbox: Outbox, notifier: Notifier, now: datetime) -> DeliveryReport:
    return await deliver_due(outbox, notifier, now, max_attempts=8, backoff=BACKOFF)


def _ids(body: dict[str, Any]) -> list[str]:
    return [m["attachments"][0]["content"]["id"] for m in body["value"]]


async def test_cards_arrive_once_in_order(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """Queued cards are posted in event order and marked sent."""
    keys = _queue(outbox)
    assert await _deliver(outbox, notifier, T0) == DeliveryReport(sent=3)
    assert _ids(await sink(server, "general")) == keys
    assert outbox.counts() == OutboxCounts(pending=0, sending=0, sent=3, failed=0)


async def test_crash_between_post_and_mark_posts_no_duplicate(
    tmp_path: Path, notifier: Notifier, server: SimulatorServer
) -> None:
    """After a crash between the POST and marking it sent, the restart leaves one card."""
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as before_crash:
        outbox = Outbox(before_crash)
        (key,) = _queue(outbox, (NoticeKind.RELEASED,))
        with pytest.raises(Crash):
            await deliver_due(outbox, CrashAfterSend(notifier), T0, max_attempts=8, backoff=BACKOFF)
    with StateStore.open(path) as restarted:
        outbox = Outbox(restarted, in_flight_timeout=timedelta(minutes=2))
        assert await _deliver(outbox, notifier, T0 + timedelta(minutes=1)) == DeliveryReport()
        assert await _deliver(outbox, notifier, T0 + timedelta(minutes=3)) == DeliveryReport(sent=1)
        assert outbox.counts() == OutboxCounts(pending=0, sending=0, sent=1, failed=0)
    body = await sink(server, "general")
    assert _ids(body) == [key]
    assert (body["received"], body["duplicates"]) == (2, 1)


async def test_replayed_and_resynced_events_post_one_card(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """The same notices queued again (a replayed cycle, a resync) add nothing and post nothing."""
    keys = _queue(outbox)
    _queue(outbox)
    await _deliver(outbox, notifier, T0)
    _queue(outbox, now=T0 + timedelta(days=1))
    assert await _deliver(outbox, notifier, T0 + timedelta(days=1)) == DeliveryReport()
    body = await sink(server, "general")
    assert _ids(body) == keys
    assert body["received"] == 3


async def test_throttling_and_server_errors_lose_no_card(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """429 with Retry-After, then 500s for a while: every card arrives, in order, once."""
    keys = _queue(outbox)
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/*", status=429, retry_after=120)
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/*", status=500, count=4)
    first = await _deliver(outbox, notifier, T0)
    assert first == DeliveryReport(retried=1, deferred=2)
    assert keys[0] not in [e.key for e in outbox.due(T0 + timedelta(seconds=119))]
    now = T0
    for _ in range(10):
        now += timedelta(hours=1)
        await _deliver(outbox, notifier, now)
    assert outbox.counts() == OutboxCounts(pending=0, sending=0, sent=3, failed=0)
    body = await sink(server, "general")
    assert _ids(body) == keys
    assert body["duplicates"] == 0


async def test_permanent_refusal_is_recorded_not_dropped(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """A 400 fails the card at once; it is listed as failed and never posted again."""
    (key,) = _queue(outbox, (NoticeKind.REJECTED,))
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/*", status=400)
    assert await _deliver(outbox, notifier, T0) == DeliveryReport(failed=1)
    assert await _deliver(outbox, notifier, T0 + timedelta(days=1)) == DeliveryReport()
    (failure,) = outbox.failures()
    assert (failure.key, failure.channel, failure.attempts) == (key, "teams:general", 1)
    assert "400" in failure.error
    assert (await sink(server, "general"))["value"] == []


async def test_retries_run_out_into_a_recorded_failure(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """A webhook that keeps failing exhausts the attempts; the card is kept as failed."""
    _queue(outbox, (NoticeKind.WITHDRAWN,))
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/*", status=503, count=None)
    now = T0
    for _ in range(3):
        await deliver_due(outbox, notifier, now, max_attempts=3, backoff=BACKOFF)
        now += timedelta(hours=2)
    (failure,) = outbox.failures()
    assert failure.attempts == 3
    assert "after 3 attempts" in failure.error


async def test_a_pushed_back_channel_does_not_hold_up_another(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """Throttling on one webhook defers only that webhook's cards in the run."""
    _queue(outbox)
    enqueue_notice(
        outbox, notice(NoticeKind.CANCELLED), CONTEXT, webhook="board", wording=WORDING, now=T0
    )
    await add_fault(server, kind="status", endpoint="/_sim/webhooks/general", status=429)
    assert await _deliver(outbox, notifier, T0) == DeliveryReport(sent=1, retried=1, deferred=2)
    assert len((await sink(server, "board"))["value"]) == 1

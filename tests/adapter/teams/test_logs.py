"""No webhook URL or its signature in any log line, whatever the delivery went through."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from random import random

import pytest
import structlog
from structlog.testing import capture_logs

from approval import NoticeKind
from freigabe_devtools.graphsim import SimulatorServer
from integration.state.outbox import Outbox
from integration.teams.delivery import Backoff, deliver_due
from integration.teams.notifier import Notifier
from integration.teams.outgoing import enqueue_notice
from jobs.logs import configure_logging
from tests.adapter.teams.conftest import SIG, add_fault, hook_url
from tests.unit.teams.samples import CONTEXT, WORDING, notice

T0 = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)


async def _eventful_delivery(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer, rand: Callable[[], float] = random
) -> None:
    """Deliveries through 429, 500, a dropped connection, a 400 and success."""
    for kind in (NoticeKind.SUBMITTED, NoticeKind.VOTE_CAST, NoticeKind.RELEASED):
        enqueue_notice(outbox, notice(kind), CONTEXT, webhook="general", wording=WORDING, now=T0)
    for rule in (
        {"status": 429, "retry_after": 1},
        {"status": 500},
        {"kind": "drop"},
        {"status": 400},
    ):
        await add_fault(server, **{"kind": "status", "endpoint": "/_sim/webhooks/*", **rule})
    now = T0
    for _ in range(6):
        await deliver_due(
            outbox, notifier, now, max_attempts=5, backoff=Backoff(base=1, cap=10), rand=rand
        )
        now += timedelta(minutes=5)
    assert outbox.counts().pending == 0


async def test_log_events_never_carry_the_webhook_url(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """The structured events themselves (before any redaction) hold neither URL nor signature."""
    with capture_logs() as events:
        await _eventful_delivery(outbox, notifier, server)
    names = {e["event"] for e in events}
    assert {"outbox.retry_scheduled", "outbox.failed", "outbox.delivered"} <= names
    text = json.dumps(events, default=str)
    assert SIG not in text
    assert hook_url(server, "general") not in text
    assert "/_sim/webhooks/" not in text


async def test_each_delivery_outcome_is_logged_as_one_exact_entry(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer
) -> None:
    """The operational events of the outbox, field by field: what an operator alerts on."""
    with capture_logs() as events:
        await _eventful_delivery(outbox, notifier, server, rand=lambda: 0.5)
    outbox_events = [e for e in events if e["event"].startswith("outbox.")]
    for e in outbox_events:
        e.pop("key")  # a digest of the notice, pinned by the outbox's own tests
    general = {"channel": "teams:general"}
    assert outbox_events == [
        {
            "error": "webhook 'general': answered 429",
            "wait": 1.0,
            **general,
            "kind": "submitted",
            "attempt": 1,
            "event": "outbox.retry_scheduled",
            "log_level": "warning",
        },
        {
            "error": "webhook 'general': answered 500",
            "wait": 2.0,
            **general,
            "kind": "submitted",
            "attempt": 2,
            "event": "outbox.retry_scheduled",
            "log_level": "warning",
        },
        {
            "error": "webhook 'general': connection failed (RemoteProtocolError)",
            "wait": 4.0,
            **general,
            "kind": "submitted",
            "attempt": 3,
            "event": "outbox.retry_scheduled",
            "log_level": "warning",
        },
        {
            "error": "webhook 'general': refused with 400",
            **general,
            "kind": "submitted",
            "attempt": 4,
            "event": "outbox.failed",
            "log_level": "error",
        },
        {
            **general,
            "kind": "vote_cast",
            "attempt": 1,
            "event": "outbox.delivered",
            "log_level": "info",
        },
        {
            **general,
            "kind": "released",
            "attempt": 1,
            "event": "outbox.delivered",
            "log_level": "info",
        },
    ]


async def test_a_delivery_cut_off_by_a_crash_is_logged_as_resent(
    outbox: Outbox, notifier: Notifier
) -> None:
    """The attempt a dead process began: the receiver may have the card, and the log says so."""
    enqueue_notice(
        outbox, notice(NoticeKind.RELEASED), CONTEXT, webhook="general", wording=WORDING, now=T0
    )
    (entry,) = outbox.due(T0, limit=1)
    outbox.begin_attempt(entry.key, T0)  # then the process died
    later = T0 + timedelta(days=1)  # long past the in-flight timeout
    with capture_logs() as events:
        await deliver_due(outbox, notifier, later, max_attempts=5, backoff=Backoff(base=1, cap=10))
    fields = {"key": entry.key, "channel": "teams:general", "kind": "released", "attempt": 2}
    assert events == [
        {**fields, "event": "outbox.resending_in_doubt", "log_level": "warning"},
        {**fields, "event": "outbox.delivered", "log_level": "info"},
    ]


@pytest.fixture
def configured_logs() -> Iterator[io.StringIO]:
    """The service's logging at debug level into a buffer; the old setup restored after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    stream = io.StringIO()
    configure_logging(fmt="json", level="debug", stream=stream)
    yield stream
    structlog.reset_defaults()
    root.handlers[:], root.level = saved
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_the_configured_log_output_never_shows_the_webhook_url(
    outbox: Outbox, notifier: Notifier, server: SimulatorServer, configured_logs: io.StringIO
) -> None:
    """Everything the process logs at debug level, libraries included, omits the URL."""
    await _eventful_delivery(outbox, notifier, server)
    output = configured_logs.getvalue()
    assert "outbox.delivered" in output
    assert SIG not in output

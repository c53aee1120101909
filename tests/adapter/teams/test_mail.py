"""Reminder mails through Graph sendMail, and their errors as delivery errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from config import load_settings
from freigabe_devtools.graphsim import SimulatorServer
from integration.errors import DeliveryFailed, DeliveryRetryable, NotificationError
from integration.graph.client import GraphGateway, build_gateway
from integration.graph.mail import GraphMailer
from integration.state.outbox import Outbox
from integration.teams.context import DocumentRound
from integration.teams.delivery import Backoff, deliver_due
from integration.teams.mail import MailNotifier, reminder_mail
from integration.teams.notifier import ChannelRouter
from integration.teams.outgoing import enqueue_reminder
from integration.teams.schedule import reminders_due
from tests import support
from tests.unit.teams.samples import BERLIN, CONTEXT, ROUND, WORDING

SENDER = "freigabe@allianz.example"
SEND_MAIL = "POST /users/{id}/sendMail"
AT = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
Handler = Callable[[httpx.Request], httpx.Response]


Gateways = Callable[[Handler], AbstractAsyncContextManager[GraphGateway]]


@pytest.fixture
def gateway(tmp_path: Path) -> Gateways:
    """Gateways whose requests ``handler`` answers (no retries on the wire, so errors show)."""

    @asynccontextmanager
    async def make(handler: Handler) -> AsyncIterator[GraphGateway]:
        data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "s.sqlite", max_retries=0)
        settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
        async with build_gateway(settings, transport=httpx.MockTransport(handler)) as gw:
            yield gw

    return make


async def test_mail_is_sent_as_the_sender_to_the_approver(
    gateway: Gateways,
) -> None:
    """One sendMail request from the sender's mailbox, HTML body, not kept in Sent Items."""
    seen: list[httpx.Request] = []

    def accept(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202)

    payload = reminder_mail(DocumentRound(ROUND, CONTEXT), "SPV", AT, WORDING)
    async with gateway(accept) as gw:
        await MailNotifier(GraphMailer(gw), SENDER).send("lena.hoffmann@spv.example", payload)
    (request,) = seen
    assert request.url.path == f"/v1.0/users/{SENDER}/sendMail"
    body = json.loads(request.content)
    assert body["SaveToSentItems"] is False
    message = body["Message"]
    assert message["toRecipients"] == [{"emailAddress": {"address": "lena.hoffmann@spv.example"}}]
    assert message["body"]["contentType"] == "html"
    assert CONTEXT.web_url.replace("&", "&amp;") in message["body"]["content"]
    assert message["subject"].startswith("Erinnerung: Votum von SPV")


@pytest.mark.parametrize(
    ("status", "error"), [(429, DeliveryRetryable), (503, DeliveryRetryable), (403, DeliveryFailed)]
)
async def test_mail_errors_become_delivery_errors(
    gateway: Gateways,
    status: int,
    error: type[NotificationError],
) -> None:
    """Throttling and server errors may be retried; a refused mailbox may not."""
    answer = httpx.Response(status, json={"error": {"code": "x", "message": "no"}})
    async with gateway(lambda _r: answer) as gw:
        with pytest.raises(error):
            await MailNotifier(GraphMailer(gw), SENDER).send(
                "a@b.example", {"subject": "s", "html": "h"}
            )


def test_reminder_queues_one_card_and_one_mail_per_missing_approver(outbox: Outbox) -> None:
    """With mail reminders on, each approver of a silent organisation gets one mail, once."""
    (due,) = reminders_due([DocumentRound(ROUND, CONTEXT)], AT, days_before=2, zone=BERLIN)
    approvers = {"SPV": ["lena.hoffmann@spv.example"], "KIV": ["a@kiv.example", "b@kiv.example"]}
    for expected in (4, 0):
        added = enqueue_reminder(
            outbox, due, webhook="general", wording=WORDING, now=AT, mail_to=approvers
        )
        assert added == expected
    channels = sorted(e.channel for e in outbox.due(AT))
    assert channels == [
        "mail:a@kiv.example",
        "mail:b@kiv.example",
        "mail:lena.hoffmann@spv.example",
        "teams:general",
    ]


@pytest.mark.parametrize("status", [429, 503])
async def test_a_throttled_mail_is_sent_once_per_outbox_attempt(
    server: SimulatorServer, outbox: Outbox, tmp_path: Path, status: int
) -> None:
    """The outbox is a mail's one retry layer: each attempt is one sendMail request, however
    much of the cycle's throttling budget is left, and the next attempt comes no earlier than
    Graph's Retry-After, though the backoff alone would come back sooner."""
    tenant = server.app.tenant
    tenant.directory.add_token(support.TOKEN, roles=["Mail.Send"])
    tenant.faults.add(kind="status", status=status, retry_after=120, endpoint=SEND_MAIL, count=None)
    data = support.config(server.base_url, tmp_path / "s.sqlite")
    settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)

    now = AT
    outbox.enqueue(
        "r1", "mail:lena.hoffmann@spv.example", "reminder", {"subject": "s", "html": "h"}, now
    )
    async with build_gateway(settings, sleep=wait) as gw:
        notifier = ChannelRouter({"mail": MailNotifier(GraphMailer(gw), support.AUTHOR)})
        for attempt in (1, 2, 3):
            report = await deliver_due(outbox, notifier, now, max_attempts=5, backoff=Backoff())
            assert report.retried == 1
            assert tenant.stats.round_trips[SEND_MAIL] == attempt
            assert outbox.due(now + timedelta(seconds=119)) == []
            now += timedelta(seconds=120)
    assert waits == []
    assert tenant.sent_mail == []

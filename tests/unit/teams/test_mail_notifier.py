"""The mail notifier on a recording ``MailSender``: what it hands the sender, and how it sorts
the sender's errors into what the outbox retries and what it gives up on."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from integration.errors import (
    DeliveryFailed,
    DeliveryRetryable,
    GraphError,
    GraphUnreachable,
    Throttled,
)
from integration.teams.mail import MailNotifier
from ports.mail import MailSender

SENDER = "freigabe@allianz.example"


class RecordingMailer:
    """A ``MailSender`` that remembers each mail, or raises ``error`` instead."""

    def __init__(self, error: GraphError | None = None) -> None:
        self.sent: list[tuple[str, tuple[str, ...], str, str]] = []
        self._error = error

    async def send_mail(self, *, sender: str, to: Sequence[str], subject: str, html: str) -> None:
        if self._error is not None:
            raise self._error
        self.sent.append((sender, tuple(to), subject, html))


def _throttled() -> Throttled:
    err = Throttled("throttled", status=429)
    err.retry_after = 120.0
    return err


async def test_the_channel_name_is_the_recipient_and_the_sender_the_configured_mailbox() -> None:
    mailer = RecordingMailer()
    notifier = MailNotifier(mailer, SENDER)
    await notifier.send("anna@dwv.example", {"subject": "Erinnerung", "html": "<p>x</p>"})
    assert mailer.sent == [(SENDER, ("anna@dwv.example",), "Erinnerung", "<p>x</p>")]


@pytest.mark.parametrize(
    ("error", "expected", "retry_after"),
    [
        (_throttled(), DeliveryRetryable, 120.0),
        (GraphError("busy", status=503), DeliveryRetryable, None),
        (GraphError("slow", status=408), DeliveryRetryable, None),
        (GraphUnreachable("no answer"), DeliveryRetryable, None),
        (GraphError("refused", status=403), DeliveryFailed, None),
        (GraphError("no status"), DeliveryFailed, None),
    ],
    ids=["throttled", "5xx", "timeout", "unreachable", "forbidden", "no-status"],
)
async def test_sender_errors_become_delivery_errors(
    error: GraphError, expected: type[Exception], retry_after: float | None
) -> None:
    mailer: MailSender = RecordingMailer(error)
    with pytest.raises(expected) as raised:
        await MailNotifier(mailer, SENDER).send("a@b.example", {"subject": "s", "html": "h"})
    assert getattr(raised.value, "retry_after", None) == retry_after
    assert raised.value.__cause__ is error

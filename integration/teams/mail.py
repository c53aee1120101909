"""E-mail reminders to approvers who have not voted (optional, off by default).

A mail is a payload ``{"subject": ..., "html": ...}`` on channel ``mail:<address>``, so it
goes through the same outbox as the cards: never twice, never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape

from integration.errors import (
    DeliveryFailed,
    DeliveryRetryable,
    GraphError,
    GraphUnreachable,
    Throttled,
)
from integration.teams import words as w
from integration.teams.context import DocumentRound
from integration.teams.summaries import days_left, in_words
from integration.teams.texts import Wording
from integration.text import clean
from ports.mail import MailSender

__all__ = ["MailNotifier", "reminder_mail"]


def reminder_mail(
    open_round: DocumentRound, org: str, at: datetime, wording: Wording
) -> dict[str, str]:
    """The reminder mail to the approvers of ``org`` about ``open_round``."""
    round_, context = open_round.round, open_round.context
    deadline = wording.time(round_.deadline)
    days = days_left(round_.deadline, at, wording.zone)
    name = escape(clean(context.title or context.document_name))
    document = clean(context.document_name)
    return {
        "subject": wording(w.MAIL_SUBJECT, org=clean(org), document=document, deadline=deadline),
        "html": (
            wording(
                w.MAIL_BODY,
                name=name,
                round=round_.number,
                version=escape(clean(round_.version.label)),
                org=escape(clean(context.org_name(org))),
            )
            + wording(w.MAIL_DEADLINE, deadline=deadline, days=in_words(days, wording))
            + f'<p><a href="{escape(context.web_url)}">{wording(w.MAIL_OPEN)}</a></p>'
        ),
    }


class MailNotifier:
    """A ``Notifier`` whose channel names are recipient addresses; sends as ``sender``.

    ``mailer`` sends each mail once (the Graph adapter's ``GraphMailer``); its errors are
    sorted here into what the outbox retries and what it gives up on.
    """

    def __init__(self, mailer: MailSender, sender: str) -> None:
        self._mailer = mailer
        self._sender = sender

    async def send(self, channel: str, payload: Mapping[str, object]) -> None:
        try:
            await self._mailer.send_mail(
                sender=self._sender,
                to=[channel],
                subject=str(payload["subject"]),
                html=str(payload["html"]),
            )
        except GraphUnreachable as err:
            raise DeliveryRetryable(f"mail: {err}") from err
        except GraphError as err:
            if err.status is not None and (err.status in (408, 429) or err.status >= 500):
                wait = err.retry_after if isinstance(err, Throttled) else None
                raise DeliveryRetryable(
                    f"mail: {err}", status=err.status, retry_after=wait
                ) from err
            raise DeliveryFailed(f"mail: {err}", status=err.status) from err

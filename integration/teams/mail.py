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
from integration.teams.context import DocumentRound
from integration.teams.summaries import days_left, in_words
from integration.teams.texts import Wording, local_time
from integration.text import clean
from ports.mail import MailSender

__all__ = ["MailNotifier", "reminder_mail"]


def reminder_mail(
    open_round: DocumentRound, org: str, at: datetime, wording: Wording
) -> dict[str, str]:
    """The reminder mail to the approvers of ``org`` about ``open_round``."""
    round_, context = open_round.round, open_round.context
    deadline = local_time(round_.deadline, wording.zone)
    days = days_left(round_.deadline, at, wording.zone)
    name = escape(clean(context.title or context.document_name))
    document = clean(context.document_name)
    return {
        "subject": f"Erinnerung: Votum von {clean(org)} zu {document} bis {deadline}",
        "html": (
            f"<p>Für <b>{name}</b> (Runde {round_.number}, Version "
            f"{escape(clean(round_.version.label))}) liegt noch kein Votum von "
            f"{escape(clean(context.org_name(org)))} vor.</p>"
            f"<p>Die Frist endet am {deadline} ({in_words(days)}).</p>"
            f'<p><a href="{escape(context.web_url)}">Dokument in SharePoint öffnen</a></p>'
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

"""Sending e-mail through Graph (``sendMail``, app-only: needs the ``Mail.Send`` permission).

Used for reminders to approvers who have not voted, through the outbox: the outbox is a
mail's one retry layer, so each attempt is one request (``throttle.single_try``), and a
throttled answer leaves as ``Throttled`` with its Retry-After for the outbox to wait out.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.message import Message
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
    SendMailPostRequestBody,
)

from integration.graph.client import GraphGateway
from integration.graph.throttle import single_try
from integration.graph.translate import graph_errors

__all__ = ["GraphMailer", "send_mail"]


async def send_mail(
    gw: GraphGateway, *, sender: str, to: Sequence[str], subject: str, html: str
) -> None:
    """Send one HTML mail from the mailbox ``sender`` to ``to``; not kept in Sent Items.

    Raises ``ValueError`` without recipients, and the ``GraphError`` the answer maps to.
    """
    if not to:
        raise ValueError("a mail needs at least one recipient")
    message = Message(
        subject=subject,
        body=ItemBody(content_type=BodyType.Html, content=html),
        to_recipients=[Recipient(email_address=EmailAddress(address=a)) for a in to],
    )
    body = SendMailPostRequestBody(message=message, save_to_sent_items=False)
    with single_try():
        async with graph_errors(f"sendMail from {sender}", host=gw.host):
            await gw.sdk.users.by_user_id(sender).send_mail.post(body)


class GraphMailer:
    """``ports.mail.MailSender`` through Graph's sendMail, for the Teams adapter's mail notifier."""

    def __init__(self, gw: GraphGateway) -> None:
        self._gw = gw

    async def send_mail(self, *, sender: str, to: Sequence[str], subject: str, html: str) -> None:
        """Send one HTML mail (see :func:`send_mail`)."""
        await send_mail(self._gw, sender=sender, to=to, subject=subject, html=html)

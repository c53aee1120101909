"""Sending one e-mail: what the mail notifier is given, and the Graph adapter implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["MailSender"]


class MailSender(Protocol):
    """Sends one HTML mail, one attempt: the outbox is a mail's one retry layer."""

    async def send_mail(self, *, sender: str, to: Sequence[str], subject: str, html: str) -> None:
        """Send a mail from the mailbox ``sender`` to ``to``.

        Raises ``ValueError`` without recipients; a failed attempt raises the shared error
        tree's ``GraphError`` (``GraphUnreachable`` when no answer came, ``Throttled`` with
        the receiver's Retry-After), which the notifier sorts into retry or give up.
        """
        ...

"""``POST /users/{id | userPrincipalName}/sendMail``: a mail sent from a user's mailbox.

Sending app-only needs the ``Mail.Send`` application role (``permissions``: 403
``ErrorAccessDenied`` without it, as Exchange answers); an unknown mailbox answers 404
``ErrorInvalidUser``; a message without ``toRecipients`` (cc and bcc are not modelled) 400
``ErrorInvalidRecipients``, in Exchange's words (msgraph-sdk-dotnet#1891). A mail that is
sent answers 202 without a body (Microsoft Learn, "user: sendMail": "If successful, this
method returns 202 Accepted response code. It doesn't return anything in the response
body.") and is kept in ``Tenant.sent_mail``, so a test can tell how
many mails went out, not only how many requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse
from freigabe_devtools.graphsim.model import SentMail

__all__ = ["send_mail"]

_NO_RECIPIENTS = (
    "At least one recipient is not valid., A message can't be sent because it contains no "
    "recipients."
)


def _get(data: object, name: str) -> Any:
    """A property by name in any case (Graph reads ``Message`` as ``message``); None when
    ``data`` is no JSON object or has no such property."""
    if not isinstance(data, Mapping):
        return None
    return next((v for k, v in data.items() if k.lower() == name.lower()), None)


def _addresses(message: object) -> tuple[str, ...]:
    recipients = _get(message, "toRecipients")
    if not isinstance(recipients, list):
        return ()
    found = (_get(_get(r, "emailAddress"), "address") for r in recipients)
    return tuple(a for a in found if isinstance(a, str) and a)


def send_mail(call: Call) -> SimResponse:
    """``POST /users/{id}/sendMail``: keep the mail, answer 202."""
    ref = call.ids[0]
    try:
        sender = call.tenant.directory.user(ref)
    except KeyError:
        raise GraphProblem(
            404, "ErrorInvalidUser", f"The requested user '{ref}' is invalid."
        ) from None
    message = _get(call.request.json(), "message")
    to = _addresses(message)
    if not to:
        raise GraphProblem(400, "ErrorInvalidRecipients", _NO_RECIPIENTS)
    subject = _get(message, "subject")
    call.tenant.sent_mail.append(
        SentMail(
            sender=sender.upn or sender.id,
            to=to,
            subject=subject if isinstance(subject, str) else "",
            at=call.tenant.now(),
        )
    )
    return SimResponse(status=202)

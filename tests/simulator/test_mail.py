"""sendMail: sent from a user's mailbox with Mail.Send, kept by the tenant."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freigabe_devtools.graphsim import SimulatorServer, Tenant
from tests.simulator.conftest import APPROVER

MAIL_TOKEN = "mail-token"
MESSAGE: dict[str, Any] = {
    "Message": {
        "subject": "Erinnerung",
        "body": {"contentType": "html", "content": "<p>Votum fehlt</p>"},
        "toRecipients": [{"emailAddress": {"address": "lena@spv.example"}}],
    },
    "SaveToSentItems": False,
}


async def _send(server: SimulatorServer, token: str, sender: str, body: Any) -> httpx.Response:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as client:
        return await client.post(f"{server.base_url}/users/{sender}/sendMail", json=body)


async def test_a_mail_is_accepted_and_kept(server: SimulatorServer, tenant: Tenant) -> None:
    """With Mail.Send the mail is accepted with 202 and no body, and the tenant keeps it."""
    tenant.directory.add_token(MAIL_TOKEN, roles=["Mail.Send"])
    answer = await _send(server, MAIL_TOKEN, APPROVER, MESSAGE)
    assert (answer.status_code, answer.content) == (202, b"")
    (mail,) = tenant.sent_mail
    assert (mail.sender, mail.to, mail.subject) == (APPROVER, ("lena@spv.example",), "Erinnerung")
    assert tenant.stats.operations["POST /users/{id}/sendMail"] == 1


@pytest.mark.parametrize(
    ("roles", "sender", "body", "status", "code"),
    [
        (["Sites.ReadWrite.All"], APPROVER, MESSAGE, 403, "ErrorAccessDenied"),
        (["Mail.Send"], "nobody@dwv.example", MESSAGE, 404, "ErrorInvalidUser"),
        (["Mail.Send"], APPROVER, {"Message": {"subject": "s"}}, 400, "ErrorInvalidRecipients"),
    ],
    ids=["without-mail-send", "unknown-mailbox", "no-recipient"],
)
async def test_a_mail_that_cannot_go_is_refused_and_not_kept(
    server: SimulatorServer,
    tenant: Tenant,
    roles: list[str],
    sender: str,
    body: Any,
    status: int,
    code: str,
) -> None:
    """Without Mail.Send, from an unknown mailbox or to nobody: Graph's error, no mail."""
    tenant.directory.add_token(MAIL_TOKEN, roles=roles)
    answer = await _send(server, MAIL_TOKEN, sender, body)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert tenant.sent_mail == []

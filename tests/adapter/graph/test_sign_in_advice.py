"""A refused sign-in becomes one line with the next step, not azure-identity's whole text."""

from __future__ import annotations

import pytest
from azure.core.exceptions import ClientAuthenticationError

from integration.errors import AuthError
from integration.graph.translate import graph_errors


async def test_a_refused_sign_in_keeps_the_first_line_and_says_what_to_check() -> None:
    refusal = (
        "ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret.\n"
        "Trace ID: 0d4e\nCorrelation ID: 9a1b\nTimestamp: 2026-11-02 09:00:00Z"
    )
    with pytest.raises(AuthError) as caught:
        async with graph_errors("access token", host="graph.microsoft.com"):
            raise ClientAuthenticationError(message=refusal)
    message = str(caught.value)
    assert "\n" not in message
    assert "AADSTS7000215: Invalid client secret." in message
    assert "Trace ID" not in message
    assert message.endswith(
        "check tenant_id, client_id and the client secret or certificate of the app "
        "registration (an expired secret is the usual cause)"
    )

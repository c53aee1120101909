"""Credentials for app-only Graph access, built from the configuration.

Every mode yields an ``azure.core`` async token credential, so the SDK's authentication
provider treats them alike. ``static_token`` exists for a Graph-compatible server on loopback
(the project's simulator or a recorded fixture): the configuration refuses it elsewhere.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from azure.core.credentials import AccessToken
from azure.core.credentials_async import AsyncTokenCredential
from azure.identity.aio import (
    CertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
)

from integration.graph.translate import graph_errors

if TYPE_CHECKING:  # the settings module imports adapters' settings sections in turn
    from config import Settings

__all__ = ["StaticTokenCredential", "build_credential", "fetch_token"]

_A_YEAR = 365 * 24 * 3600


class StaticTokenCredential(AsyncTokenCredential):
    """Hands out one fixed bearer token; for loopback Graph servers only."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + _A_YEAR)

    async def close(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _secret(value: Any) -> str | None:
    return None if value is None else str(value.get_secret_value())


def build_credential(settings: Settings) -> AsyncTokenCredential:
    """Build the credential the configuration asks for (validated there already)."""
    cred = settings.credential
    authority = settings.authority_host
    tenant = settings.tenant_id or ""
    match cred.mode:
        case "client_secret":
            return ClientSecretCredential(
                tenant, cred.client_id or "", _secret(cred.client_secret) or "", authority=authority
            )
        case "certificate":
            return CertificateCredential(
                tenant,
                cred.client_id or "",
                certificate_path=str(cred.certificate_path),
                password=_secret(cred.certificate_password),
                authority=authority,
            )
        case "managed_identity":
            if cred.client_id:
                return ManagedIdentityCredential(client_id=cred.client_id)
            return ManagedIdentityCredential()
        case "workload_identity":
            return WorkloadIdentityCredential(
                tenant_id=tenant,
                client_id=cred.client_id or "",
                token_file_path=str(cred.federated_token_file),
                authority=authority,
            )
        case "static_token":
            return StaticTokenCredential(_secret(cred.static_token) or "")
    raise AssertionError(f"unhandled credential mode {cred.mode!r}")


async def fetch_token(settings: Settings) -> AccessToken:
    """One access token for Graph from the configured credential; AuthError, with the next
    step, when sign-in fails."""
    credential = build_credential(settings)
    try:
        async with graph_errors("access token", host=settings.authority_host):
            return await credential.get_token(settings.graph_scope)
    finally:
        await credential.close()

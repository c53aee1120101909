"""How freigabe signs in to Microsoft Graph."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, model_validator

from config.base import Section
from config.envnames import AZURE_FEDERATED_TOKEN_FILE, FILE_SUFFIX, env_var
from config.fields import CaseInsensitive, FilePath, Guid, Secret, reject

__all__ = ["CredentialMode", "CredentialSettings"]


class CredentialMode(StrEnum):
    """The kinds of app-only sign-in freigabe supports."""

    CLIENT_SECRET = "client_secret"  # noqa: S105 -- a mode name
    CERTIFICATE = "certificate"
    MANAGED_IDENTITY = "managed_identity"
    WORKLOAD_IDENTITY = "workload_identity"
    STATIC_TOKEN = "static_token"  # noqa: S105 -- a mode name


_REQUIRED: dict[CredentialMode, tuple[str, ...]] = {
    CredentialMode.CLIENT_SECRET: ("client_id", "client_secret"),
    CredentialMode.CERTIFICATE: ("client_id", "certificate_path"),
    CredentialMode.MANAGED_IDENTITY: (),
    CredentialMode.WORKLOAD_IDENTITY: ("client_id", "federated_token_file"),
    CredentialMode.STATIC_TOKEN: ("static_token",),
}
_SECRETS = frozenset({"client_secret", "certificate_password", "static_token"})
_FILES = ("certificate_path", "federated_token_file")


def _missing(name: str, mode: CredentialMode) -> str:
    message = f"required for mode {mode.value}"
    if name in _SECRETS:
        var = env_var(("credential", name))
        message += f"; set {var} or {var}{FILE_SUFFIX}"
    elif name == "federated_token_file":
        message += f" (or set {AZURE_FEDERATED_TOKEN_FILE})"
    return message


_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")


class CredentialSettings(Section):
    """The app registration or identity freigabe uses, and its secret.

    Attributes:
        mode: how to sign in.
        client_id: the app registration's (client) id; for managed identity the id of a
            user-assigned identity, absent for the system-assigned one.
        client_secret: the app's client secret (mode ``client_secret``).
        certificate_path: PEM or PFX file with the app's certificate and private key.
        certificate_password: password of that file, if it has one.
        federated_token_file: file with the workload identity's federated token; defaults to
            ``AZURE_FEDERATED_TOKEN_FILE`` of the environment the loader was given.
        static_token: a fixed bearer token, accepted only for a Graph server on loopback.
    """

    # Secrets are taken verbatim: only the one line break that ends a secret file is removed.
    model_config = ConfigDict(str_strip_whitespace=False)

    mode: Annotated[CredentialMode, CaseInsensitive]
    client_id: Guid | None = None
    client_secret: Secret | None = None
    certificate_path: FilePath | None = None
    certificate_password: Secret | None = None
    federated_token_file: FilePath | None = None
    static_token: Secret | None = None

    @model_validator(mode="after")
    def _complete_for_mode(self) -> CredentialSettings:
        findings: list[tuple[tuple[str | int, ...], str]] = [
            ((name,), _missing(name, self.mode))
            for name in _REQUIRED[self.mode]
            if getattr(self, name) is None
        ]
        for name in _FILES:
            path = getattr(self, name)
            if path is not None and name in _REQUIRED[self.mode]:
                if not path.exists():
                    findings.append(((name,), f"file not found: {path}"))
                elif not path.is_file():
                    findings.append(((name,), f"is not a file: {path}"))
        token = self.static_token.get_secret_value() if self.static_token else None
        if token is not None and not _HEADER_TOKEN.fullmatch(token):
            # it goes into an Authorization header, which takes visible ASCII only; a file
            # written on Windows leaves a "\r" behind
            findings.append(
                (
                    ("static_token",),
                    "must be printable ASCII without spaces or line breaks "
                    "(a line break at its end?)",
                )
            )
        reject("CredentialSettings", findings)
        return self

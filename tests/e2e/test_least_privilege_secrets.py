"""Secrets stay secret: a client secret never shows in ``--help``, ``check``, ``once`` or errors.

The client-secret sign-in must not reach Entra ID from a test: every name resolution and
connection to a host other than loopback is refused inside the process, so the credential
fails on this machine and the commands report that failure.
"""

from __future__ import annotations

import socket
import traceback
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jobs.cli import cli
from tests import support
from tests.conftest import leaked_secrets

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse name lookups and connections for anything but loopback."""
    real_lookup, real_connect = socket.getaddrinfo, socket.socket.connect

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOOPBACK:
            raise OSError(f"test: no network for {host}")
        return real_lookup(host, *args, **kwargs)

    def connect(sock: socket.socket, address: Any) -> None:
        if address[0] not in _LOOPBACK:
            raise OSError("test: no network")
        real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.mark.parametrize("command", [["check"], ["once"], ["--help"], ["check", "--help"]])
def test_client_secret_never_printed(
    loopback_only: None, tmp_path: Path, command: list[str]
) -> None:
    """Output, log lines and the exception chain of a failing sign-in hold no client secret."""
    secret_file = tmp_path / "client-secret"
    secret_file.write_text(support.CLIENT_SECRET + "\n", encoding="utf-8")
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    data["tenant_id"] = support.TENANT_ID
    data["credential"] = {"mode": "client_secret", "client_id": support.APP_ID}
    path = support.write_config(tmp_path / "freigabe.yaml", data)
    env = {"FREIGABE_CREDENTIAL__CLIENT_SECRET_FILE": str(secret_file)}
    result = CliRunner().invoke(cli, ["--config", str(path), *command], env=env)
    chain = "".join(traceback.format_exception(result.exception)) if result.exception else ""
    sections = [("output", result.output), ("exception", chain)]
    assert leaked_secrets(sections, support.SECRETS) == []
    assert result.exit_code == (0 if "--help" in command else 1), result.output


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"token={support.TOKEN}", ["stderr: secret no. 2"]),
        (f"Bearer {support.jwt_token(['Sites.Selected'])}", ["stderr: secret no. 2"]),
        (f"x {support.CLIENT_SECRET}", ["stderr: secret no. 1"]),
        ("Bearer *** und nichts sonst", []),
    ],
)
def test_leak_search_finds_secrets_and_jwts_signed_with_them(text: str, found: list[str]) -> None:
    """The suite-wide search finds a secret or a JWT minted with it, and names neither."""
    sections = [("stderr", text), ("log", "ruhig")]
    assert leaked_secrets(sections, {support.TOKEN, support.CLIENT_SECRET}) == found


def test_unreachable_sign_in_is_a_clear_error(loopback_only: None, tmp_path: Path) -> None:
    """No route to Entra ID: one message and exit 1, not a traceback."""
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    data["tenant_id"] = support.TENANT_ID
    data["credential"] = {"mode": "client_secret", "client_id": support.APP_ID}
    path = support.write_config(tmp_path / "freigabe.yaml", data)
    env = {"FREIGABE_CREDENTIAL__CLIENT_SECRET": support.CLIENT_SECRET}
    result = CliRunner().invoke(cli, ["--config", str(path), "once"], env=env)
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "sign-in" in result.output

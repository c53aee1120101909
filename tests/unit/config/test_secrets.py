"""Secrets stay out of representations, error messages and written configurations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config import dump_settings_yaml, load_settings
from integration.errors import ConfigError
from tests.unit.config.samples import ENV, SECRET, WriteConfig, base_config, patched

PASSWORD = "unit-test-cert-password"
TOKEN = "unit-test-static-token"


def test_secrets_are_masked_in_repr(write_config: WriteConfig, tmp_path: Path) -> None:
    """repr() and str() of the settings show no secret, whichever field holds it."""
    (tmp_path / "app.pfx").write_bytes(b"\x30\x82")
    changes = {"credential.certificate_path": "app.pfx", "credential.static_token": TOKEN}
    settings = load_settings(
        write_config(patched(base_config(), changes)),
        {**ENV, "FREIGABE_CREDENTIAL__CERTIFICATE_PASSWORD": PASSWORD},
    )
    for text in (repr(settings), str(settings), repr(settings.credential)):
        for secret in (SECRET, PASSWORD, TOKEN):
            assert secret not in text
    assert "**********" in repr(settings.credential)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"credential.client_id": SECRET}, id="secret-as-client-id"),
        pytest.param({"credential.mode": "certificate"}, id="mode-mismatch"),
        pytest.param(
            {"credential.static_token": SECRET, "credential.mode": "static_token"}, id="static"
        ),
        pytest.param({"credential.client_secret": [SECRET]}, id="wrong-type"),
        pytest.param({"credential.client_secret": {"value": SECRET}}, id="mapping"),
        pytest.param({"credential.clientsecret": SECRET}, id="misspelt"),
        pytest.param(
            {"graph.base_url": f"https://app:{SECRET}@graph.microsoft.com/v1.0"}, id="url"
        ),
    ],
)
def test_errors_never_quote_a_secret(write_config: WriteConfig, changes: dict[str, Any]) -> None:
    """Whatever goes wrong near a secret, the error text and its chain do not contain it."""
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(patched(base_config(), changes)), {})
    error = caught.value
    assert error.problems
    assert SECRET not in str(error)
    assert SECRET not in repr(error.problems)
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_dump_leaves_secrets_out_and_names_their_variables(
    write_config: WriteConfig, tmp_path: Path
) -> None:
    """The written YAML has no secret; a comment names the variables that supply them."""
    (tmp_path / "app.pfx").write_bytes(b"\x30\x82")
    changes = {"credential.mode": "certificate", "credential.certificate_path": "app.pfx"}
    settings = load_settings(
        write_config(patched(base_config(), changes)),
        {"FREIGABE_CREDENTIAL__CERTIFICATE_PASSWORD": PASSWORD},
    )
    text = dump_settings_yaml(settings)
    assert PASSWORD not in text
    assert "**" not in text
    var = "FREIGABE_CREDENTIAL__CERTIFICATE_PASSWORD"
    assert f"# credential.certificate_password: set {var} or {var}_FILE" in text
    assert "client_secret" not in text


def test_dump_reads_back_to_equal_settings(write_config: WriteConfig, tmp_path: Path) -> None:
    """A dumped configuration, given the same secrets, loads to the same settings."""
    changes = {
        "cloud": "china",
        "graph.base_url": "http://127.0.0.1:8765/v1.0",
        "libraries.0.channel": "vorstand",
        "columns.required": ["Dokumenttyp"],
        "log.format": "json",
    }
    original = load_settings(write_config(patched(base_config(), changes)), ENV)
    copy = tmp_path / "copy" / "freigabe.yaml"
    copy.parent.mkdir()
    copy.write_text(dump_settings_yaml(original), encoding="utf-8")
    assert load_settings(copy, ENV) == original


WEBHOOK = "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig=S3cr3tSig"


@pytest.mark.parametrize(
    ("changes", "field", "variable"),
    [
        (
            {"credential.client_secret": SECRET},
            "credential.client_secret",
            "FREIGABE_CREDENTIAL__CLIENT_SECRET",
        ),
        (
            {"teams.webhooks": {"default": WEBHOOK}},
            "teams.webhooks.default",
            "FREIGABE_TEAMS__WEBHOOKS__DEFAULT",
        ),
    ],
    ids=["client-secret", "webhook"],
)
def test_a_secret_in_the_file_is_refused_naming_its_variable(
    write_config: WriteConfig, changes: dict[str, Any], field: str, variable: str
) -> None:
    """A secret written into the YAML file is refused, naming the variable to use instead;
    the message does not repeat the secret."""
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(patched(base_config(), changes)), {})
    [problem] = [p for p in caught.value.problems if p.path == field]
    assert variable in problem.message
    assert f"{variable}_FILE" in problem.message
    assert SECRET not in str(caught.value)
    assert "S3cr3tSig" not in str(caught.value)


def test_a_simulators_webhook_on_loopback_may_stay_in_the_file(write_config: WriteConfig) -> None:
    """A webhook URL on loopback without a signature is no secret (the demo's simulator)."""
    changes = {"teams.webhooks": {"default": "http://127.0.0.1:8765/_sim/webhooks/allianz"}}
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert list(settings.teams.webhooks) == ["default"]


def test_a_webhook_url_comes_from_a_secret_file(write_config: WriteConfig, tmp_path: Path) -> None:
    """FREIGABE_TEAMS__WEBHOOKS__DEFAULT_FILE names the file holding the default webhook URL
    (the container-secret convention), not a channel called "default_file"."""
    secret = tmp_path / "webhook"
    secret.write_text(WEBHOOK + "\n", encoding="utf-8")
    env = {**ENV, "FREIGABE_TEAMS__WEBHOOKS__DEFAULT_FILE": str(secret)}
    settings = load_settings(write_config(base_config()), env)
    assert list(settings.teams.webhooks) == ["default"]
    assert settings.teams.webhooks["default"].get_secret_value() == WEBHOOK


@pytest.mark.parametrize("token", ["tok\r", "töken", "tok en"], ids=["cr", "non-ascii", "space"])
def test_a_static_token_that_cannot_be_a_header_is_refused(
    write_config: WriteConfig, token: str
) -> None:
    """A bearer token with a line break, a space or a non-ASCII character could never be
    sent: one clear message (and no trace of the token), not a traceback at the first call."""
    changes = {
        "credential": {"mode": "static_token"},
        "graph": {"base_url": "http://127.0.0.1:8765/v1.0"},
    }
    env = {"FREIGABE_CREDENTIAL__STATIC_TOKEN": token}
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(patched(base_config(), changes)), env)
    [problem] = caught.value.problems
    assert problem.path == "credential.static_token"
    assert "printable ASCII" in problem.message
    assert token not in str(caught.value)

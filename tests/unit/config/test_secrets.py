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

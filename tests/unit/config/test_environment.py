"""Environment overrides, container secret files and the FREIGABE_CONFIG fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import LogLevel, Settings, load_settings
from integration.errors import ConfigError
from tests.unit.config.samples import ENV, SECRET, WriteConfig, base_config, patched

SECRET_VAR = "FREIGABE_CREDENTIAL__CLIENT_SECRET"


def test_environment_overrides_the_file(write_config: WriteConfig) -> None:
    """FREIGABE_ variables replace file values, nested with __ and case-insensitive values."""
    file = write_config(patched(base_config(), {"graph.page_size": 100, "log.level": "info"}))
    settings = load_settings(
        file,
        {
            **ENV,
            "FREIGABE_GRAPH__PAGE_SIZE": "500",
            "FREIGABE_LOG__LEVEL": "DEBUG",
            "FREIGABE_POLL_INTERVAL_SECONDS": "15",
            "FREIGABE_COLUMNS__REQUIRED": '["Dokumenttyp", "Thema"]',
            "UNRELATED": "ignored",
        },
    )
    assert settings.graph.page_size == 500
    assert settings.graph.max_retries == 30
    assert settings.log.level is LogLevel.DEBUG
    assert settings.poll_interval_seconds == 15
    assert settings.columns.required == ("Dokumenttyp", "Thema")
    assert settings.credential.client_secret is not None
    assert settings.credential.client_secret.get_secret_value() == SECRET


@pytest.mark.parametrize(
    ("content", "secret"),
    [
        pytest.param("from-file\n", "from-file", id="newline"),
        pytest.param("from-file\r\n", "from-file", id="crlf"),
        pytest.param("from-file", "from-file", id="none"),
        pytest.param("from-file\n\n", "from-file\n", id="only-one"),
    ],
)
def test_secret_is_read_from_the_file_variable(
    write_config: WriteConfig, tmp_path: Path, content: str, secret: str
) -> None:
    """X_FILE names a file holding the secret; one trailing line break is removed."""
    secret_file = tmp_path / "client-secret"
    secret_file.write_bytes(content.encode())
    settings = load_settings(write_config(base_config()), {f"{SECRET_VAR}_FILE": str(secret_file)})
    assert settings.credential.client_secret is not None
    assert settings.credential.client_secret.get_secret_value() == secret


@pytest.mark.parametrize(
    ("environ", "path", "fragment"),
    [
        pytest.param({}, "credential.client_secret", f"set {SECRET_VAR} or", id="no-secret"),
        pytest.param(
            {f"{SECRET_VAR}_FILE": "/nonexistent/secret"},
            "credential.client_secret",
            "file not found: /nonexistent/secret",
            id="file-missing",
        ),
        pytest.param(
            {**ENV, f"{SECRET_VAR}_FILE": "/nonexistent/secret"},
            "credential.client_secret",
            f"set either {SECRET_VAR} or {SECRET_VAR}_FILE, not both",
            id="both",
        ),
        pytest.param(
            {**ENV, "FREIGABE_POLL_INTERVAL": "5"},
            "poll_interval",
            "did you mean poll_interval_seconds? (set by FREIGABE_POLL_INTERVAL)",
            id="unknown-var",
        ),
        pytest.param(
            {**ENV, "FREIGABE_TENANT_ID__PART": "x"},
            "tenant_id.part",
            "not a setting (set by FREIGABE_TENANT_ID__PART)",
            id="not-a-section",
        ),
        pytest.param(
            {**ENV, "FREIGABE_GRAPH__RETRIES": "5"},
            "graph.retries",
            "unknown field; did you mean max_retries? (set by FREIGABE_GRAPH__RETRIES)",
            id="unknown-nested",
        ),
        pytest.param(
            {**ENV, "FREIGABE_GRAPH__MAX_RETRIES": "many"},
            "graph.max_retries",
            "whole number (set by FREIGABE_GRAPH__MAX_RETRIES)",
            id="bad-value",
        ),
        pytest.param(
            {**ENV, "FREIGABE_LIBRARIES": "[{"},
            "libraries",
            "not valid JSON (set by FREIGABE_LIBRARIES)",
            id="bad-json",
        ),
    ],
)
def test_bad_environment_names_the_setting(
    write_config: WriteConfig, environ: dict[str, str], path: str, fragment: str
) -> None:
    """A wrong or missing variable gives one problem that names the setting and the variable."""
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(base_config()), environ)
    assert [p.path for p in caught.value.problems] == [path]
    assert fragment in caught.value.problems[0].message


def test_config_variable_names_the_file(write_config: WriteConfig) -> None:
    """Without a path argument the loader reads the file FREIGABE_CONFIG names."""
    file = write_config(patched(base_config(), {"poll_interval_seconds": 42}))
    settings = load_settings(None, {**ENV, "FREIGABE_CONFIG": str(file)})
    assert settings.poll_interval_seconds == 42


def test_workload_identity_token_file_defaults_from_azure_variable(
    write_config: WriteConfig, tmp_path: Path
) -> None:
    """AZURE_FEDERATED_TOKEN_FILE supplies the token file when the configuration has none."""
    token = tmp_path / "azure-identity-token"
    token.write_text("federated")
    file = write_config(patched(base_config(), {"credential.mode": "workload_identity"}))
    settings = load_settings(file, {"AZURE_FEDERATED_TOKEN_FILE": str(token)})
    assert settings.credential.federated_token_file == token


def test_loader_reads_the_process_environment_by_default(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With environ left out, the loader reads os.environ."""
    monkeypatch.setenv(SECRET_VAR, SECRET)
    monkeypatch.setenv("FREIGABE_POLL_INTERVAL_SECONDS", "30")
    assert load_settings(write_config(base_config())).poll_interval_seconds == 30


def test_settings_built_directly_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the loader reads the environment; constructing Settings takes the values given."""
    monkeypatch.setenv("FREIGABE_POLL_INTERVAL_SECONDS", "999")
    monkeypatch.setenv("FREIGABE_TENANT_ID", "other.onmicrosoft.com")
    data = patched(base_config(), {"credential.client_secret": SECRET})
    settings = Settings(**data)
    assert settings.poll_interval_seconds == 60
    assert settings.tenant_id == "contoso.onmicrosoft.com"

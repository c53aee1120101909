"""Every kind of invalid configuration becomes a ConfigError naming the field at fault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config import load_settings
from integration.errors import ConfigError
from tests.unit.config.samples import (
    DELETE,
    ENV,
    GROUP_ID,
    SITE_ID,
    WriteConfig,
    base_config,
    patched,
)

ONE_ORG = [{"code": "DWV", "name": "Deutscher Wasserverband", "approvers": ["anna@dwv.example"]}]
BY_URL = {"hostname": "https://contoso.sharepoint.com", "path": "/sites/allianz"}


def _case(changes: dict[str, Any], path: str, fragment: str, id: str) -> Any:
    return pytest.param(changes, path, fragment, id=id)


CASES = [
    _case({"tenant_id": DELETE}, "tenant_id", "required for credential mode", "no-tenant"),
    _case({"tenant_id": "not a tenant"}, "tenant_id", "GUID or one of its verified", "bad-tenant"),
    _case({"cloud": "europe"}, "cloud", "must be one of", "unknown-cloud"),
    _case({"language": "fr"}, "language", "must be one of", "unknown-language"),
    _case(
        {"language": "en", "teams.language": "de"},
        "teams.language",
        "replaced by the top-level language",
        "two-languages",
    ),
    _case({"credential": DELETE}, "credential.mode", "required", "no-credential"),
    _case({"credential.mode": "password"}, "credential.mode", "must be one of", "unknown-mode"),
    _case(
        {"credential.client_id": "my-app"}, "credential.client_id", "must be a GUID", "client-id"
    ),
    _case(
        {"credential.mode": "certificate"},
        "credential.certificate_path",
        "required for mode certificate",
        "no-certificate",
    ),
    _case(
        {"credential.mode": "certificate", "credential.certificate_path": "missing.pem"},
        "credential.certificate_path",
        "file not found",
        "certificate-not-found",
    ),
    _case(
        {"credential.mode": "workload_identity"},
        "credential.federated_token_file",
        "AZURE_FEDERATED_TOKEN_FILE",
        "no-token-file",
    ),
    _case(
        {"credential.mode": "static_token", "credential.static_token": "tok"},
        "credential.mode",
        "127.0.0.1, ::1 or localhost",
        "static-token-remote",
    ),
    _case(
        {"graph.base_url": "http://graph.example.com/v1.0"},
        "graph.base_url",
        "must use https",
        "http-remote",
    ),
    _case(
        {"graph.base_url": "https://graph.microsoft.com/beta"},
        "graph.base_url",
        "must end with /v1.0",
        "beta",
    ),
    _case({"graph.base_url": "graph.microsoft.com"}, "graph.base_url", "absolute", "not-a-url"),
    _case(
        {"worker.status.url": "https://intranet.example/status?token=x"},
        "worker.status.url",
        "must not contain a query",
        "status-url-query",
    ),
    _case(
        {"worker.status.url": "http://intranet.example/status"},
        "worker.status.url",
        "must use https",
        "status-url-http",
    ),
    _case({"graph.max_retries": 101}, "graph.max_retries", "at most 100", "retries"),
    _case(
        {"graph.throttle_budget_seconds": -1},
        "graph.throttle_budget_seconds",
        "at least 0",
        "budget",
    ),
    _case({"graph.page_size": 0}, "graph.page_size", "at least 1", "page-size"),
    _case({"graph.watch_strategy": "hook"}, "graph.watch_strategy", "must be one of", "strategy"),
    _case({"graph.timeout": 5}, "graph.timeout", "did you mean timeout_seconds?", "typo-nested"),
    _case({"tennant_id": "x"}, "tennant_id", "unknown field; did you mean tenant_id?", "typo"),
    _case({"libraries": []}, "libraries", "needs at least 1 entry", "no-libraries"),
    _case({"libraries.0.site": "contoso"}, "libraries.0.site", "must be a mapping", "site-text"),
    _case(
        {"libraries.0.site.id": SITE_ID},
        "libraries.0.site",
        "not both",
        "site-two-forms",
    ),
    _case(
        {"libraries.1.site": BY_URL},
        "libraries.1.site.hostname",
        "without https://",
        "hostname-url",
    ),
    _case(
        {"libraries.0.site.path": DELETE},
        "libraries.0.site.path",
        "required unless the site is given by id",
        "no-path",
    ),
    _case({"libraries.0.site.id": "x,y"}, "libraries.0.site.id", "Graph site id", "site-id"),
    _case({"libraries.0.library": {}}, "libraries.0.library", "either name or id", "no-library"),
    _case(
        {"libraries.1.library.name": "Positionen"},
        "libraries.1.key",
        "'positionen' is already used by libraries.0 (derived",
        "same-key",
    ),
    _case({"libraries.0.key": "Positionen!"}, "libraries.0.key", "lower-case", "bad-key"),
    _case({"organisations": ONE_ORG}, "organisations", "at least 2 entries", "one-org"),
    _case({"organisations": "DWV"}, "organisations", "must be a list", "orgs-text"),
    _case({"organisations.0.code": "dwv"}, "organisations.0.code", "capital", "code"),
    _case({"organisations.0.code": False}, "organisations.0.code", "must be text", "code-bool"),
    _case(
        {"organisations.1.code": "DWV"},
        "organisations.1.code",
        "'DWV' is already used by organisations.0",
        "same-code",
    ),
    _case(
        {"organisations.0.approvers": ["anna@dwv.example", "anna"]},
        "organisations.0.approvers.1",
        "user principal name",
        "upn",
    ),
    _case(
        {"organisations.0.approvers": ["anna@dwv.example", "ANNA@dwv.example"]},
        "organisations.0.approvers.1",
        "listed twice",
        "upn-twice",
    ),
    _case({"organisations.1.groups": ["g1"]}, "organisations.1.groups.0", "GUID", "group"),
    _case(
        {"organisations.0.approvers": []},
        "organisations.0",
        "at least one approver or group",
        "no-voters",
    ),
    _case(
        {"organisations.0.groups": [GROUP_ID]},
        "organisations.1.groups.0",
        "already votes for DWV",
        "shared-group",
    ),
    _case({"columns.status": "Freigabe Status"}, "columns.status", "internal column", "column"),
    _case(
        {"columns.deadline": "FreigabeStatus"},
        "columns.deadline",
        "already the column for status",
        "same-column",
    ),
    _case({"poll_interval_seconds": 2}, "poll_interval_seconds", "at least 5", "poll-fast"),
    _case({"poll_interval_seconds": "often"}, "poll_interval_seconds", "whole number", "poll"),
    _case({"state_path": ""}, "state_path", "must not be empty", "state-path"),
    _case({"log.level": "verbose"}, "log.level", "must be one of", "log-level"),
]


@pytest.mark.parametrize(("changes", "path", "fragment"), CASES)
def test_bad_configuration_gives_one_problem_at_the_field(
    write_config: WriteConfig, changes: dict[str, Any], path: str, fragment: str
) -> None:
    """A single mistake yields exactly one problem, at its dotted path, in plain words."""
    file = write_config(patched(base_config(), changes))
    with pytest.raises(ConfigError) as caught:
        load_settings(file, ENV)
    assert [p.path for p in caught.value.problems] == [path]
    assert fragment in caught.value.problems[0].message
    assert "pydantic" not in str(caught.value)


def test_several_mistakes_are_all_reported(write_config: WriteConfig) -> None:
    """Independent mistakes in different sections are listed together, in field order."""
    file = write_config(
        patched(base_config(), {"cloud": "mars", "graph.page_size": 0, "log.level": "loud"})
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(file, ENV)
    assert [p.path for p in caught.value.problems] == ["cloud", "graph.page_size", "log.level"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("tenant_id: [a,\n", "invalid YAML at line 2, column 1", id="syntax"),
        pytest.param("a: 1\n  b: 2\n", "invalid YAML at line 2, column 4", id="indent"),
        pytest.param("cloud: global\ncloud: china\n", "line 2, column 1: duplicate key", id="dup"),
        pytest.param(
            "- tenant_id: x\n", "top level must be a mapping of settings, not a list", id="list"
        ),
        pytest.param("just text\n", "not a single value", id="scalar"),
        pytest.param("# nothing but a comment\n", "the file is empty", id="empty"),
        pytest.param("x: !!python/name:os.system\n", "invalid YAML at line 1", id="unsafe-tag"),
    ],
)
def test_unreadable_yaml_is_a_config_error(
    write_config: WriteConfig, text: str, fragment: str
) -> None:
    """YAML that cannot become a mapping of settings is reported with where it broke."""
    file = write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(file, ENV)
    assert len(caught.value.problems) == 1
    assert fragment in str(caught.value)
    assert str(file) in str(caught.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    """A configuration path that does not exist is named in the error."""
    with pytest.raises(ConfigError, match=r"file not found: .*nowhere\.yaml"):
        load_settings(tmp_path / "nowhere.yaml", ENV)


def test_folder_instead_of_file_is_a_config_error(tmp_path: Path) -> None:
    """A folder given as the configuration file is refused as such."""
    with pytest.raises(ConfigError, match="is a folder, not a file"):
        load_settings(tmp_path, ENV)


def test_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    """A file in another encoding is refused rather than misread."""
    file = tmp_path / "latin1.yaml"
    file.write_bytes("name: Gewässer".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_settings(file, ENV)


def test_no_file_at_all_is_a_config_error() -> None:
    """Without a path and without FREIGABE_CONFIG the loader says how to give one."""
    with pytest.raises(ConfigError, match="pass --config FILE or set FREIGABE_CONFIG"):
        load_settings(None, {})

"""Bad configurations: one clear message per problem, exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import support
from tests.e2e.conftest import run_cli

BASE = "http://127.0.0.1:9/v1.0"


def _good(tmp_path: Path) -> dict[str, Any]:
    return support.config(BASE, tmp_path / "state.sqlite")


def _drop_libraries(c: dict[str, Any]) -> None:
    c["libraries"] = []


def _static_token_on_public_host(c: dict[str, Any]) -> None:
    c["graph"]["base_url"] = "https://graph.microsoft.com/v1.0"


def _unknown_cloud(c: dict[str, Any]) -> None:
    c["cloud"] = "mars"


def _duplicate_org(c: dict[str, Any]) -> None:
    c["organisations"][1]["code"] = c["organisations"][0]["code"]


def _bad_org_code(c: dict[str, Any]) -> None:
    c["organisations"][0]["code"] = "dwv lower"


def _site_without_path(c: dict[str, Any]) -> None:
    c["libraries"][0]["site"] = {"hostname": "allianz.sharepoint.com"}


def _negative_poll(c: dict[str, Any]) -> None:
    c["poll_interval_seconds"] = -1


def _typo_field(c: dict[str, Any]) -> None:
    c["grpah"] = {}


def _http_to_public_host(c: dict[str, Any]) -> None:
    c["graph"]["base_url"] = "http://graph.example.org/v1.0"
    c["credential"] = {"mode": "client_secret", "client_id": "3f2c8e71-5a4b-4c1d-9e8f-0a1b2c3d4e5f"}
    c["tenant_id"] = "allianz.onmicrosoft.com"


def _secret_missing(c: dict[str, Any]) -> None:
    c["credential"] = {"mode": "client_secret", "client_id": "3f2c8e71-5a4b-4c1d-9e8f-0a1b2c3d4e5f"}
    c["tenant_id"] = "allianz.onmicrosoft.com"
    c["graph"].pop("base_url")


def _org_without_approvers(c: dict[str, Any]) -> None:
    c["organisations"][0]["approvers"] = []


def _page_size_too_big(c: dict[str, Any]) -> None:
    c["graph"]["page_size"] = 5000


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (_drop_libraries, "libraries"),
        (_static_token_on_public_host, "credential"),
        (_unknown_cloud, "cloud"),
        (_duplicate_org, "organisations"),
        (_bad_org_code, "organisations.0.code"),
        (_site_without_path, "libraries.0.site"),
        (_negative_poll, "poll_interval_seconds"),
        (_typo_field, "grpah"),
        (_http_to_public_host, "graph.base_url"),
        (_secret_missing, "credential.client_secret"),
        (_org_without_approvers, "organisations.0"),
        (_page_size_too_big, "graph.page_size"),
    ],
)
def test_bad_configuration_exits_2_naming_the_field(tmp_path: Path, mutate: Any, path: str) -> None:
    """Each kind of mistake gives exit code 2 and a message with the field's path."""
    data = _good(tmp_path)
    mutate(data)
    config = support.write_config(tmp_path / "bad.yaml", data)
    result = run_cli("--config", str(config), "once")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Configuration error" in result.stderr
    assert path in result.stderr
    assert "Traceback" not in result.stderr
    assert support.TOKEN not in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("libraries: [unclosed\n", "line"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_unreadable_yaml_exits_2(tmp_path: Path, content: str, needle: str) -> None:
    """YAML syntax errors and non-mapping files are configuration errors too."""
    config = tmp_path / "bad.yaml"
    config.write_text(content)
    result = run_cli("--config", str(config), "once")
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A configuration path that does not exist is reported as such."""
    result = run_cli("--config", str(tmp_path / "nope.yaml"), "once")
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr


def test_no_configuration_exits_2() -> None:
    """Without --config or FREIGABE_CONFIG the command says how to give one."""
    result = run_cli("once", env={"FREIGABE_CONFIG": ""})
    assert result.returncode == 2
    assert "--config" in result.stderr


def test_yaml_roundtrip_of_good_config_is_accepted(tmp_path: Path) -> None:
    """The baseline configuration of these tests is itself valid (so each case tests one fault)."""
    config = support.write_config(tmp_path / "good.yaml", _good(tmp_path))
    result = run_cli("--config", str(config), "status")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(config.read_text())["libraries"]

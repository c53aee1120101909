"""Values derived from the configuration: cloud endpoints, loopback, paths, keys, columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Cloud, CredentialMode, load_settings
from integration.errors import ConfigError
from integration.language import Language
from tests.unit.config.samples import DELETE, ENV, WriteConfig, base_config, patched


@pytest.mark.parametrize(
    ("cloud", "base_url", "authority", "scope"),
    [
        (
            "global",
            "https://graph.microsoft.com/v1.0",
            "login.microsoftonline.com",
            "https://graph.microsoft.com/.default",
        ),
        (
            "us_gov",
            "https://graph.microsoft.us/v1.0",
            "login.microsoftonline.us",
            "https://graph.microsoft.us/.default",
        ),
        (
            "us_gov_dod",
            "https://dod-graph.microsoft.us/v1.0",
            "login.microsoftonline.us",
            "https://dod-graph.microsoft.us/.default",
        ),
        (
            "china",
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
            "login.chinacloudapi.cn",
            "https://microsoftgraph.chinacloudapi.cn/.default",
        ),
    ],
)
def test_each_cloud_has_its_own_endpoints(
    write_config: WriteConfig, cloud: str, base_url: str, authority: str, scope: str
) -> None:
    """The cloud chooses Graph URL, host, sign-in host and token scope."""
    settings = load_settings(write_config(patched(base_config(), {"cloud": cloud})), ENV)
    assert settings.cloud is Cloud(cloud)
    assert settings.graph_base_url == base_url
    assert settings.graph_host == base_url.split("/")[2]
    assert settings.authority_host == authority
    assert settings.graph_scope == scope
    assert not settings.graph_is_loopback


def test_base_url_override_keeps_the_clouds_scope(write_config: WriteConfig) -> None:
    """An override moves requests elsewhere; the token is still for the cloud's Graph."""
    changes = {"cloud": "us_gov", "graph.base_url": "https://graph-proxy.contoso.example/v1.0/"}
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert settings.graph_base_url == "https://graph-proxy.contoso.example/v1.0"
    assert settings.graph_host == "graph-proxy.contoso.example"
    assert settings.graph_scope == "https://graph.microsoft.us/.default"
    assert settings.authority_host == "login.microsoftonline.us"


@pytest.mark.parametrize(
    ("base_url", "host"),
    [
        ("http://127.0.0.1:8765/v1.0", "127.0.0.1:8765"),
        ("http://127.10.0.1/v1.0", "127.10.0.1"),
        ("http://localhost:8765/v1.0", "localhost:8765"),
        ("http://[::1]:8765/v1.0", "[::1]:8765"),
        ("https://LOCALHOST/v1.0", "LOCALHOST"),
    ],
)
def test_static_token_is_accepted_on_loopback(
    write_config: WriteConfig, base_url: str, host: str
) -> None:
    """static_token works for a Graph server on this machine, without a tenant."""
    changes = {
        "tenant_id": DELETE,
        "credential": {"mode": "static_token"},
        "graph.base_url": base_url,
    }
    settings = load_settings(
        write_config(patched(base_config(), changes)),
        {"FREIGABE_CREDENTIAL__STATIC_TOKEN": "simulator-token"},
    )
    assert settings.credential.mode is CredentialMode.STATIC_TOKEN
    assert settings.graph_is_loopback
    assert settings.graph_host == host
    assert settings.tenant_id is None


@pytest.mark.parametrize(
    "base_url",
    [
        None,
        "https://graph.microsoft.com/v1.0",
        "https://10.0.0.8/v1.0",
        "https://0.0.0.0/v1.0",
        "https://127.0.0.1.example/v1.0",
        "https://localhost.contoso.example/v1.0",
    ],
)
def test_static_token_is_refused_elsewhere(write_config: WriteConfig, base_url: str | None) -> None:
    """static_token is refused for any Graph URL that is not loopback."""
    changes = {"credential": {"mode": "static_token"}, "graph.base_url": base_url or DELETE}
    file = write_config(patched(base_config(), changes))
    with pytest.raises(ConfigError) as caught:
        load_settings(file, {"FREIGABE_CREDENTIAL__STATIC_TOKEN": "simulator-token"})
    assert [p.path for p in caught.value.problems] == ["credential.mode"]


@pytest.mark.parametrize(
    ("state_path", "expected"),
    [
        pytest.param(DELETE, "{folder}/freigabe.sqlite", id="default"),
        pytest.param("data/state.sqlite", "{folder}/data/state.sqlite", id="relative"),
        pytest.param("./state.sqlite", "{folder}/state.sqlite", id="dot"),
        pytest.param("/var/lib/freigabe/state.sqlite", "/var/lib/freigabe/state.sqlite", id="abs"),
    ],
)
def test_state_path_resolves_against_the_config_folder(
    write_config: WriteConfig, state_path: object, expected: str
) -> None:
    """Relative paths (and the default) are taken relative to the configuration file."""
    file = write_config(patched(base_config(), {"state_path": state_path}))
    settings = load_settings(file, ENV)
    assert settings.state_path == Path(expected.format(folder=file.parent))


def test_certificate_path_resolves_against_the_config_folder(
    write_config: WriteConfig, tmp_path: Path
) -> None:
    """A relative certificate path is found next to the configuration file."""
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "app.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    changes = {"credential.mode": "certificate", "credential.certificate_path": "certs/app.pem"}
    settings = load_settings(write_config(patched(base_config(), changes)), {})
    assert settings.credential.certificate_path == tmp_path / "certs" / "app.pem"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Positionen", "positionen"),
        ("Gute Praxis", "gute-praxis"),
        ("Übersicht & Maßnahmen", "uebersicht-massnahmen"),
        ("  Café Protokolle 2025 ", "cafe-protokolle-2025"),
    ],
)
def test_library_key_is_derived_from_the_name(
    write_config: WriteConfig, name: str, key: str
) -> None:
    """Without a configured key, the library name gives one: lower-case, ASCII, dashes."""
    changes = {"libraries.0.library.name": name}
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert settings.libraries[0].key == key


@pytest.mark.parametrize(
    ("changes", "language"),
    [
        ({}, Language.DE),
        ({"language": "EN"}, Language.EN),
        ({"teams.language": "de"}, Language.DE),
        ({"language": "en", "teams.language": "EN"}, Language.EN),
    ],
)
def test_language_defaults_to_german_and_reads_the_old_teams_setting(
    write_config: WriteConfig, changes: dict[str, str], language: Language
) -> None:
    """German unless configured; a configuration with ``teams.language`` still loads."""
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert settings.language is language


def test_configured_library_key_wins(write_config: WriteConfig) -> None:
    """A configured key is used as given, whatever the name."""
    changes = {"libraries.0.key": "pos-2025"}
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert [lib.key for lib in settings.libraries] == ["pos-2025", "best-practice"]


def test_organisation_codes_name_the_vote_columns(write_config: WriteConfig) -> None:
    """Each organisation's vote column is the vote prefix followed by its code."""
    changes = {"columns.vote_prefix": "Stimme_"}
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert settings.org_codes == ("DWV", "BLP")
    assert [settings.vote_column(code) for code in settings.org_codes] == [
        "Stimme_DWV",
        "Stimme_BLP",
    ]
    with pytest.raises(ValueError, match="unknown organisation code 'XYZ'"):
        settings.vote_column("XYZ")


def test_identifiers_are_normalised(write_config: WriteConfig) -> None:
    """Principal names and GUIDs are stored lower-case, so comparisons need no folding."""
    changes = {
        "credential.client_id": "0B7E7C5E-1234-4ABC-9DEF-0123456789AB",
        "organisations.0.approvers": ["Anna.Berger@DWV.example", "x_gmail.com#EXT#@contoso.com"],
    }
    settings = load_settings(write_config(patched(base_config(), changes)), ENV)
    assert settings.credential.client_id == "0b7e7c5e-1234-4abc-9def-0123456789ab"
    assert settings.organisations[0].approvers == (
        "anna.berger@dwv.example",
        "x_gmail.com#ext#@contoso.com",
    )

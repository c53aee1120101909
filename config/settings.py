"""The root of the configuration: one immutable value, built once and passed down."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config.clouds import GRAPH_VERSION_PATH, Cloud, host_of, is_loopback_host
from config.credential import CredentialMode, CredentialSettings
from config.envnames import ENV_PREFIX, NESTED_DELIMITER
from config.export import ExportSettings
from config.fields import CaseInsensitive, FilePath, TenantId, reject
from config.libraries import LibrarySettings
from config.notifications import NotificationSettings
from config.organisations import OrganisationSettings
from config.process import ProcessSettings
from config.sections import ColumnSettings, GraphSettings, LogSettings, WorkerSettings
from config.state import StateDatabaseSettings, StateUrl
from config.teams import TeamsSettings
from integration.language import Language

__all__ = ["Settings"]

_Findings = list[tuple[tuple[str | int, ...], str]]


class Settings(BaseSettings):
    """Everything freigabe is configured with; see ``config/example.yaml`` for each field.

    Build it with :func:`config.load_settings`. Constructing it directly reads nothing from
    the environment: the loader is the only place that does, from the mapping it is given.
    The loader also resolves relative paths against the configuration file's folder.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=NESTED_DELIMITER,
        case_sensitive=False,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    tenant_id: TenantId | None = None
    cloud: Annotated[Cloud, CaseInsensitive] = Cloud.GLOBAL
    language: Annotated[Language, CaseInsensitive] = Language.DE
    credential: CredentialSettings
    graph: GraphSettings = GraphSettings()
    libraries: tuple[LibrarySettings, ...] = Field(min_length=1)
    organisations: tuple[OrganisationSettings, ...] = Field(min_length=2)
    columns: ColumnSettings = ColumnSettings()
    poll_interval_seconds: int = Field(default=60, ge=5)
    state_path: FilePath = Path("freigabe.sqlite")
    state_url: StateUrl | None = None
    state_database: StateDatabaseSettings = StateDatabaseSettings()
    log: LogSettings = LogSettings()
    process: ProcessSettings = ProcessSettings()
    teams: TeamsSettings = TeamsSettings()
    export: ExportSettings | None = None
    worker: WorkerSettings = WorkerSettings()
    notifications: NotificationSettings = NotificationSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values passed in: the environment is read by the loader alone."""
        return (init_settings,)

    @property
    def graph_base_url(self) -> str:
        """Graph's v1.0 URL: the configured override, or the cloud's."""
        return self.graph.base_url or self.cloud.endpoints.graph_root + GRAPH_VERSION_PATH

    @property
    def graph_host(self) -> str:
        """``host[:port]`` of :attr:`graph_base_url`; links to any other host are refused."""
        return host_of(self.graph_base_url)

    @property
    def graph_is_loopback(self) -> bool:
        """Whether Graph is served on this machine (a simulator)."""
        return is_loopback_host(urlsplit(self.graph_base_url).hostname or "")

    @property
    def graph_scope(self) -> str:
        """The token scope: the cloud's Graph root + ``/.default``, even behind an override."""
        return self.cloud.endpoints.graph_root + "/.default"

    @property
    def authority_host(self) -> str:
        """The Entra ID sign-in host of the cloud."""
        return self.cloud.endpoints.authority_host

    @property
    def org_codes(self) -> tuple[str, ...]:
        """The organisation codes, in configured order."""
        return tuple(org.code for org in self.organisations)

    def vote_column(self, code: str) -> str:
        """Internal name of the vote column of organisation ``code``, e.g. ``Votum_DWV``.

        Raises:
            ValueError: ``code`` is not a configured organisation.
        """
        if code not in self.org_codes:
            raise ValueError(f"unknown organisation code {code!r}")
        return self.columns.vote_prefix + code

    @model_validator(mode="before")
    @classmethod
    def _teams_language(cls, data: Any) -> Any:
        # Before the top-level `language` the cards had `teams.language` (German only): a
        # configuration that still names it keeps loading, and means the same language.
        if not isinstance(data, dict) or not isinstance(data.get("teams"), dict):
            return data
        teams = dict(data["teams"])
        if "language" not in teams:
            return data
        old = teams.pop("language")
        if "language" in data and str(data["language"]).lower() != str(old).lower():
            reject(
                "Settings",
                [(("teams", "language"), "replaced by the top-level language; remove it")],
            )
        return {**data, "teams": teams, "language": data.get("language", old)}

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        findings: _Findings = []
        mode = self.credential.mode
        if mode is CredentialMode.STATIC_TOKEN and not self.graph_is_loopback:
            findings.append(
                (
                    ("credential", "mode"),
                    "static_token is accepted only when graph.base_url points to this machine: "
                    "127.0.0.1, ::1 or localhost",
                )
            )
        if self.tenant_id is None and mode is not CredentialMode.STATIC_TOKEN:
            findings.append(
                (("tenant_id",), f"required for credential mode {mode.value} (a GUID or domain)")
            )
        findings += _duplicates(
            "libraries",
            [lib.key for lib in self.libraries],
            "key",
            derived=[lib.key_override is None for lib in self.libraries],
        )
        findings += _duplicates("organisations", list(self.org_codes), "code")
        findings += _shared_voters(self.organisations)
        if self.state_url is None and self.state_database != StateDatabaseSettings():
            findings.append((("state_database",), "applies to state_url only, which is not set"))
        reject("Settings", findings)
        return self


def _duplicates(
    section: str, values: Sequence[str], field: str, derived: Sequence[bool] = ()
) -> _Findings:
    first: dict[str, int] = {}
    findings: _Findings = []
    for index, value in enumerate(values):
        if value in first:
            message = f"{value!r} is already used by {section}.{first[value]}"
            if derived and derived[index]:
                message += f" (derived from the name; set {field} to tell them apart)"
            findings.append(((section, index, field), message))
        first.setdefault(value, index)
    return findings


def _shared_voters(organisations: Sequence[OrganisationSettings]) -> _Findings:
    # One organisation, one vote: a person or group voting for two would make a vote ambiguous.
    owner: dict[tuple[str, str], str] = {}
    findings: _Findings = []
    for org_index, org in enumerate(organisations):
        for field, values in (("approvers", org.approvers), ("groups", org.groups)):
            for index, value in enumerate(values):
                other = owner.setdefault((field, value), org.code)
                if other != org.code:
                    findings.append(
                        (
                            ("organisations", org_index, field, index),
                            f"already votes for {other}; each approver and group belongs to "
                            "one organisation",
                        )
                    )
    return findings

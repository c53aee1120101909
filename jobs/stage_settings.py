"""What each stage is told of the configuration, read from ``Settings`` by the composition root.

A stage sees its section only: a change elsewhere in the configuration cannot reach it, and
its tests build the section they need without a whole configuration file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from approval import Policy
from config import LibrarySettings, Settings
from config.sections import ColumnSettings, WatchStrategy
from config.teams import TeamsSettings
from integration.language import Language
from jobs.fields import watched_fields
from jobs.policy import configured_groups, configured_people, policy_for

__all__ = [
    "EnforceSettings",
    "NotifySettings",
    "PublishSettings",
    "SyncSettings",
    "enforce_settings",
    "notify_settings",
    "publish_settings",
    "sync_settings",
]


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """The watcher's section: which libraries, how changes are found, which fields are read."""

    libraries: tuple[LibrarySettings, ...]
    strategy: WatchStrategy
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EnforceSettings:
    """The enforcer's section.

    Attributes:
        policies: each library's release policy, by library key.
        groups: every Entra group the configuration names (votes through groups).
        people: every person it names (votes by user principal name).
        own_app_id: the service's application id: its own writes are no person's edit.
    """

    libraries: tuple[LibrarySettings, ...]
    policies: Mapping[str, Policy]
    groups: frozenset[str]
    people: frozenset[str]
    own_app_id: str | None
    columns: ColumnSettings


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """The publish stage's section; ``organisations`` maps a code to its display name."""

    libraries: tuple[LibrarySettings, ...]
    organisations: Mapping[str, str]
    timezone: ZoneInfo
    columns: ColumnSettings
    language: Language


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """The notify stage's section; ``approvers`` maps a code to its approvers' addresses
    (the recipients of mail reminders), ``vote_columns`` to its vote column; the digest
    links ``status_url`` when it is set."""

    libraries: tuple[LibrarySettings, ...]
    organisations: Mapping[str, str]
    approvers: Mapping[str, tuple[str, ...]]
    teams: TeamsSettings
    vote_columns: Mapping[str, str]
    language: Language
    status_url: str | None = None


def _names(settings: Settings) -> dict[str, str]:
    return {org.code: org.name for org in settings.organisations}


def sync_settings(settings: Settings) -> SyncSettings:
    return SyncSettings(
        libraries=settings.libraries,
        strategy=settings.graph.watch_strategy,
        fields=tuple(watched_fields(settings)),
    )


def enforce_settings(settings: Settings) -> EnforceSettings:
    """The enforcer's section; a ``ConfigError`` when a library's policy cannot be built."""
    return EnforceSettings(
        libraries=settings.libraries,
        policies={spec.key: policy_for(settings, spec) for spec in settings.libraries},
        groups=configured_groups(settings),
        people=configured_people(settings),
        own_app_id=settings.credential.client_id,
        columns=settings.columns,
    )


def publish_settings(settings: Settings) -> PublishSettings:
    return PublishSettings(
        libraries=settings.libraries,
        organisations=_names(settings),
        timezone=ZoneInfo(settings.process.timezone),
        columns=settings.columns,
        language=settings.language,
    )


def notify_settings(settings: Settings) -> NotifySettings:
    return NotifySettings(
        libraries=settings.libraries,
        organisations=_names(settings),
        approvers={org.code: tuple(org.approvers) for org in settings.organisations},
        teams=settings.teams,
        vote_columns={code: settings.vote_column(code) for code in settings.org_codes},
        status_url=settings.worker.status.url,
        language=settings.language,
    )

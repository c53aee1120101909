"""The configuration of freigabe: one validated, immutable :class:`Settings` value.

Load it with :func:`load_settings` (a YAML file plus ``FREIGABE_*`` environment overrides);
every invalid input becomes an :class:`integration.errors.ConfigError` listing one problem
per finding. ``config/example.yaml`` documents every field.
"""

from config.clouds import Cloud, CloudEndpoints
from config.credential import CredentialMode, CredentialSettings
from config.dump import dump_settings_yaml
from config.libraries import LibraryRef, LibrarySettings, SiteRef
from config.loader import load_settings
from config.organisations import OrganisationSettings
from config.sections import (
    ColumnSettings,
    GraphSettings,
    LogFormat,
    LogLevel,
    LogSettings,
    WatchStrategy,
    WorkerSettings,
)
from config.settings import Settings

__all__ = [
    "Cloud",
    "CloudEndpoints",
    "ColumnSettings",
    "CredentialMode",
    "CredentialSettings",
    "GraphSettings",
    "LibraryRef",
    "LibrarySettings",
    "LogFormat",
    "LogLevel",
    "LogSettings",
    "OrganisationSettings",
    "Settings",
    "SiteRef",
    "WatchStrategy",
    "WorkerSettings",
    "dump_settings_yaml",
    "load_settings",
]

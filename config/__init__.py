"""The configuration of freigabe: one validated, immutable :class:`Settings` value.

Load it with :func:`load_settings` (a YAML file plus ``FREIGABE_*`` environment overrides);
every invalid input becomes an :class:`integration.errors.ConfigError` listing one problem
per finding. ``config/example.yaml`` documents every field.
"""

# Names are imported on first use: the settings model embeds the sections of adapters
# (Teams, export) whose modules in turn use ``config.base``; importing everything here would
# make the import order between ``config`` and those adapters matter.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.clouds import Cloud, CloudEndpoints
    from config.credential import CredentialMode, CredentialSettings
    from config.dump import dump_settings_yaml
    from config.libraries import LibraryRef, LibrarySettings, SiteRef
    from config.loader import load_settings
    from config.notifications import NotificationSettings
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

_WHERE = {
    "Cloud": "config.clouds",
    "CloudEndpoints": "config.clouds",
    "ColumnSettings": "config.sections",
    "CredentialMode": "config.credential",
    "CredentialSettings": "config.credential",
    "GraphSettings": "config.sections",
    "LibraryRef": "config.libraries",
    "LibrarySettings": "config.libraries",
    "LogFormat": "config.sections",
    "LogLevel": "config.sections",
    "LogSettings": "config.sections",
    "NotificationSettings": "config.notifications",
    "OrganisationSettings": "config.organisations",
    "Settings": "config.settings",
    "SiteRef": "config.libraries",
    "WatchStrategy": "config.sections",
    "WorkerSettings": "config.sections",
    "dump_settings_yaml": "config.dump",
    "load_settings": "config.loader",
}

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
    "NotificationSettings",
    "OrganisationSettings",
    "Settings",
    "SiteRef",
    "WatchStrategy",
    "WorkerSettings",
    "dump_settings_yaml",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'config' has no attribute {name!r}")
    return getattr(import_module(module), name)

"""What the configuration must satisfy beyond its schema, checked the same way by all commands.

``once`` and ``run`` check it when they build the runtime, ``check`` before it asks Graph
anything; so a configuration ``check`` calls ready is one the worker starts with (exit 2 for
both otherwise). The checks: each library's release policy can be built (the steering
group's leadership table names member organisations and gives an activity one lead at a
time), every explicit Teams channel names a webhook, and the export target can be used (a
folder that can be created and written, a Blob connection string that parses).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from config import Settings
from config.export import BlobTargetSettings, ExportSettings, FolderTargetSettings
from integration.errors import ConfigError, Problem
from jobs.policy import policy_for

__all__ = ["Routing", "check_configuration", "configuration_problems", "routing"]


@dataclass(frozen=True, slots=True)
class Routing:
    """Which webhook a library's cards go to (None: none, its events are not posted)."""

    library: str
    webhook: str | None


def routing(settings: Settings) -> list[Routing]:
    """Each library's Teams channel, as the notify stage will choose it."""
    teams = settings.teams
    return [
        Routing(spec.key, teams.channel_for(spec.key, spec.channel)) for spec in settings.libraries
    ]


def _policy_problems(settings: Settings) -> list[Problem]:
    found: list[Problem] = []
    for spec in settings.libraries:
        try:
            policy_for(settings, spec)
        except ConfigError as err:
            found += [p for p in err.problems if p not in found]
    return found


def _channel_problems(settings: Settings) -> list[Problem]:
    known = sorted(settings.teams.webhooks)
    return [
        Problem(
            f"libraries.{index}.channel",
            f"names no webhook in teams.webhooks (configured: {', '.join(known) or 'none'}); "
            "its cards would go elsewhere or nowhere",
        )
        for index, spec in enumerate(settings.libraries)
        if spec.channel is not None and spec.channel not in settings.teams.webhooks
    ]


def _writable_folder(path: Path) -> str | None:
    """Why ``path`` cannot hold the export, or None; creates nothing."""
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            return "no existing folder above it"
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable"
    return None


def _export_problems(export: ExportSettings) -> list[Problem]:
    target = export.target
    if isinstance(target, FolderTargetSettings):
        reason = _writable_folder(target.path)
        if reason is None:
            return []
        return [Problem("export.target.path", f"cannot be the export folder: {reason}")]
    assert isinstance(target, BlobTargetSettings)
    if target.connection_string is None:
        return []
    # imported here: the Azure Storage SDK is a large import a folder export never needs
    from azure.storage.blob.aio import ContainerClient

    try:
        ContainerClient.from_connection_string(
            target.connection_string.get_secret_value(), target.container
        )
    except ValueError:
        # the SDK's message names no secret; it is not repeated, just as the string is not
        return [Problem("export.target.connection_string", "is blank or malformed")]
    return []


def configuration_problems(settings: Settings, export: ExportSettings) -> list[Problem]:
    """Every finding of the checks above; ``export`` as the runtime will use it."""
    return [*_policy_problems(settings), *_channel_problems(settings), *_export_problems(export)]


def check_configuration(settings: Settings, export: ExportSettings) -> None:
    """Raise ``ConfigError`` naming every finding of :func:`configuration_problems`."""
    if problems := configuration_problems(settings, export):
        raise ConfigError(problems)

"""Loading the configuration: a YAML file, overridden by the environment, validated once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from config.credential import CredentialMode
from config.environment import environment_overrides
from config.envnames import AZURE_FEDERATED_TOKEN_FILE, CONFIG_VAR
from config.export import default_export_folder
from config.filesecrets import secrets_in_file
from config.problems import problems_from
from config.schema import holds, section_of
from config.settings import Settings
from config.yamlfile import read_yaml_mapping
from integration.errors import ConfigError, Problem

__all__ = ["load_settings"]


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            merged[key] = _merged(below, value)
        else:
            merged[key] = value
    return merged


def _resolved(data: dict[str, Any], model: type[BaseModel], base: Path) -> dict[str, Any]:
    # Done on the raw mapping because Settings (a BaseSettings) is validated through its own
    # __init__, which passes no validation context; defaults are resolved too.
    resolved = dict(data)
    for name, info in model.model_fields.items():
        value = resolved.get(name, info.default)
        section = section_of(info.annotation)
        if holds(info.annotation, Path) and isinstance(value, str | Path) and str(value):
            resolved[name] = base / value  # an absolute value replaces base
        elif section is not None and isinstance(value, dict):
            resolved[name] = _resolved(value, section, base)
    return resolved


def _export_folder_resolved(data: dict[str, Any], base: Path) -> dict[str, Any]:
    # The export target is a union of sections, which the generic walk above cannot enter.
    export = data.get("export")
    if not isinstance(export, dict) or not isinstance(export.get("target"), dict):
        return data
    target = dict(export["target"])
    if target.get("kind", "folder") != "folder":
        return data
    if isinstance(target.get("path"), str | Path):
        target["path"] = base / target["path"]
    elif "path" not in target and isinstance(data.get("state_path"), Path):
        # A folder target naming only its URL: the export stays with the state, so a
        # container's volume holds both (the configuration file's folder is read-only there).
        target["path"] = default_export_folder(data["state_path"])
    if isinstance(target.get("archive_path"), str | Path):
        target["archive_path"] = base / target["archive_path"]
    return {**data, "export": {**export, "target": target}}


def _with_token_file(data: dict[str, Any], token_file: str | None) -> dict[str, Any]:
    credential = data.get("credential")
    if (
        token_file
        and isinstance(credential, dict)
        and str(credential.get("mode", "")).strip().lower() == CredentialMode.WORKLOAD_IDENTITY
        and credential.get("federated_token_file") is None
    ):
        return {**data, "credential": {**credential, "federated_token_file": token_file}}
    return data


def load_settings(path: Path | None, environ: Mapping[str, str] | None = None) -> Settings:
    """Load, override and validate the configuration.

    Args:
        path: the YAML file; ``None`` means the file named by ``FREIGABE_CONFIG``.
        environ: the environment to read ``FREIGABE_*`` overrides, secret files and
            ``AZURE_FEDERATED_TOKEN_FILE`` from; ``None`` means ``os.environ``.

    Relative paths, from the file or the environment, resolve against the file's folder.

    Raises:
        ConfigError: one :class:`Problem` per finding; messages never contain a secret and
            the error carries no chained exception (whose text might).
    """
    env = os.environ if environ is None else environ
    if path is None:
        named = env.get(CONFIG_VAR)
        if not named:
            raise ConfigError(
                [Problem("", f"no configuration file: pass --config FILE or set {CONFIG_VAR}")]
            )
        path = Path(named)
    file = path.absolute()
    from_file = read_yaml_mapping(file)
    if in_file := secrets_in_file(Settings, from_file):
        raise ConfigError(in_file) from None
    overrides = environment_overrides(Settings, env)
    merged = _merged(from_file, overrides.values)
    both_in_file = (
        from_file.get("state_path") is not None and from_file.get("state_url") is not None
    )
    if not both_in_file and merged.get("state_url") is not None:
        # the image names its state file in FREIGABE_STATE_PATH, a default for containers,
        # and a file may name one that the environment's state_url overrides: the URL wins.
        # Only a file that names both contradicts itself.
        merged.pop("state_path", None)
    if merged.get("state_path") is not None and merged.get("state_url") is not None:
        raise ConfigError(
            [
                Problem(
                    "state_url",
                    "set either state_path (a SQLite file) or state_url (PostgreSQL), not both",
                )
            ]
        )
    data = _resolved(merged, Settings, file.parent)
    data = _export_folder_resolved(data, file.parent)
    data = _with_token_file(data, env.get(AZURE_FEDERATED_TOKEN_FILE))
    try:
        return Settings.model_validate(data)
    except ValidationError as err:
        raise ConfigError(problems_from(err, Settings, overrides.origins)) from None

"""Settings from the environment: ``FREIGABE_*`` variables and container secret files.

``FREIGABE_CREDENTIAL__CLIENT_SECRET=...`` sets ``credential.client_secret``; for every
secret, ``FREIGABE_..._FILE=/run/secrets/x`` reads it from a file instead. The environment
is a mapping handed in, never ``os.environ`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsError

from config.envnames import CONFIG_VAR, ENV_PREFIX, FILE_SUFFIX, NESTED_DELIMITER, env_var
from config.files import read_text, strip_one_newline
from config.problems import suggestion
from config.schema import secret_mappings, secret_paths
from integration.errors import ConfigError, Problem

__all__ = ["Overrides", "environment_overrides"]


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the environment sets.

    Attributes:
        values: nested like the YAML file, ready to be merged over it.
        origins: dotted field path → the variable that set it, for error messages.
    """

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


class _MappingEnvSource(EnvSettingsSource):
    """pydantic-settings' environment source, reading the given mapping, not ``os.environ``."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ  # read by _load_env_vars during super().__init__
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {name.lower(): value for name, value in self._environ.items()}


def _secret_from_file(var: str, base: str, environ: Mapping[str, str]) -> str:
    if any(name.upper() == base for name in environ):
        raise ValueError(f"set either {base} or {var}, not both")
    try:
        return strip_one_newline(read_text(Path(environ[var])))
    except ValueError as err:
        raise ValueError(f"cannot read the secret named by {var}: {err}") from None


def _lookup(values: Mapping[str, Any], parts: list[str]) -> bool:
    node: Any = values
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def environment_overrides(
    settings_cls: type[BaseSettings], environ: Mapping[str, str]
) -> Overrides:
    """The values ``environ`` sets for ``settings_cls``.

    Raises:
        ConfigError: a secret file cannot be read, a secret is set twice, a variable holding
            a list or section is not JSON, or a variable names no setting.
    """
    secrets = {env_var(path): path for path in secret_paths(settings_cls)}
    # a mapping of secrets (teams.webhooks): FREIGABE_TEAMS__WEBHOOKS__<KEY>_FILE is the file
    # holding the secret of <key>, not a key called "<key>_file"
    mapped = {env_var(path) + NESTED_DELIMITER: path for path in secret_mappings(settings_cls)}
    plain: dict[str, str] = {}
    origins: dict[str, str] = {}
    problems: list[Problem] = []
    for var in environ:
        upper = var.upper()
        if not upper.startswith(ENV_PREFIX) or upper == CONFIG_VAR:
            continue
        base = upper.removesuffix(FILE_SUFFIX)
        mapping = next((p for head, p in mapped.items() if base.startswith(head)), None)
        if upper.endswith(FILE_SUFFIX) and mapping is not None:
            key = base[len(env_var(mapping) + NESTED_DELIMITER) :].lower()
            where = ".".join((*mapping, key))
            try:
                plain[base] = _secret_from_file(var, base, environ)
            except ValueError as err:
                problems.append(Problem(where, str(err)))
            origins[where] = var
        elif upper.endswith(FILE_SUFFIX) and base in secrets:
            where = ".".join(secrets[base])
            try:
                plain[base] = _secret_from_file(var, base, environ)
            except ValueError as err:
                problems.append(Problem(where, str(err)))
            origins[where] = var
        else:
            plain[var] = environ[var]
            origins[upper[len(ENV_PREFIX) :].lower().replace(NESTED_DELIMITER, ".")] = var
    if problems:
        raise ConfigError(problems)
    values = _parse(settings_cls, plain)
    unknown = [
        Problem(path, "unknown field" + suggestion(path, list(settings_cls.model_fields)))
        if "." not in path
        else Problem(path, "not a setting")
        for path in origins
        if not _lookup(values, path.split("."))
    ]
    if unknown:
        raise ConfigError(
            [Problem(p.path, f"{p.message} (set by {origins[p.path]})") for p in unknown]
        )
    return Overrides(values, origins)


def _parse(settings_cls: type[BaseSettings], plain: Mapping[str, str]) -> dict[str, Any]:
    # One source per top-level field, so a JSON error can be pinned to its variables.
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in settings_cls.model_fields:
        prefix = env_var((name,))
        group = {
            var: value
            for var, value in plain.items()
            if var.upper() == prefix or var.upper().startswith(prefix + NESTED_DELIMITER)
        }
        if not group:
            continue
        try:
            values.update(_MappingEnvSource(settings_cls, group)())
        except SettingsError:
            names = ", ".join(sorted(group))
            problems.append(Problem(name, f"not valid JSON (set by {names})"))
    if problems:
        raise ConfigError(problems)
    return values

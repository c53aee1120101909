"""Writing a configuration back as YAML, without its secrets."""

from __future__ import annotations

from typing import Any

import yaml

from config.envnames import FILE_SUFFIX, env_var
from config.schema import secret_paths
from config.settings import Settings

__all__ = ["dump_settings_yaml"]


def _without(data: dict[str, Any], path: tuple[str, ...]) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(path[-1], None)


def dump_settings_yaml(settings: Settings) -> str:
    """``settings`` as YAML that :func:`config.load_settings` reads back to an equal value.

    Secrets are left out; a comment at the top names the environment variables that must
    provide the secrets ``settings`` holds. Paths are written as the absolute paths the
    loader resolved, so the copy may live in another folder.
    """
    data = settings.model_dump(mode="json", by_alias=True, exclude_none=True)
    lines = ["# freigabe configuration. Secrets are not stored in this file."]
    for path in secret_paths(Settings):
        _without(data, path)
        holder: Any = settings
        for part in path:
            # a section may be absent, or be the other member of a union (a folder target)
            holder = getattr(holder, part, None)
        if holder is not None:
            var = env_var(path)
            lines.append(f"# {'.'.join(path)}: set {var} or {var}{FILE_SUFFIX}")
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return "\n".join(lines) + "\n" + body

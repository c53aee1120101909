"""Secrets do not belong in the configuration file: they come from the environment or from
``_FILE`` container secrets (README, "Configuration"), where a file copied into a ticket, a
repository or a backup does not take them along.

Two exceptions are no secrets in practice: a static token, which the settings accept only for
a Graph server on loopback (a simulator), and a webhook URL on loopback without a signature
(the demo's simulator sink). A Workflows webhook URL carries its ``sig`` signature: a secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from config.envnames import FILE_SUFFIX, env_var
from config.schema import secret_mappings, secret_paths
from integration.errors import Problem

__all__ = ["secrets_in_file"]

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_NO_SECRET_IN_PRACTICE = {("credential", "static_token")}


def _at(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _simulator_webhook(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.hostname in _LOOPBACK and "sig" not in parse_qs(parts.query)


def _problem(path: tuple[str, ...]) -> Problem:
    var = env_var(path)
    return Problem(
        ".".join(path),
        f"a secret does not belong in the configuration file: set {var} or {var}{FILE_SUFFIX}",
    )


def secrets_in_file(model: Any, data: Mapping[str, Any]) -> list[Problem]:
    """One problem per secret that ``data`` (the YAML file's content) holds; values unread."""
    mappings = set(secret_mappings(model))
    found: list[Problem] = []
    for path in secret_paths(model):
        value = _at(data, path)
        if value is None or path in _NO_SECRET_IN_PRACTICE:
            continue
        if path in mappings and isinstance(value, Mapping):
            found += [
                _problem((*path, str(key)))
                for key, url in value.items()
                if not _simulator_webhook(url)
            ]
        else:
            found.append(_problem(path))
    return found

"""How settings are named in the environment: ``FREIGABE_`` + field path joined by ``__``."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AZURE_FEDERATED_TOKEN_FILE",
    "CONFIG_VAR",
    "ENV_PREFIX",
    "FILE_SUFFIX",
    "NESTED_DELIMITER",
    "env_var",
]

ENV_PREFIX = "FREIGABE_"
NESTED_DELIMITER = "__"
# A secret may instead be read from the file this variable names (container secrets).
FILE_SUFFIX = "_FILE"
CONFIG_VAR = "FREIGABE_CONFIG"
# Set by the AKS workload identity webhook; the default for credential.federated_token_file.
AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE"  # noqa: S105 -- a variable name


def env_var(path: Sequence[str]) -> str:
    """The environment variable that sets the field at ``path``, e.g. ``FREIGABE_LOG__LEVEL``."""
    return ENV_PREFIX + NESTED_DELIMITER.join(path).upper()

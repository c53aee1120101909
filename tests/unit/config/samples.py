"""A valid configuration to start from, and a helper to spoil it one field at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

CLIENT_ID = "0b7e7c5e-1234-4abc-9def-0123456789ab"
GROUP_ID = "6d1f0c2a-8b3e-4f5a-9c7d-1e2f3a4b5c6d"
SITE_ID = f"contoso.sharepoint.com,{GROUP_ID},{CLIENT_ID}"
SECRET = "unit-test-secret-value"  # a fixture value, deliberately not shaped like a real one
ENV = {"FREIGABE_CREDENTIAL__CLIENT_SECRET": SECRET}
DELETE = object()

WriteConfig = Callable[[Mapping[str, Any] | str], Path]


def base_config() -> dict[str, Any]:
    """A small valid configuration; the client secret comes from ``ENV``."""
    return {
        "tenant_id": "contoso.onmicrosoft.com",
        "credential": {"mode": "client_secret", "client_id": CLIENT_ID},
        "libraries": [
            {
                "site": {"hostname": "contoso.sharepoint.com", "path": "/sites/allianz"},
                "library": {"name": "Positionen"},
            },
            {"site": {"id": SITE_ID}, "library": {"name": "Best Practice"}},
        ],
        "organisations": [
            {"code": "DWV", "name": "Deutscher Wasserverband", "approvers": ["anna@dwv.example"]},
            {"code": "BLP", "name": "Bund der Landschaftspflege", "groups": [GROUP_ID]},
        ],
    }


def patched(data: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with each dotted path set to its value (``DELETE``: absent)."""
    result = copy.deepcopy(dict(data))
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = result
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        key: Any = int(last) if isinstance(node, list) else last
        if value is DELETE and isinstance(node, list):
            del node[key]
        elif value is DELETE:
            node.pop(key, None)
        else:
            node[key] = value
    return result

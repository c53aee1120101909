"""The benchmark's tenant: one site with equal libraries of generated files, and its config.

Self-contained on purpose: the benchmark must not depend on the test suite's fixtures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "AUTHOR",
    "HOSTNAME",
    "LIBRARIES",
    "SITES",
    "SITE_PATH",
    "TOKEN",
    "config",
    "file_name",
    "library_name",
    "scenario",
]

LIBRARIES = 5
SITES = 1  # every library lives in the one site below
HOSTNAME = "allianz.sharepoint.com"
SITE_PATH = "/sites/allianz"
# The simulator's own grant, valid nowhere else.
TOKEN = "bench-static-token"  # noqa: S105 - a simulator token, not a secret
AUTHOR = "clara.neumann@allianz.example"
_APPROVERS = {
    "DWV": "anna.berger@dwv.example",
    "BLP": "miriam.schulte@blp.example",
    "SPV": "lena.hoffmann@spv.example",
    "KIV": "sabine.krueger@kiv.example",
}
_VOTES = ["Zustimmung", "Ablehnung", "Enthaltung"]
_COLUMNS: list[dict[str, Any]] = [
    {
        "name": "FreigabeStatus",
        "type": "choice",
        "choices": ["Entwurf", "Zur Abstimmung", "Freigegeben", "Abgelehnt", "Zurückgezogen"],
    },
    {"name": "Federfuehrung", "type": "choice", "choices": list(_APPROVERS)},
    *({"name": f"Votum_{org}", "type": "choice", "choices": _VOTES} for org in _APPROVERS),
    {"name": "AbstimmungFassung", "type": "text"},
    {"name": "AbstimmungFrist", "type": "dateTime"},
    {"name": "OeffentlicherLink", "type": "hyperlink"},
    {"name": "FreigabeProtokoll", "type": "note"},
    {"name": "Dokumenttyp", "type": "text"},
    {"name": "Aktivitaet", "type": "text"},
    {"name": "Zusammenfassung", "type": "note"},
]


def library_name(index: int) -> str:
    """The display name of library ``index`` (0-based)."""
    return f"Bibliothek {index}"


def file_name(number: int) -> str:
    """The name the simulator gives the ``number``-th generated file (1-based)."""
    return f"Dokument {number:06d}.docx"


def scenario(per_library: int, *, libraries: int = LIBRARIES) -> dict[str, Any]:
    """A simulator scenario: ``libraries`` libraries of ``per_library`` generated drafts each."""
    libs = [
        {
            "name": library_name(n),
            "columns": _COLUMNS,
            "generate": {
                "count": per_library,
                "size": 2048,
                "by": AUTHOR,
                "fields": {"FreigabeStatus": "Entwurf", "Federfuehrung": "DWV"},
            },
        }
        for n in range(libraries)
    ]
    users = [{"upn": AUTHOR, "display_name": "Clara Neumann"}] + [
        {"upn": upn, "display_name": upn.split("@")[0]} for upn in _APPROVERS.values()
    ]
    return {
        "tenant": {"hostname": HOSTNAME, "seed": "bench"},
        "tokens": {TOKEN: {"roles": ["Sites.ReadWrite.All"], "app_name": "freigabe"}},
        "users": users,
        "sites": [{"path": SITE_PATH, "display_name": "Allianz", "libraries": libs}],
    }


def config(base_url: str, state_path: Path, *, libraries: int = LIBRARIES) -> dict[str, Any]:
    """A freigabe configuration for the :func:`scenario` tenant served at ``base_url``."""
    return {
        "credential": {"mode": "static_token", "static_token": TOKEN},
        "graph": {"base_url": base_url, "timeout_seconds": 60},
        "libraries": [
            {
                "key": f"lib{n}",
                "site": {"hostname": HOSTNAME, "path": SITE_PATH},
                "library": {"name": library_name(n)},
            }
            for n in range(libraries)
        ],
        "organisations": [
            {"code": org, "name": f"Verband {org}", "approvers": [upn]}
            for org, upn in _APPROVERS.items()
        ],
        "process": {"steering_group": {"approvers": [AUTHOR]}},
        "state_path": str(state_path),
        "log": {"format": "json", "level": "warning"},
    }

"""Scenarios and configurations shared by the adapter and end-to-end tests."""

from __future__ import annotations

import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from freigabe_devtools.graphsim.permissions import mint_jwt

TOKEN = "tok-7Hq2xV9mPz4LwK8sR3nB"  # a distinctive test secret: must never reach a log line
CLIENT_SECRET = "cs~Q8vR2mXw7LpZ4nT6yB1kJ"  # the client secret of client_secret tests
APP_ID = "3c7e1f2a-9b4d-4e8f-a6c5-1d2e3f4a5b6c"  # freigabe's app registration in JWT tests
TENANT_ID = "8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d"
# Every secret a test hands the service; tests/conftest.py fails the run if any shows up in
# captured output (and any JWT signed with one, see jwt_token). Other modules' fixture secrets
# are listed too, so one search covers all.
SECRETS: frozenset[str] = frozenset(
    {
        TOKEN,
        CLIENT_SECRET,
        "S3cr3tSig",  # webhook signature, tests/unit/teams
        "sig=geheim",  # SAS signature, export tests
        "unit-test-secret-value",  # tests/unit/config
        "unit-test-static-token",
    }
)


def jwt_token(roles: list[str]) -> str:
    """The JWT a ``jwt: true`` scenario entry for ``TOKEN`` registers (see :func:`scenario`)."""
    return mint_jwt(TOKEN, roles=roles, app_id=APP_ID, tenant_id=TENANT_ID)


def jwt_scenario(data: dict[str, Any], roles: list[str], grants: list[Any]) -> dict[str, Any]:
    """``data`` with one JWT token (:func:`jwt_token` of ``roles``) and grants on its first site."""
    data["tenant"]["id"] = TENANT_ID
    data["tokens"] = {
        TOKEN: {
            "roles": roles,
            "app_id": APP_ID,
            "app_name": "freigabe",
            "jwt": True,
        }
    }
    data["sites"][0]["grants"] = grants
    return data


ORGS = ("DWV", "BLP", "SPV", "KIV")
UPNS = {
    "DWV": "anna.berger@dwv.example",
    "BLP": "miriam.schulte@blp.example",
    "SPV": "lena.hoffmann@spv.example",
    "KIV": "sabine.krueger@kiv.example",
}
AUTHOR = "clara.neumann@allianz.example"
GUEST = "tobias.wagner_blp.example#EXT#@allianz.onmicrosoft.com"  # a BLP approver, guest
GROUP_SPV = "5b0c1d2e-3f40-4a51-8b62-7c8d9e0f1a2b"  # SPV votes through an Entra group
STEERING = "petra.lange@allianz.example"
OUTSIDER = "max.muster@allianz.example"  # in the tenant, approver of nobody
COMPLETE = {
    "Dokumenttyp": "Positionspapier",
    "Aktivitaet": "AG Schwammstadt",
    "Zusammenfassung": "Kurzfassung für die öffentliche Übersicht.",
}

COLUMNS: list[dict[str, Any]] = [
    {
        "name": "FreigabeStatus",
        "type": "choice",
        "choices": ["Entwurf", "Zur Abstimmung", "Freigegeben", "Abgelehnt", "Zurückgezogen"],
    },
    {"name": "Federfuehrung", "type": "choice", "choices": list(ORGS)},
    *(
        {
            "name": f"Votum_{o}",
            "type": "choice",
            "choices": ["Zustimmung", "Ablehnung", "Enthaltung"],
        }
        for o in ORGS
    ),
    {"name": "AbstimmungFassung", "type": "text"},
    {"name": "AbstimmungFrist", "type": "dateTime"},
    {"name": "OeffentlicherLink", "type": "text"},
    {"name": "FreigabeProtokoll", "type": "note"},
    {"name": "Dokumenttyp", "type": "text"},
    {"name": "Aktivitaet", "type": "text"},
    {"name": "Zusammenfassung", "type": "note"},
]


def scenario(
    *, documents: int = 3, generated: int = 0, libraries: int = 1, columns: bool = True
) -> dict[str, Any]:
    """A small alliance tenant: one site, ``libraries`` libraries of German documents."""
    libs = []
    for n in range(libraries):
        docs = [
            {
                "name": f"Dokument {i:02d}.docx",
                "by": AUTHOR,
                "content": f"Inhalt {n}/{i}\n",
                "fields": {
                    "Title": f"Dokument {i}",
                    "FreigabeStatus": "Entwurf",
                    "Federfuehrung": ORGS[i % 4],
                },
            }
            for i in range(documents)
        ]
        lib: dict[str, Any] = {
            "name": f"Bibliothek {n}",
            "columns": COLUMNS if columns else [],
            "documents": docs if columns else [],
        }
        if generated:
            lib["generate"] = {"count": generated, "by": AUTHOR}
        libs.append(lib)
    return {
        "tenant": {"hostname": "allianz.sharepoint.com", "seed": "tests"},
        "tokens": {
            TOKEN: {
                "roles": [
                    "Sites.ReadWrite.All",
                    "Sites.Manage.All",
                    "User.ReadBasic.All",
                    "GroupMember.ReadBasic.All",
                ],
                "app_name": "freigabe",
            }
        },
        "users": [{"upn": AUTHOR, "display_name": "Clara Neumann"}]
        + [{"upn": u, "display_name": u.split("@")[0]} for u in UPNS.values()]
        + [
            {"upn": GUEST, "display_name": "Tobias Wagner (BLP)"},
            {"upn": STEERING, "display_name": "Petra Lange"},
            {"upn": OUTSIDER, "display_name": "Max Muster"},
        ],
        "groups": [{"id": GROUP_SPV, "display_name": "SPV Freigabe", "members": [UPNS["SPV"]]}],
        "sites": [{"path": "/sites/allianz", "display_name": "Allianz", "libraries": libs}],
    }


def config(base_url: str, state_path: Path, *, libraries: int = 1, **graph: Any) -> dict[str, Any]:
    """A configuration for the :func:`scenario` tenant served at ``base_url``."""
    return {
        "credential": {"mode": "static_token", "static_token": TOKEN},
        "graph": {"base_url": base_url, "timeout_seconds": 10, **graph},
        "libraries": [
            {
                "key": f"lib{n}",
                "site": {"hostname": "allianz.sharepoint.com", "path": "/sites/allianz"},
                "library": {"name": f"Bibliothek {n}"},
            }
            for n in range(libraries)
        ],
        "organisations": [
            {"code": "DWV", "name": "Verband DWV", "approvers": [UPNS["DWV"]]},
            {"code": "BLP", "name": "Verband BLP", "approvers": [UPNS["BLP"], GUEST]},
            {"code": "SPV", "name": "Verband SPV", "groups": [GROUP_SPV]},
            {"code": "KIV", "name": "Verband KIV", "approvers": [UPNS["KIV"]]},
        ],
        "process": {"steering_group": {"approvers": [STEERING]}},
        "state_path": str(state_path),
        "log": {"format": "json", "level": "debug"},
    }


def locked_pins(lock: Path) -> dict[str, str]:
    """Version by normalised name of each pin in a lock file whose marker holds here."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #":
            continue
        requirement = Requirement(line.removesuffix("\\").strip())
        if requirement.marker is None or requirement.marker.evaluate():
            (pin,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = pin.version
    return pins


def write_config(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class Clock:
    """A clock tests move by hand; the simulator and the service share it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def wait_for_port(port: int, process: subprocess.Popen[Any], *, what: str, timeout: float) -> None:
    """Return once ``process`` (named ``what`` in failures) listens on loopback ``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode} before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{what} did not listen on port {port} within {timeout} s")

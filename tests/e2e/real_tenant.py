"""A simulator answering as SharePoint Online does, and the CLI pointed at it, for the
end-to-end tests of the real-tenant behaviours (``test_real_tenant*.py``)."""

from __future__ import annotations

import base64
import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests import support
from tests.e2e.conftest import SimProcess, run_cli

DOCX = "Positionspapier.docx"
GUEST_MAIL = "t.wagner@blp-verband.example"  # differs from the address in the guest's UPN
VOTES = {
    "DWV": support.UPNS["DWV"],
    "BLP": support.GUEST,
    "SPV": support.UPNS["SPV"],  # votes as a member of the SPV group
    "KIV": support.UPNS["KIV"],
}


def docx_bytes(text: str) -> bytes:
    """A minimal Office Open XML package (what SharePoint rewrites on download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def real_scenario(roles: list[str]) -> dict[str, Any]:
    """The test alliance with a .docx, a guest whose mail is not in their UPN, ``roles`` for
    freigabe's app registration, and a second application ("fremd")."""
    data = support.scenario(documents=2)
    data["tokens"][support.TOKEN].update(roles=roles, app_id=support.APP_ID)
    data["tokens"]["fremd-token"] = {"roles": ["Sites.ReadWrite.All"], "app_name": "fremd"}
    for user in data["users"]:
        if user["upn"] == support.GUEST:
            user["mail"] = GUEST_MAIL
    docs = data["sites"][0]["libraries"][0]["documents"]
    docs.append(
        {
            "name": DOCX,
            "by": support.AUTHOR,
            "content_base64": base64.b64encode(docx_bytes("Schwammstadt")).decode(),
            "fields": {
                "Title": "Positionspapier",
                "FreigabeStatus": "Entwurf",
                "Federfuehrung": "DWV",
            },
        }
    )
    return data


FULL_ROLES = ["Sites.ReadWrite.All", "User.ReadBasic.All", "GroupMember.ReadBasic.All"]


class World:
    """A simulator process and a configuration pointing at it."""

    def __init__(self, sim: SimProcess, config: Path, state: Path) -> None:
        self.sim = sim
        self.config = config
        self.state = state

    def once(self) -> str:
        result = run_cli("--config", str(self.config), "once")
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def edit(self, name: str, fields: dict[str, Any], by: str) -> None:
        self.sim.set_fields(name, fields, by=by)

    def item(self, name: str) -> dict[str, Any]:
        query = urlencode({"library": "Bibliothek 0", "name": name})
        found: dict[str, Any] = self.sim.control("GET", f"/_sim/items?{query}")["value"][0]
        return found

    def downloads(self) -> int:
        stats = self.sim.control("GET", "/_sim/stats")
        return int(stats["round_trips"].get("GET /_sim/download/{token}", 0))

    def audit_kinds(self) -> list[str]:
        with sqlite3.connect(self.state) as conn:
            return [kind for (kind,) in conn.execute("SELECT kind FROM audit ORDER BY seq")]

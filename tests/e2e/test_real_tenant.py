"""The release process end to end against a simulator answering as SharePoint Online does.

The simulator runs in its default mode: people named by object id and mail (not UPN), app-only
writes as "SharePoint App", group members with ids only unless the app may read users,
hyperlink columns that cannot be written, Office files served with properties written in,
files without a listed hash until downloaded, 423 while a document is locked, paged version
histories, and throttling in storms.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import url2pathname

import pytest

from tests import support
from tests.e2e.conftest import SimProcess, run_cli, serve_scenario

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


@pytest.fixture
def world_factory(tmp_path: Path) -> Iterator[Any]:
    opened: list[Any] = []

    def make(roles: list[str]) -> World:
        context = serve_scenario(tmp_path, real_scenario(roles))
        sim = context.__enter__()
        opened.append(context)
        state = tmp_path / "state.sqlite"
        data = support.config(sim.base_url, state)
        data["credential"]["client_id"] = support.APP_ID
        config = support.write_config(tmp_path / "c.yaml", data)
        return World(sim, config, state)

    yield make
    for context in opened:
        context.__exit__(None, None, None)


def submit_and_vote(world: World, name: str, votes: dict[str, str]) -> str:
    """Submit ``name``, open its round, cast ``votes``; the output of the deciding cycle."""
    world.once()
    world.edit(name, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, support.AUTHOR)
    opened = world.once()
    assert "Runde 1 eröffnet" in opened, opened
    for org, upn in votes.items():
        world.edit(name, {f"Votum_{org}": "Zustimmung"}, upn)
    return world.once()


def test_a_release_as_sharepoint_online_answers_it(world_factory: Any) -> None:
    """Guest with another mail, group member and a vote deep in a paged history all count;
    the hashless .docx is released, published once with SharePoint's bytes, its public link
    set in a text column; the service's own writes are never reverted or reported."""
    world = world_factory(FULL_ROLES)
    world.once()
    world.edit(DOCX, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, support.AUTHOR)
    opened = world.once()
    assert "Runde 1 eröffnet" in opened, opened
    fassung = world.item(DOCX)["fields"]["AbstimmungFassung"]
    assert world.item(DOCX)["quickXorHash"] in fassung  # bound to the stored content's hash
    for org, upn in VOTES.items():
        world.edit(DOCX, {f"Votum_{org}": "Zustimmung"}, upn)
    # eleven edits after the last vote: its author is on the second page of the history
    for n in range(11):
        world.edit(DOCX, {"Title": f"Positionspapier ({n})"}, support.AUTHOR)
    decided = world.once()
    assert "Freigegeben" in decided, decided
    assert "zurückgesetzt" not in decided
    assert "veröffentlicht unter" in decided
    fields = world.item(DOCX)["fields"]
    assert fields["FreigabeStatus"] == "Freigegeben"
    export = world.state.parent / "export"
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    (doc,) = manifest["documents"]
    assert fields["OeffentlicherLink"] == doc["urls"]["stable"]
    data = Path(url2pathname(urlsplit(doc["urls"]["stable"]).path)).read_bytes()
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert data != docx_bytes("Schwammstadt")  # SharePoint's rendering, properties written in
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()  # still an Office package
    assert doc["verified_by"] == "listed"
    downloads = world.downloads()
    again = world.once() + world.once()
    assert "veröffentlicht" not in again
    assert "zurückgesetzt" not in again
    assert world.downloads() == downloads
    assert not any("reverted" in kind for kind in world.audit_kinds())
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Hängende Dokumente: keine" in status


def test_group_member_votes_with_only_the_group_permission(world_factory: Any) -> None:
    """Without any user permission, group members come with ids only: the SPV member's vote
    still counts, and the others are recognised by their mail."""
    world = world_factory(["Sites.ReadWrite.All", "GroupMember.ReadBasic.All"])
    votes = {org: upn for org, upn in VOTES.items() if org != "BLP"}
    votes["BLP"] = support.UPNS["BLP"]
    decided = submit_and_vote(world, "Dokument 00.docx", votes)
    assert "Votum SPV: Zustimmung" in decided, decided
    assert "zurückgesetzt" not in decided
    assert world.item("Dokument 00.docx")["fields"]["FreigabeStatus"] == "Freigegeben"


@pytest.mark.parametrize("shape", ["user_only", "sharepoint_app"])
def test_own_values_are_recognised_after_an_older_state_is_restored(
    world_factory: Any, shape: str
) -> None:
    """Restore a state file from before the release: SharePoint's "SharePoint App" versions
    (with or without the application part) are the service's own values, not reverted."""
    world = world_factory(FULL_ROLES)
    world.sim.control("POST", "/_sim/quirks", {"app_identity": shape})
    name = "Dokument 01.docx"
    world.once()
    world.edit(name, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, support.AUTHOR)
    assert "Runde 1 eröffnet" in world.once()
    backup = world.state.read_bytes()
    for org, upn in VOTES.items():
        world.edit(name, {f"Votum_{org}": "Zustimmung"}, upn)
    assert "Freigegeben" in world.once()
    world.state.write_bytes(backup)
    restored = world.once()
    assert "zurückgesetzt" not in restored, restored
    fields = world.item(name)["fields"]
    assert fields["FreigabeStatus"] == "Freigegeben"
    assert fields["OeffentlicherLink"]


def test_another_apps_status_change_is_refused(world_factory: Any) -> None:
    """Only freigabe's own application sets "Freigegeben": another app's write is reverted."""
    world = world_factory(FULL_ROLES)
    world.once()
    world.edit("Dokument 00.docx", {"FreigabeStatus": "Freigegeben"}, "app:fremd")
    out = world.once()
    assert "Änderung an FreigabeStatus" in out, out
    assert world.item("Dokument 00.docx")["fields"]["FreigabeStatus"] == "Entwurf"


def test_a_locked_document_holds_up_only_itself(world_factory: Any) -> None:
    """A document open in Office answers 423: the cycle goes on with the others, exits 0,
    and shows it in status; once it is closed the next cycle catches up."""
    world = world_factory(FULL_ROLES)
    world.once()
    submitted = {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}
    world.edit("Dokument 00.docx", submitted, support.AUTHOR)
    world.edit("Dokument 01.docx", submitted, support.AUTHOR)
    lock = {"action": "lock", "library": "Bibliothek 0", "name": "Dokument 00.docx"}
    world.sim.control("POST", "/_sim/actions", {**lock, "by": support.AUTHOR})
    held = world.once()
    assert re.search(r"Dokument 01\.docx: .*Runde 1 eröffnet", held), held
    assert "Dokument 00.docx: Graph antwortete 423" in held
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Hängende Dokumente (werden in jedem Zyklus erneut versucht)" in status
    assert any("Dokument 00.docx" in line and "423" in line for line in status.splitlines())
    world.sim.control("POST", "/_sim/actions", {**lock, "action": "unlock"})
    caught_up = world.once()
    assert re.search(r"Dokument 00\.docx: .*Runde 1 eröffnet", caught_up), caught_up
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Hängende Dokumente: keine" in status


def test_a_throttling_storm_is_ridden_out(world_factory: Any) -> None:
    """8 consecutive 429s and 3 503s on delta and 4 throttled batch entries (Retry-After 1):
    the cycle waits them out and exits 0."""
    world = world_factory(FULL_ROLES)
    faults = [
        {"kind": "status", "status": 429, "retry_after": 1, "endpoint": "*/delta", "count": 8},
        {"kind": "status", "status": 503, "retry_after": 1, "endpoint": "*/delta", "count": 3},
        {
            "kind": "status",
            "status": 429,
            "retry_after": 1,
            "endpoint": "GET /sites/{id}/lists/{id}/items/{id}",
            "inner": True,
            "count": 4,
        },
    ]
    for rule in faults:
        world.sim.control("POST", "/_sim/faults", rule)
    out = world.once()
    assert "3 neue Ereignisse" in out, out
    assert world.sim.control("GET", "/_sim/faults")["value"] == []

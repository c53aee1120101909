"""The release process end to end against a simulator answering as SharePoint Online does.

The simulator runs in its default mode: people named by object id and mail (not UPN), app-only
writes as "SharePoint App", group members with ids only unless the app may read users,
hyperlink columns that cannot be written, Office files served with properties written in,
files without a listed hash until downloaded, 423 while a document is locked, paged version
histories, and throttling in storms.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from tests import support
from tests.e2e.conftest import run_cli
from tests.e2e.real_tenant import DOCX, FULL_ROLES, VOTES, World, docx_bytes


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


def test_own_values_are_recognised_after_an_older_state_is_restored(world_factory: Any) -> None:
    """Restore a state file from before two releases: SharePoint's "SharePoint App" versions,
    with the application part (one document) and without it (the other), are the service's
    own values, not reverted."""
    world = world_factory(FULL_ROLES)
    shapes = {"Dokument 00.docx": "sharepoint_app", "Dokument 01.docx": "user_only"}
    world.once()
    for name in shapes:
        world.edit(name, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, support.AUTHOR)
    assert world.once().count("Runde 1 eröffnet") == 2
    backup = world.state.read_bytes()
    for name, shape in shapes.items():
        # the quirk names the author of the service's versions written from here on
        world.sim.control("POST", "/_sim/quirks", {"app_identity": shape})
        for org, upn in VOTES.items():
            world.edit(name, {f"Votum_{org}": "Zustimmung"}, upn)
        assert "Freigegeben" in world.once()
    world.state.write_bytes(backup)
    restored = world.once()
    assert "zurückgesetzt" not in restored, restored
    for name in shapes:
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


def test_a_lost_state_file_does_not_empty_the_export(world_factory: Any) -> None:
    """Two releases, then the state file is gone: the next cycle adopts what the export and
    SharePoint agree on; both stay public, the feed keeps its entries, status says so."""
    world = world_factory(FULL_ROLES)
    names = ("Dokument 00.docx", "Dokument 01.docx")
    world.once()
    for name in names:
        world.edit(name, {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}, support.AUTHOR)
    world.once()
    for name in names:
        for org, upn in VOTES.items():
            world.edit(name, {f"Votum_{org}": "Zustimmung"}, upn)
    assert world.once().count("veröffentlicht unter") == 2
    export = world.state.parent / "export"
    manifest_before = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    feed_before = (export / "feed.xml").read_text(encoding="utf-8")
    files_before = sorted(p.relative_to(export) for p in export.rglob("*") if p.is_file())
    for path in world.state.parent.glob("state.sqlite*"):
        path.unlink()
    out = world.once()
    assert "übernommen" in out, out
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    ids = sorted(d["id"] for d in manifest["documents"])
    assert ids == sorted(d["id"] for d in manifest_before["documents"])
    assert [d["sha256"] for d in manifest["documents"]] == [
        d["sha256"] for d in manifest_before["documents"]
    ]
    assert sorted(p.relative_to(export) for p in export.rglob("*") if p.is_file()) == files_before
    feed = (export / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == feed_before.count("<entry>") == 2
    status = run_cli("--config", str(world.config), "status").stdout
    assert "Aus dem vorhandenen Export übernommen: 2 Dokumente" in status, status
    again = world.once()
    assert "zurückgesetzt" not in again
    assert "veröffentlicht" not in again

"""The stages on fakes of their ports: SharePoint in memory, the ledger in memory, the state
store in a temporary directory. No simulator, nothing patched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from integration.state import StateStore
from ports.directory import DirectoryUser, GroupMembers
from tests import support
from tests.fake_ledger import RecordingLedger
from tests.fake_sharepoint import FakeDocument, FakeSharePoint

DOC = "Bericht.txt"
CONTENT = b"Inhalt des Berichts\n"
WEBHOOK = "https://hooks.example/kanal"


def _user(upn: str) -> DirectoryUser:
    return DirectoryUser(f"oid-{upn.split('@')[0]}", upn, upn)


@pytest.fixture
def clock() -> support.Clock:
    return support.Clock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # the fake stands in for Graph: nothing is sent to the configured root
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    path = support.write_config(tmp_path / "freigabe.yaml", data)
    return load_settings(path, environ={"FREIGABE_TEAMS__WEBHOOKS__DEFAULT": WEBHOOK})


@pytest.fixture
def sharepoint(clock: support.Clock) -> FakeSharePoint:
    people = [*support.UPNS.values(), support.GUEST, support.AUTHOR, support.OUTSIDER]
    users = {upn: _user(upn) for upn in people}
    spv = GroupMembers(frozenset({users[support.UPNS["SPV"]].id}))
    return FakeSharePoint(clock, users=users, groups={support.GROUP_SPV: spv})


@pytest.fixture
def document(sharepoint: FakeSharePoint) -> FakeDocument:
    fields = {"FreigabeStatus": "Entwurf", "Federfuehrung": "DWV"}
    return sharepoint.add(DOC, CONTENT, fields, by=support.AUTHOR)


@pytest.fixture
def store(settings: Settings) -> Iterator[StateStore]:
    with StateStore.open(settings.state_path) as opened:
        yield opened


@pytest.fixture
def ledger() -> RecordingLedger:
    return RecordingLedger()

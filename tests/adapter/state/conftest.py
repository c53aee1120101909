"""Fixtures for the state store tests: a store on SQLite and on PostgreSQL, and sample values.

``store`` runs each test that asks for it on both: a file in tmp_path and a database of its
own on the test server (``tests.postgres``). ``sqlite_store`` is for what only the file has
(its locks, damaged files, read-only opening, tampering through a raw connection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from approval import Choice, RuleKind, Silence, Tally, VotedVersion
from approval.documents import DocumentSnapshot, FieldValue
from integration.state import StateStore
from ports.ledger import Release, ReleaseRule, ReleaseVote
from ports.libraries import ResolvedLibrary

LIBRARY = "vorstand"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class StepClock:
    """A clock that advances one second on every reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def library(key: str = LIBRARY) -> ResolvedLibrary:
    return ResolvedLibrary(
        key=key,
        site_id=f"contoso.sharepoint.com,{key}-site,web",
        list_id=f"{key}-list",
        drive_id=f"b!{key}-drive",
        web_url=f"https://contoso.sharepoint.com/sites/{key}/Dokumente",
        display_name=f"Dokumente {key}",
        config_fingerprint="fp-1",
    )


def snap(
    item_id: str,
    etag: str = "e1",
    *,
    key: str = LIBRARY,
    fields: dict[str, FieldValue] | None = None,
) -> DocumentSnapshot:
    return DocumentSnapshot(
        library=key,
        item_id=item_id,
        list_item_id=f"li-{item_id}",
        name=f"{item_id}.docx",
        etag=etag,
        content_hash=f"hash-{etag}",
        size=1024,
        modified_at=START,
        modified_by="Erika Mustermann",
        web_url=f"https://contoso.sharepoint.com/sites/x/{item_id}.docx",
        version="1.0",
        fields=fields if fields is not None else {"Status": "Entwurf"},
    )


def release(document: str, at: datetime = START, *, round_number: int = 1) -> Release:
    """A release of ``document`` as enforcement records one: every field filled in."""
    return Release(
        document_id=document,
        library=LIBRARY,
        name=f"{document}.docx",
        title=f"Titel {document}",
        summary="Worum es geht",
        document_type="Leitfaden",
        web_url=f"https://contoso.sharepoint.com/sites/x/{document}.docx",
        version=VotedVersion("2.0", f"hash-{document}"),
        round=round_number,
        lead_org="DWV",
        released_at=at,
        rule=ReleaseRule(
            RuleKind.QUORUM, veto=False, silence=Silence.ABSTAIN, quorum=Fraction(2, 3)
        ),
        votes={
            "DWV": ReleaseVote(Choice.APPROVE, "anna@dwv.example", at - timedelta(hours=2)),
            "KIV": ReleaseVote(Choice.ABSTAIN, "kai@kiv.example", at - timedelta(hours=1)),
            "SPV": None,
        },
        tally=Tally(("DWV",), (), ("KIV",), ("SPV",), Choice.ABSTAIN),
    )


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "freigabe.sqlite"


@pytest.fixture(params=["sqlite", "postgres"])
def open_state(request: pytest.FixtureRequest, state_path: Path) -> Callable[[], StateStore]:
    """Opens the state of this test (again); each call a new store with a fresh clock."""
    if request.param == "sqlite":
        return lambda: StateStore.open(state_path, clock=StepClock())
    url: str = request.getfixturevalue("postgres_state_url")
    return lambda: StateStore.open_url(url, clock=StepClock())


@pytest.fixture
def store(open_state: Callable[[], StateStore]) -> Iterator[StateStore]:
    with open_state() as opened:
        opened.save_library(library())
        yield opened


@pytest.fixture
def sqlite_store(state_path: Path) -> Iterator[StateStore]:
    with StateStore.open(state_path, clock=StepClock()) as opened:
        opened.save_library(library())
        yield opened

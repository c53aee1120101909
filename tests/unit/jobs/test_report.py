"""The terminal's lines for what a cycle saw: nothing claimed that Graph did not say."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from approval.documents import DocumentAdded, DocumentChanged, DocumentSnapshot
from jobs.report import describe

BEFORE = DocumentSnapshot(
    library="lib0",
    item_id="i1",
    list_item_id="1",
    name="Papier.docx",
    etag="e1",
    content_hash="AAA=",
    size=10,
    modified_at=datetime(2026, 12, 1, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("after_hash", "detail"),
    [
        ("BBB=", "Inhalt geändert; Felder: Title"),
        (None, "Inhalt ungeprüft (noch ohne Hash); Felder: Title"),
        ("AAA=", "Felder: Title"),
    ],
)
def test_a_change_says_what_is_known_of_the_content(after_hash: str | None, detail: str) -> None:
    """A new hash is a content change; a missing one (before a first download) is unknown."""
    after = replace(BEFORE, etag="e2", content_hash=after_hash)
    event = DocumentChanged(BEFORE, after, after_hash != "AAA=", ("Title",))
    assert describe(event, status_column="FreigabeStatus") == ("geändert", "Papier.docx", detail)


def test_a_new_document_shows_the_status_of_the_configured_column() -> None:
    """The status comes from the column the configuration names, not from a default name."""
    added = replace(BEFORE, version="1.0", fields={"Status": "Entwurf", "FreigabeStatus": "alt"})
    assert describe(DocumentAdded(added), status_column="Status") == (
        "neu",
        "Papier.docx",
        "Version 1.0, Entwurf",
    )

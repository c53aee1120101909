"""The German column values and their parsing."""

from __future__ import annotations

import unicodedata

import pytest

from approval import Choice, Status, parse_choice, parse_status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Entwurf", Status.DRAFT),
        ("Zur Abstimmung", Status.VOTING),
        (" zur abstimmung ", Status.VOTING),
        ("Freigegeben", Status.RELEASED),
        ("Abgelehnt", Status.REJECTED),
        ("Zurückgezogen", Status.WITHDRAWN),
        (unicodedata.normalize("NFD", "Zurückgezogen"), Status.WITHDRAWN),
        ("Fertig", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_status(text: str | None, expected: Status | None) -> None:
    """Status values parse regardless of case, blanks and umlaut encoding; others give None."""
    assert parse_status(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zustimmung", Choice.APPROVE),
        ("Ablehnung", Choice.REJECT),
        ("ENTHALTUNG", Choice.ABSTAIN),
        ("Ja", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_choice(text: str | None, expected: Choice | None) -> None:
    """Vote values parse case-insensitively; anything else is no choice."""
    assert parse_choice(text) is expected

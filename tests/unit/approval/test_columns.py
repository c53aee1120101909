"""Column names and the structured column values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from approval import Columns, format_instant, is_blank, parse_instant


def test_vote_column_uses_the_prefix() -> None:
    """An organisation's vote column is the prefix followed by its code."""
    assert Columns(vote_prefix="Stimme_").vote("VBA") == "Stimme_VBA"


def test_service_only_columns() -> None:
    """Version under vote, public link and protocol are the service's alone."""
    assert Columns().service_only == ("AbstimmungFassung", "OeffentlicherLink", "FreigabeProtokoll")


@pytest.mark.parametrize(
    ("fields", "blank"),
    [({}, True), ({"X": None}, True), ({"X": " \n"}, True), ({"X": "a"}, False)],
)
def test_is_blank(fields: dict[str, str | None], blank: bool) -> None:
    """Absent, empty and whitespace-only values are blank."""
    assert is_blank(fields, "X") is blank


def test_instant_round_trip() -> None:
    """A formatted instant parses back to the same instant, in UTC."""
    at = datetime(2026, 3, 16, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert format_instant(at) == "2026-03-16T09:30:00Z"
    assert parse_instant(format_instant(at)) == at


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-16T09:30:00Z", datetime(2026, 3, 16, 9, 30, tzinfo=UTC)),
        ("2026-03-16T09:30:00", datetime(2026, 3, 16, 9, 30, tzinfo=UTC)),
        ("2026-03-16", datetime(2026, 3, 16, tzinfo=UTC)),
        ("16.03.2026", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_instant(text: str | None, expected: datetime | None) -> None:
    """ISO 8601 parses (naive as UTC); anything else is None."""
    assert parse_instant(text) == expected

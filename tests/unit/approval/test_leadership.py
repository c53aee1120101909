"""The steering group's leadership table and the check of a submission's lead."""

from __future__ import annotations

from datetime import date

import pytest

from approval import (
    Contradiction,
    LeadAssignment,
    LeadCheck,
    LeadConfirmed,
    LeadContradiction,
    LeadershipTable,
    LeadFilledIn,
    LeadMissing,
)

ORGS = ("VBA", "VBB", "VBC")
TABLE = LeadershipTable(
    (
        LeadAssignment("Verkehr", "VBA", date(2026, 1, 1), date(2026, 12, 31)),
        LeadAssignment("Verkehr", "VBB", date(2027, 1, 1)),
        LeadAssignment("Bildung", "VBC", date(2026, 1, 1), date(2026, 6, 30)),
    )
)


@pytest.mark.parametrize(
    ("activity", "on", "lead"),
    [
        ("Verkehr", date(2026, 1, 1), "VBA"),
        ("  verkehr ", date(2026, 12, 31), "VBA"),
        ("Verkehr", date(2027, 1, 1), "VBB"),
        ("Verkehr", date(2035, 5, 5), "VBB"),
        ("Verkehr", date(2025, 12, 31), None),
        ("Bildung", date(2026, 7, 1), None),
        ("Kultur", date(2026, 3, 1), None),
    ],
)
def test_lead_for(activity: str, on: date, lead: str | None) -> None:
    """The table names the lead whose period (both ends inclusive) holds the day."""
    assert TABLE.lead_for(activity, on) == lead


@pytest.mark.parametrize(
    ("activity", "given", "expected"),
    [
        ("Verkehr", "VBA", LeadConfirmed("VBA")),
        ("Verkehr", " VBA ", LeadConfirmed("VBA")),
        ("Kultur", "VBC", LeadConfirmed("VBC")),
        (None, "VBC", LeadConfirmed("VBC")),
        ("Verkehr", None, LeadFilledIn("VBA")),
        ("Verkehr", "  ", LeadFilledIn("VBA")),
        ("Kultur", None, LeadMissing()),
        (None, None, LeadMissing()),
        ("Verkehr", "VBB", LeadContradiction("VBB", "VBA", Contradiction.NOT_TABLE_LEAD)),
        ("Verkehr", "VBX", LeadContradiction("VBX", "VBA", Contradiction.UNKNOWN_ORG)),
        ("Kultur", "VBX", LeadContradiction("VBX", None, Contradiction.UNKNOWN_ORG)),
    ],
)
def test_check(activity: str | None, given: str | None, expected: LeadCheck) -> None:
    """A submission's lead is confirmed, filled in, missing or contradicted with a reason."""
    assert TABLE.check(activity, given, date(2026, 3, 1), ORGS) == expected


def test_overlapping_rows_are_refused() -> None:
    """Two leads for one activity on the same day are refused."""
    with pytest.raises(ValueError, match="two leads"):
        LeadershipTable(
            (
                LeadAssignment("Verkehr", "VBA", date(2026, 1, 1)),
                LeadAssignment("verkehr", "VBB", date(2027, 1, 1), date(2027, 12, 31)),
            )
        )


def test_adjacent_rows_and_other_activities_do_not_overlap() -> None:
    """Consecutive periods and different activities may share days."""
    first = LeadAssignment("Verkehr", "VBA", date(2026, 1, 1), date(2026, 12, 31))
    assert not first.overlaps(LeadAssignment("Verkehr", "VBB", date(2027, 1, 1)))
    assert not first.overlaps(LeadAssignment("Bildung", "VBB", date(2026, 1, 1)))


def test_inverted_period_is_refused() -> None:
    """A row that ends before it starts is refused."""
    with pytest.raises(ValueError, match="ends before it starts"):
        LeadAssignment("Verkehr", "VBA", date(2026, 2, 1), date(2026, 1, 1))

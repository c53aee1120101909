"""The steering group's leadership table: which organisation leads which activity, when.

The steering group (Lenkungskreis) sets the lead organisation (Federführung) of each activity
every year. A submission's lead is checked against the table: confirmed when it matches,
filled in when the submission left it empty, a contradiction when it names someone else.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import combinations

__all__ = [
    "Contradiction",
    "LeadAssignment",
    "LeadCheck",
    "LeadConfirmed",
    "LeadContradiction",
    "LeadFilledIn",
    "LeadMissing",
    "LeadershipTable",
]


def _activity_key(activity: str) -> str:
    return " ".join(activity.split()).casefold()


@dataclass(frozen=True, slots=True)
class LeadAssignment:
    """One row of the table: ``org`` leads ``activity`` from ``valid_from`` to ``valid_until``.

    Attributes:
        activity: the activity as the activity column names it (compared case-insensitively).
        org: the lead organisation's code.
        valid_from: first day of the assignment.
        valid_until: last day of the assignment (inclusive); None means until further notice.
    """

    activity: str
    org: str
    valid_from: date
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(f"lead of {self.activity!r} ends before it starts")

    def covers(self, on: date) -> bool:
        """True when the assignment holds on day ``on``."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def overlaps(self, other: LeadAssignment) -> bool:
        """True when both rows assign the same activity on some common day."""
        if _activity_key(self.activity) != _activity_key(other.activity):
            return False
        first, second = sorted((self, other), key=lambda a: a.valid_from)
        return first.valid_until is None or second.valid_from <= first.valid_until


class Contradiction(StrEnum):
    """Why a submission's lead organisation cannot stand."""

    UNKNOWN_ORG = "unknown_org"
    NOT_TABLE_LEAD = "not_table_lead"


@dataclass(frozen=True, slots=True)
class LeadConfirmed:
    """The submission names a lead the table agrees with, or the table has no row for it."""

    org: str


@dataclass(frozen=True, slots=True)
class LeadFilledIn:
    """The submission left the lead empty; the table's lead ``org`` is to be filled in."""

    org: str


@dataclass(frozen=True, slots=True)
class LeadContradiction:
    """The submission's lead ``given`` cannot stand; ``expected`` is the table's, if any."""

    given: str
    expected: str | None
    reason: Contradiction


@dataclass(frozen=True, slots=True)
class LeadMissing:
    """Neither the submission nor the table names a lead."""


LeadCheck = LeadConfirmed | LeadFilledIn | LeadContradiction | LeadMissing


@dataclass(frozen=True, slots=True)
class LeadershipTable:
    """The steering group's table; rows for one activity must not overlap in time."""

    assignments: tuple[LeadAssignment, ...] = ()

    def __post_init__(self) -> None:
        for first, second in combinations(self.assignments, 2):
            if first.overlaps(second):
                raise ValueError(f"two leads for {first.activity!r} at the same time")

    def lead_for(self, activity: str, on: date) -> str | None:
        """The organisation leading ``activity`` on day ``on``, or None without a row."""
        key = _activity_key(activity)
        for row in self.assignments:
            if _activity_key(row.activity) == key and row.covers(on):
                return row.org
        return None

    def check(
        self, activity: str | None, given: str | None, on: date, organisations: Collection[str]
    ) -> LeadCheck:
        """Check the lead ``given`` by a submission for ``activity`` on day ``on``.

        ``organisations`` are the member codes; a lead outside them is a contradiction.
        Blank values count as not given.
        """
        expected = self.lead_for(activity, on) if activity and activity.strip() else None
        lead = given.strip() if given else ""
        if not lead:
            return LeadFilledIn(expected) if expected else LeadMissing()
        if lead not in organisations:
            return LeadContradiction(lead, expected, Contradiction.UNKNOWN_ORG)
        if expected is not None and lead != expected:
            return LeadContradiction(lead, expected, Contradiction.NOT_TABLE_LEAD)
        return LeadConfirmed(lead)

"""Everything an alliance configures about its release process, in one value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, timedelta, tzinfo

from approval.approvers import Approvers
from approval.columns import Columns
from approval.leadership import LeadershipTable
from approval.rules import DecisionRule

__all__ = ["Policy"]


@dataclass(frozen=True, slots=True)
class Policy:
    """The configured release process.

    Attributes:
        organisations: the member organisations' codes, one vote each.
        approvers: who may vote for which organisation, and the steering group.
        columns: the column names in the libraries.
        rule: how votes are decided.
        leadership: the steering group's table of lead organisations.
        vote_period: how long a round runs from its opening to its deadline.
        timezone: the alliance's time zone; it decides which day the leadership table is
            read for, and how times appear in the protocol.
        language: the language of the protocol lines, "de" or "en".
    """

    organisations: tuple[str, ...]
    approvers: Approvers
    columns: Columns = field(default_factory=Columns)
    rule: DecisionRule = field(default_factory=DecisionRule)
    leadership: LeadershipTable = field(default_factory=LeadershipTable)
    vote_period: timedelta = timedelta(days=14)
    timezone: tzinfo = UTC
    language: str = "de"

    def __post_init__(self) -> None:
        if not self.organisations:
            raise ValueError("a release process needs at least one organisation")
        if len(set(self.organisations)) != len(self.organisations):
            raise ValueError("an organisation is listed twice")
        if self.language not in ("de", "en"):
            raise ValueError(f"no protocol language {self.language!r}")
        if self.vote_period <= timedelta(0):
            raise ValueError("the vote period must be positive")

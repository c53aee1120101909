"""What a step of the release process asks the adapters to do, as plain values.

A step returns its effects in the order they are to be applied: first the round in the state
store (``StartRound``, ``UpdateRound``, ``EndRound``), then the one field write to the list
item (``SetFields``), then acts outside SharePoint (``Publish``, ``Withdraw``), then reports
(``Notify``, ``RecordAudit``). Applying them is the adapters' business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from approval.decide import Tally
from approval.rounds import VotedVersion, VoteRound
from approval.vocabulary import Choice

__all__ = [
    "Effect",
    "EndRound",
    "Ending",
    "NoticeKind",
    "Notify",
    "Publish",
    "RecordAudit",
    "RevertReason",
    "SetFields",
    "StartRound",
    "UpdateRound",
    "Withdraw",
]


class Ending(StrEnum):
    """How a round ended."""

    RELEASED = "released"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    RESTARTED = "restarted"


class NoticeKind(StrEnum):
    """The events people are told about (one Teams card each)."""

    SUBMITTED = "submitted"
    MISSING_METADATA = "missing_metadata"
    LEAD_CONTRADICTION = "lead_contradiction"
    VOTE_CAST = "vote_cast"
    VOTE_RETRACTED = "vote_retracted"
    CHANGE_REVERTED = "change_reverted"
    DEADLINE_EXTENDED = "deadline_extended"
    ROUND_RESTARTED = "round_restarted"
    RELEASED = "released"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    NEW_DRAFT = "new_draft"


class RevertReason(StrEnum):
    """Why a person's change was undone."""

    NOT_AUTHORISED = "not_authorised"
    UNATTRIBUTED = "unattributed"
    INVALID_VALUE = "invalid_value"
    NO_OPEN_ROUND = "no_open_round"
    TOO_LATE = "too_late"
    SERVICE_ONLY = "service_only"
    ROUND_FIXED = "round_fixed"


@dataclass(frozen=True, slots=True)
class StartRound:
    """Store ``round`` as the document's open round."""

    round: VoteRound


@dataclass(frozen=True, slots=True)
class UpdateRound:
    """Replace the document's open round with ``round`` (a vote or the deadline changed)."""

    round: VoteRound


@dataclass(frozen=True, slots=True)
class EndRound:
    """Close ``round`` (as it stood at its end) with ``ending`` at ``at``."""

    round: VoteRound
    ending: Ending
    at: datetime


@dataclass(frozen=True, slots=True)
class SetFields:
    """Write ``values`` to the document's list item; None clears a column."""

    document_id: str
    values: Mapping[str, str | None]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True, slots=True)
class Publish:
    """Publish exactly ``version`` (check its hash over the bytes before it becomes visible).

    Attributes:
        document_id: the released document.
        version: the version label and content hash that was voted on.
        round_number: the round that released it.
        lead_org: the round's lead organisation.
        released_at: when the release was decided.
        tally: the votes of the releasing round.
    """

    document_id: str
    version: VotedVersion
    round_number: int
    lead_org: str
    released_at: datetime
    tally: Tally


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Remove the document from the public export (a no-op when it was never published)."""

    document_id: str
    actor: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Notify:
    """Tell people about an event.

    Attributes:
        kind: the event.
        document_id: the document it is about.
        key: idempotency key; the same event observed again yields the same key.
        at: when the service saw it.
        round: the round it belongs to, as it stood after the event; None outside a round.
        actor: principal whose change caused it; None for the service's own decisions.
        org: the organisation concerned (a vote's, or the lead named by a submission).
        choice: the vote cast.
        column: the column a reverted change was made in.
        reason: a ``RevertReason``, ``Reason`` or ``Contradiction`` code.
        missing: the required columns a submission left empty.
        expected: the lead organisation the steering group's table names.
        tally: the votes, for a decision.
    """

    kind: NoticeKind
    document_id: str
    key: str
    at: datetime
    round: VoteRound | None = None
    actor: str | None = None
    org: str | None = None
    choice: Choice | None = None
    column: str | None = None
    reason: str | None = None
    missing: tuple[str, ...] = ()
    expected: str | None = None
    tally: Tally | None = None


@dataclass(frozen=True, slots=True)
class RecordAudit:
    """Append an entry to the audit log.

    Attributes:
        document_id: the document.
        event: dotted event name, e.g. ``approval.vote_cast``.
        at: when the service recorded it.
        actor: principal whose change caused it; None for the service.
        details: flat text facts (round, org, choice, version, reason, ...).
    """

    document_id: str
    event: str
    at: datetime
    actor: str | None = None
    details: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))


Effect = StartRound | UpdateRound | EndRound | SetFields | Publish | Withdraw | Notify | RecordAudit

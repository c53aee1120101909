"""The ledger: what the release process decided, kept between the stages.

The enforcer hands the ledger each step of the release process as the core's effects (a
``Release`` in place of ``Publish``: the release with the document as it was released), and
the ledger keeps everything of one step in one transaction: the round, the processed
fields, the release records, the notices, the audit entries and the document's snapshot.
The publisher reads the current releases back, the notifier the notices and the open
rounds, all as typed values: how they are stored (the state file keeps JSON) is the
ledger's business alone.

A field write is announced in the ledger with its whole step before it is sent
(``announce_write``), so that a write found in SharePoint after a crash can be finished by
committing that step (see ``jobs.enforce``).

Standard library and the release core only: a second store implements this beside the
SQLite one (``integration.state.rounds.RoundStore``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Protocol

from approval import (
    Choice,
    DecisionRule,
    DocumentSnapshot,
    EndRound,
    Notify,
    RecordAudit,
    RuleKind,
    Silence,
    StartRound,
    Tally,
    UpdateRound,
    Vote,
    VotedVersion,
    VoteRound,
    Withdraw,
)

__all__ = [
    "Ledger",
    "OpenRound",
    "PendingWrite",
    "RecordedNotice",
    "RecordedRelease",
    "Release",
    "ReleaseRule",
    "ReleaseVote",
    "Step",
    "StepEffect",
    "current_releases",
]


@dataclass(frozen=True, slots=True)
class ReleaseRule:
    """The decision rule a release was decided under, as its record names it.

    Attributes:
        kind: consensus, majority or quorum.
        veto: whether a single Ablehnung prevented a release.
        silence: what not voting by the deadline counted as.
        quorum: the share of all organisations that had to vote (kind ``quorum``).
    """

    kind: RuleKind
    veto: bool
    silence: Silence
    quorum: Fraction

    @classmethod
    def of(cls, rule: DecisionRule) -> ReleaseRule:
        """What a release record names of ``rule``."""
        return cls(rule.kind, rule.veto, rule.silence, rule.quorum)


@dataclass(frozen=True, slots=True)
class ReleaseVote:
    """One organisation's vote in the releasing round.

    Attributes:
        choice: Zustimmung, Ablehnung or Enthaltung.
        voter: who cast it; None when the release was taken over from an export, whose
            manifest names no voter.
        cast_at: when it was cast; None likewise.
    """

    choice: Choice
    voter: str | None = None
    cast_at: datetime | None = None

    @classmethod
    def of(cls, vote: Vote) -> ReleaseVote:
        return cls(vote.choice, vote.voter, vote.cast_at)


@dataclass(frozen=True, slots=True)
class Release:
    """One release of one document: what was released, on which votes, under which rule.

    Attributes:
        document_id: the driveItem id of the document.
        library: the configuration key of its library ("" when it was taken over from an
            export for a document no watched library holds).
        name: the file name in SharePoint when it was released.
        title: its title column then (the file name when that was empty).
        summary: its summary column then, if filled in.
        document_type: its document type column then, if filled in.
        web_url: the document in SharePoint, when known.
        version: the version label and content hash that were voted on.
        round: the round that released it (0: taken over, from an existing export or by
            ``freigabe adopt`` for a document released before the service watched).
        lead_org: the code of the round's lead organisation.
        released_at: when the release was decided (aware).
        rule: the rule it was decided under; None when taken over.
        votes: organisation code -> its vote in the releasing round (None: not voted), for
            every organisation of the electorate.
        tally: the votes as the decision counted them.
        adopted_at: when it was taken over, from an existing export the state did not
            know (``jobs.adopt``) or by ``freigabe adopt`` (``jobs.adopt_releases``); None
            for a release the service decided.
    """

    document_id: str
    library: str
    name: str
    title: str
    summary: str | None
    document_type: str | None
    web_url: str | None
    version: VotedVersion
    round: int
    lead_org: str
    released_at: datetime
    rule: ReleaseRule | None
    votes: Mapping[str, ReleaseVote | None]
    tally: Tally
    adopted_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "votes", MappingProxyType(dict(self.votes)))


@dataclass(frozen=True, slots=True)
class RecordedRelease:
    """A release as the ledger keeps it: withdrawn since (``withdrawn_at``) or not (None)."""

    release: Release
    withdrawn_at: datetime | None = None


def current_releases(recorded: Iterable[RecordedRelease]) -> dict[str, Release]:
    """Document id -> its latest release (highest round), for documents not withdrawn since:
    what every ledger's ``current_releases`` answers from its records."""
    latest: dict[str, RecordedRelease] = {}
    for record in recorded:
        doc = record.release.document_id
        if doc not in latest or record.release.round > latest[doc].release.round:
            latest[doc] = record
    return {doc: r.release for doc, r in latest.items() if r.withdrawn_at is None}


StepEffect = StartRound | UpdateRound | EndRound | Release | Withdraw | Notify | RecordAudit
"""What a step records: the core's effects, with ``Release`` for ``Publish``. ``SetFields``
is not among them: what it wrote is in the step's processed fields."""


@dataclass(frozen=True, slots=True)
class Step:
    """Everything one step of the release process changed for one document.

    Attributes:
        library: the configuration key of the document's library.
        document_id: the document.
        processed: its fields as this step processed them, the service's own writes
            included (the "before" of the next observation).
        effects: what the step decided, in the order it decided it.
        snapshot: the document as SharePoint has it after the step (its write included),
            kept with the step; None keeps the stored snapshot.
    """

    library: str
    document_id: str
    processed: Mapping[str, str | None]
    effects: tuple[StepEffect, ...] = ()
    snapshot: DocumentSnapshot | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "processed", MappingProxyType(dict(self.processed)))


@dataclass(frozen=True, slots=True)
class OpenRound:
    """An open round and the library of its document."""

    library: str
    round: VoteRound


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """A field write announced and not yet settled: its values, and the step it belongs to
    (None for a write outside a step, such as the public link)."""

    values: Mapping[str, str | None]
    step: Step | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True, slots=True)
class RecordedNotice:
    """A notice as the ledger recorded it.

    Attributes:
        seq: its position among the notices; increases strictly.
        library: the configuration key of the document's library.
        notice: the notice.
    """

    seq: int
    library: str
    notice: Notify


class Ledger(Protocol):
    """What the release process recorded, for the stages.

    Every method is synchronous and short. Stored data that does not decode raises
    ``StateError`` naming the store.
    """

    def open_round(self, document_id: str) -> VoteRound | None:
        """The document's open round, if any."""
        ...

    def last_round(self, document_id: str) -> int:
        """The number of the document's latest round, open or ended (0: none yet)."""
        ...

    def open_rounds(self) -> Sequence[OpenRound]:
        """Every open round, by document id."""
        ...

    def processed(self, document_id: str) -> dict[str, str | None] | None:
        """The fields as the last step processed them; None for a document never processed."""
        ...

    def pending_write(self, document_id: str) -> PendingWrite | None:
        """The write announced for the document and not yet settled, if any."""
        ...

    def announce_write(
        self,
        library: str,
        document_id: str,
        values: Mapping[str, str | None],
        at: datetime,
        *,
        step: Step | None = None,
    ) -> None:
        """Record a field write before it is sent, with the step it belongs to."""
        ...

    def settle_write(self, document_id: str, values: Mapping[str, str | None]) -> None:
        """A write outside a step went through: its values join the processed fields."""
        ...

    def drop_write(self, document_id: str) -> None:
        """An announced write was refused (nothing was written): forget it."""
        ...

    def commit_step(self, step: Step) -> int:
        """Record ``step`` in one transaction; the number of audit entries it added."""
        ...

    def commit_steps(self, steps: Sequence[Step]) -> int:
        """Record several steps in one transaction (a first pass over many documents)."""
        ...

    def releases(self, document_id: str | None = None) -> list[RecordedRelease]:
        """Every release (newest first), optionally of one document, withdrawn ones too."""
        ...

    def current_releases(self) -> dict[str, Release]:
        """Document id -> its latest release, of each document released and not withdrawn."""
        ...

    def record_publication(
        self, document_id: str, round_number: int, *, sha256: str, verified_by: str
    ) -> None:
        """Note with the release what was published for it: the bytes' SHA-256, and how
        they were known to be the voted content."""
        ...

    def notices_after(self, seq: int, limit: int = 500) -> list[RecordedNotice]:
        """The notices recorded after ``seq``, oldest first, at most ``limit``."""
        ...

"""A vote round: which content is under vote, until when, and the votes that count."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from approval.votes import Vote

__all__ = ["VoteRound", "VotedVersion"]

_VERSION_TEXT = re.compile(r"^Version (?P<label>\S+), Hash (?P<hash>\S+)$")


@dataclass(frozen=True, slots=True)
class VotedVersion:
    """The exact content a round is about.

    Metadata writes create new file versions in SharePoint, so the label only says where to
    find the bytes; the content hash (Graph's quickXorHash) is their identity.

    Attributes:
        label: the file version label when the round opened (``_UIVersionString``).
        content_hash: the quickXorHash of the content under vote.
    """

    label: str
    content_hash: str

    def __str__(self) -> str:
        """The text the version-under-vote column holds."""
        return f"Version {self.label}, Hash {self.content_hash}"

    @classmethod
    def parse(cls, text: str | None) -> VotedVersion | None:
        """The version ``text`` names in the form ``str`` writes, or None."""
        match = _VERSION_TEXT.match(text.strip()) if text else None
        return cls(match["label"], match["hash"]) if match else None


@dataclass(frozen=True, slots=True)
class VoteRound:
    """One round of voting on one version of a document.

    Attributes:
        document_id: the document (driveItem id).
        number: 1 for the first round of the document, then counting up.
        version: the version and content hash under vote.
        opened_at: when the round opened.
        deadline: when silence starts to count; the round is due at this instant.
        lead_org: the lead organisation (Federführung) for this round.
        votes: organisation code -> its vote; one entry per organisation at most.
    """

    document_id: str
    number: int
    version: VotedVersion
    opened_at: datetime
    deadline: datetime
    lead_org: str
    votes: Mapping[str, Vote] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"round numbers start at 1, not {self.number}")
        if self.deadline <= self.opened_at:
            raise ValueError("a round's deadline must lie after its opening")
        for org, vote in self.votes.items():
            if vote.org != org:
                raise ValueError(f"vote of {vote.org!r} filed under {org!r}")
        object.__setattr__(self, "votes", MappingProxyType(dict(self.votes)))

    def with_vote(self, vote: Vote) -> VoteRound:
        """This round with ``vote`` replacing any earlier vote of the same organisation."""
        return replace(self, votes={**self.votes, vote.org: vote})

    def without_vote(self, org: str) -> VoteRound:
        """This round with the vote of ``org`` retracted."""
        return replace(self, votes={o: v for o, v in self.votes.items() if o != org})

    def with_deadline(self, deadline: datetime) -> VoteRound:
        """This round with its deadline moved to ``deadline``."""
        return replace(self, deadline=deadline)

    def is_due(self, now: datetime) -> bool:
        """True once the deadline has been reached."""
        return now >= self.deadline

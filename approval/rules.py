"""The decision rule an alliance chose for its votes.

Defaults: ``consensus`` (every organisation has voted, at least one Zustimmung, no Ablehnung;
Enthaltung allowed), silence after the deadline ``block`` (counts as Ablehnung, so nothing is
released that some organisation never looked at), an Ablehnung ends the round only
``at_deadline`` (a vote may be changed until then, so an objection can be resolved without a
new round), and a content edit during a round ``restart``s it on the new content.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from approval.vocabulary import Choice

__all__ = ["DecisionRule", "OnEdit", "RejectionTiming", "RuleKind", "Silence"]


class RuleKind(StrEnum):
    """How the votes are weighed.

    consensus: released when no organisation rejects and at least one approves, once every
        organisation has voted (or silence is counted at the deadline); an Ablehnung is always
        a veto.
    majority: released when Zustimmung outnumber Ablehnung; Enthaltung count for neither.
    quorum: like majority, and at least ``quorum`` of all organisations must have cast a vote
        themselves (silence is not participation, whatever it counts as).
    """

    CONSENSUS = "consensus"
    MAJORITY = "majority"
    QUORUM = "quorum"


class Silence(StrEnum):
    """What an organisation that has not voted by the deadline counts as."""

    CONSENT = "consent"
    ABSTAIN = "abstain"
    BLOCK = "block"

    @property
    def counts_as(self) -> Choice:
        """The choice silence stands for."""
        return _SILENCE[self]


_SILENCE = {
    Silence.CONSENT: Choice.APPROVE,
    Silence.ABSTAIN: Choice.ABSTAIN,
    Silence.BLOCK: Choice.REJECT,
}


class RejectionTiming(StrEnum):
    """When a round that can no longer be released ends.

    immediately: as soon as no further vote could release it.
    at_deadline: at the deadline, so the objecting organisation can still change its vote.
    """

    IMMEDIATELY = "immediately"
    AT_DEADLINE = "at_deadline"


class OnEdit(StrEnum):
    """What a content edit during a round does.

    restart: the round ends and a new round starts on the new content, votes cleared.
    freeze: the round stays bound to the voted content; the edit is the next draft.
    """

    RESTART = "restart"
    FREEZE = "freeze"


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """The configured decision rule.

    Attributes:
        kind: consensus, majority or quorum.
        quorum: share of all organisations that must cast a vote (kind ``quorum`` only),
            ``0 < quorum <= 1``.
        veto: with majority or quorum, any Ablehnung prevents the release (consensus always).
        silence: what not voting by the deadline counts as.
        rejection: when a round that cannot be released any more ends.
        on_edit: what a content edit during a round does.
    """

    kind: RuleKind = RuleKind.CONSENSUS
    quorum: Fraction = Fraction(1, 2)
    veto: bool = True
    silence: Silence = Silence.BLOCK
    rejection: RejectionTiming = RejectionTiming.AT_DEADLINE
    on_edit: OnEdit = OnEdit.RESTART

    def __post_init__(self) -> None:
        if not 0 < self.quorum <= 1:
            raise ValueError(f"quorum must be a share in (0, 1], not {self.quorum}")

    @property
    def vetoes(self) -> bool:
        """True when a single Ablehnung prevents the release."""
        return self.veto or self.kind is RuleKind.CONSENSUS

"""The release policy: from a round's votes, the rule and the time to a decision.

Before the deadline a round ends only when its outcome is settled: the decision is the same
whichever way the organisations that have not voted yet vote, or if they stay silent. A
settled release ends the round at once; a settled rejection ends it at once only with
``rejection = immediately``, otherwise at the deadline. At the deadline the silent
organisations count as the rule's silence says, and the round is decided.

The decision depends only on which organisation holds which choice, never on the order the
votes arrived in, and a vote of an organisation outside the electorate is not counted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from approval.rounds import VotedVersion, VoteRound
from approval.rules import DecisionRule, RejectionTiming, RuleKind
from approval.vocabulary import Choice

__all__ = ["Decision", "Pending", "Reason", "Rejected", "Released", "Tally", "decide"]


class Reason(StrEnum):
    """Why a round was decided as it was, or why it is still open."""

    CONSENSUS = "consensus"
    MAJORITY = "majority"
    VETO = "veto"
    NO_APPROVAL = "no_approval"
    NO_MAJORITY = "no_majority"
    QUORUM_MISSED = "quorum_missed"
    AWAITING_VOTES = "awaiting_votes"
    AWAITING_DEADLINE = "awaiting_deadline"


_RELEASING = frozenset({Reason.CONSENSUS, Reason.MAJORITY})


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes of a round, by organisation code (each tuple sorted).

    Attributes:
        approve: organisations that voted Zustimmung.
        reject: organisations that voted Ablehnung.
        abstain: organisations that voted Enthaltung.
        silent: organisations of the electorate without a vote.
        silence_as: what the silent ones counted as, once the deadline passed; else None.
    """

    approve: tuple[str, ...]
    reject: tuple[str, ...]
    abstain: tuple[str, ...]
    silent: tuple[str, ...]
    silence_as: Choice | None = None

    @classmethod
    def count(
        cls, electorate: Collection[str], votes: Mapping[str, Choice], silence_as: Choice | None
    ) -> Tally:
        """The tally of ``votes`` over ``electorate``; votes from outside it are ignored."""
        members = sorted(set(electorate))

        def holding(choice: Choice) -> tuple[str, ...]:
            return tuple(org for org in members if votes.get(org) is choice)

        silent = tuple(org for org in members if org not in votes)
        return cls(
            holding(Choice.APPROVE),
            holding(Choice.REJECT),
            holding(Choice.ABSTAIN),
            silent,
            silence_as,
        )


@dataclass(frozen=True, slots=True)
class Pending:
    """The round stays open."""

    reason: Reason
    tally: Tally


@dataclass(frozen=True, slots=True)
class Released:
    """The round released exactly ``version``."""

    version: VotedVersion
    reason: Reason
    tally: Tally


@dataclass(frozen=True, slots=True)
class Rejected:
    """The round ended without a release."""

    reason: Reason
    tally: Tally


Decision = Pending | Released | Rejected


@dataclass(frozen=True, slots=True)
class _Counts:
    approve: int
    reject: int
    abstain: int
    cast: int


def _judge(rule: DecisionRule, electorate: int, counts: _Counts) -> Reason:
    """The verdict when every organisation is accounted for in ``counts``."""
    if rule.kind is RuleKind.QUORUM and counts.cast < rule.quorum * electorate:
        return Reason.QUORUM_MISSED
    if rule.vetoes and counts.reject:
        return Reason.VETO
    if not counts.approve:
        return Reason.NO_APPROVAL
    if rule.kind is RuleKind.CONSENSUS:
        return Reason.CONSENSUS
    return Reason.MAJORITY if counts.approve > counts.reject else Reason.NO_MAJORITY


def _counts(tally: Tally, silence_as: Choice, more: tuple[int, int, int], quiet: int) -> _Counts:
    """The counts when the silent organisations add ``more`` votes and ``quiet`` stay silent."""
    approve, reject, abstain = more
    return _Counts(
        len(tally.approve) + approve + (quiet if silence_as is Choice.APPROVE else 0),
        len(tally.reject) + reject + (quiet if silence_as is Choice.REJECT else 0),
        len(tally.abstain) + abstain + (quiet if silence_as is Choice.ABSTAIN else 0),
        len(tally.approve) + len(tally.reject) + len(tally.abstain) + sum(more),
    )


def _completions(tally: Tally, silence_as: Choice) -> Iterator[_Counts]:
    """Every way the silent organisations may still vote, or stay silent to the deadline."""
    silent = len(tally.silent)
    for approve in range(silent + 1):
        for reject in range(silent - approve + 1):
            for abstain in range(silent - approve - reject + 1):
                quiet = silent - approve - reject - abstain
                yield _counts(tally, silence_as, (approve, reject, abstain), quiet)


def decide(
    round: VoteRound, rule: DecisionRule, organisations: Collection[str], now: datetime
) -> Decision:
    """The decision on ``round`` at ``now`` under ``rule``.

    ``organisations`` is the electorate: every member organisation, one vote each. A
    ``Released`` decision names the round's own version, the content that was voted on. The
    reason of a decided round is the verdict with the silent organisations counted as silence
    says, which at the deadline is the only outcome left.
    """
    electorate = set(organisations)
    choices = {org: vote.choice for org, vote in round.votes.items() if org in electorate}
    silence_as = rule.silence.counts_as
    due = round.is_due(now)
    tally = Tally.count(electorate, choices, silence_as if due else None)
    as_is = _judge(rule, len(electorate), _counts(tally, silence_as, (0, 0, 0), len(tally.silent)))
    if due:
        return (
            Released(round.version, as_is, tally) if as_is in _RELEASING else Rejected(as_is, tally)
        )
    verdicts = {_judge(rule, len(electorate), c) for c in _completions(tally, silence_as)}
    if verdicts <= _RELEASING:
        return Released(round.version, as_is, tally)
    if verdicts.isdisjoint(_RELEASING):
        if rule.rejection is RejectionTiming.IMMEDIATELY:
            return Rejected(as_is, tally)
        return Pending(Reason.AWAITING_DEADLINE, tally)
    return Pending(Reason.AWAITING_VOTES, tally)

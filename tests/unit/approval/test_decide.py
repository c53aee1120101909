"""The decision rules: consensus, majority, quorum, veto, silence and rejection timing."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from approval import (
    Choice,
    DecisionRule,
    Pending,
    Reason,
    Rejected,
    RejectionTiming,
    Released,
    RuleKind,
    Silence,
    Tally,
    decide,
)

from .factories import DEADLINE, ORGS, VERSION, a_round, rule

BEFORE = DEADLINE - timedelta(hours=1)
_CODES = {"A": Choice.APPROVE, "R": Choice.REJECT, "E": Choice.ABSTAIN}

CONSENSUS = rule()
CONSENT = rule(silence=Silence.CONSENT)
ABSTAIN = rule(silence=Silence.ABSTAIN)
IMMEDIATE = rule(rejection=RejectionTiming.IMMEDIATELY)
MAJORITY = rule(kind=RuleKind.MAJORITY, veto=False)
MAJORITY_VETO = rule(kind=RuleKind.MAJORITY, veto=True)
MAJORITY_ABSTAIN = rule(kind=RuleKind.MAJORITY, veto=False, silence=Silence.ABSTAIN)
MAJORITY_CONSENT = rule(kind=RuleKind.MAJORITY, veto=False, silence=Silence.CONSENT)
QUORUM = rule(kind=RuleKind.QUORUM, veto=False, quorum=Fraction(2, 3))
QUORUM_CONSENT = rule(
    kind=RuleKind.QUORUM, veto=False, quorum=Fraction(2, 3), silence=Silence.CONSENT
)


def ballots(code: str) -> dict[str, Choice]:
    """Votes of VBA, VBB, VBC from a code like ``"AR-"`` (``-`` is silent)."""
    return {org: _CODES[c] for org, c in zip(ORGS, code, strict=True) if c != "-"}


@pytest.mark.parametrize(
    ("the_rule", "code", "due", "outcome", "reason"),
    [
        (CONSENSUS, "AAA", False, Released, Reason.CONSENSUS),
        (CONSENSUS, "AAE", False, Released, Reason.CONSENSUS),
        (CONSENSUS, "AA-", False, Pending, Reason.AWAITING_VOTES),
        (CONSENSUS, "AA-", True, Rejected, Reason.VETO),
        (CONSENSUS, "EEE", False, Pending, Reason.AWAITING_DEADLINE),
        (CONSENSUS, "EEE", True, Rejected, Reason.NO_APPROVAL),
        (CONSENSUS, "ARA", False, Pending, Reason.AWAITING_DEADLINE),
        (CONSENSUS, "ARA", True, Rejected, Reason.VETO),
        (rule(veto=False), "AAR", True, Rejected, Reason.VETO),
        (CONSENT, "AA-", False, Pending, Reason.AWAITING_VOTES),
        (CONSENT, "AA-", True, Released, Reason.CONSENSUS),
        (CONSENT, "---", True, Released, Reason.CONSENSUS),
        (ABSTAIN, "A--", True, Released, Reason.CONSENSUS),
        (ABSTAIN, "---", True, Rejected, Reason.NO_APPROVAL),
        (IMMEDIATE, "R--", False, Rejected, Reason.VETO),
        (IMMEDIATE, "AA-", False, Pending, Reason.AWAITING_VOTES),
        (MAJORITY, "AA-", False, Released, Reason.MAJORITY),
        (MAJORITY, "AR-", False, Pending, Reason.AWAITING_VOTES),
        (MAJORITY, "AR-", True, Rejected, Reason.NO_MAJORITY),
        (MAJORITY_ABSTAIN, "AR-", True, Rejected, Reason.NO_MAJORITY),
        (MAJORITY_CONSENT, "AR-", True, Released, Reason.MAJORITY),
        (MAJORITY, "AEE", True, Released, Reason.MAJORITY),
        (MAJORITY, "ERE", True, Rejected, Reason.NO_APPROVAL),
        (MAJORITY_VETO, "AA-", False, Pending, Reason.AWAITING_VOTES),
        (MAJORITY_VETO, "AAR", True, Rejected, Reason.VETO),
        (QUORUM, "A--", True, Rejected, Reason.QUORUM_MISSED),
        (QUORUM_CONSENT, "A--", True, Rejected, Reason.QUORUM_MISSED),
        (QUORUM, "AE-", True, Rejected, Reason.NO_MAJORITY),
        (QUORUM, "AA-", True, Released, Reason.MAJORITY),
        (QUORUM, "AA-", False, Released, Reason.MAJORITY),
        (QUORUM, "A--", False, Pending, Reason.AWAITING_VOTES),
    ],
)
def test_rules(the_rule: DecisionRule, code: str, due: bool, outcome: type, reason: Reason) -> None:
    """Each rule decides the listed vote patterns before and at the deadline as listed."""
    decision = decide(a_round(ballots(code)), the_rule, ORGS, DEADLINE if due else BEFORE)
    assert isinstance(decision, outcome)
    assert decision.reason is reason


def test_release_names_the_round_version() -> None:
    """A release names the version and hash the round voted on."""
    decision = decide(a_round(ballots("AAA")), CONSENSUS, ORGS, BEFORE)
    assert isinstance(decision, Released)
    assert decision.version == VERSION


def test_tally_lists_organisations_and_silence() -> None:
    """The tally lists each organisation under its choice, and what silence counted as."""
    decision = decide(a_round(ballots("E-A")), CONSENT, ORGS, DEADLINE)
    assert decision.tally == Tally(("VBC",), (), ("VBA",), ("VBB",), Choice.APPROVE)


def test_tally_before_deadline_has_no_silence_rule() -> None:
    """Before the deadline the silent are listed but count as nothing yet."""
    decision = decide(a_round(ballots("A--")), CONSENSUS, ORGS, BEFORE)
    assert decision.tally.silence_as is None
    assert decision.tally.silent == ("VBB", "VBC")


def test_votes_outside_the_electorate_do_not_count() -> None:
    """A vote of an organisation that is not a member is ignored."""
    decision = decide(a_round(ballots("AAR")), CONSENSUS, ("VBA", "VBB"), BEFORE)
    assert isinstance(decision, Released)
    assert decision.tally.reject == ()

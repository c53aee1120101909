"""The decision rule configuration."""

from __future__ import annotations

from fractions import Fraction

import pytest

from approval import Choice, DecisionRule, OnEdit, RejectionTiming, RuleKind, Silence


def test_defaults() -> None:
    """The default rule is consensus, veto, silence blocks, rejection at the deadline, restart."""
    rule = DecisionRule()
    assert (rule.kind, rule.veto, rule.silence, rule.rejection, rule.on_edit) == (
        RuleKind.CONSENSUS,
        True,
        Silence.BLOCK,
        RejectionTiming.AT_DEADLINE,
        OnEdit.RESTART,
    )


@pytest.mark.parametrize(
    ("silence", "choice"),
    [
        (Silence.CONSENT, Choice.APPROVE),
        (Silence.ABSTAIN, Choice.ABSTAIN),
        (Silence.BLOCK, Choice.REJECT),
    ],
)
def test_silence_counts_as(silence: Silence, choice: Choice) -> None:
    """Each silence setting stands for one choice."""
    assert silence.counts_as is choice


@pytest.mark.parametrize(
    ("kind", "veto", "vetoes"),
    [
        (RuleKind.CONSENSUS, False, True),
        (RuleKind.MAJORITY, False, False),
        (RuleKind.MAJORITY, True, True),
        (RuleKind.QUORUM, False, False),
    ],
)
def test_consensus_always_vetoes(kind: RuleKind, veto: bool, vetoes: bool) -> None:
    """Under consensus an Ablehnung always blocks; otherwise the veto setting decides."""
    assert DecisionRule(kind=kind, veto=veto).vetoes is vetoes


@pytest.mark.parametrize("quorum", [Fraction(0), Fraction(-1, 2), Fraction(3, 2)])
def test_quorum_must_be_a_share(quorum: Fraction) -> None:
    """A quorum outside (0, 1] is refused."""
    with pytest.raises(ValueError, match="quorum"):
        DecisionRule(quorum=quorum)

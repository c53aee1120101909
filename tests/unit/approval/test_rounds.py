"""Vote rounds and the version they are bound to."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from approval import Choice, Vote, VotedVersion, VoteRound

from .factories import DEADLINE, DOC, T0, VERSION, a_round, approver


def test_voted_version_text_round_trip() -> None:
    """The version-under-vote text names label and hash and parses back."""
    text = str(VotedVersion("12.0", "a+b/c=="))
    assert text == "Version 12.0, Hash a+b/c=="
    assert VotedVersion.parse(f" {text} ") == VotedVersion("12.0", "a+b/c==")


@pytest.mark.parametrize("text", [None, "", "3.0", "Version 3.0", "Version 3.0, Hash"])
def test_voted_version_parse_rejects_other_text(text: str | None) -> None:
    """Text not in the written form names no version."""
    assert VotedVersion.parse(text) is None


def test_with_vote_replaces_the_organisations_vote() -> None:
    """A second vote of an organisation replaces its first."""
    round_ = a_round({"VBA": Choice.APPROVE})
    later = Vote("VBA", Choice.REJECT, approver("VBA"), T0 + timedelta(hours=3))
    assert dict(round_.with_vote(later).votes) == {"VBA": later}


def test_without_vote_retracts() -> None:
    """Retracting removes the organisation's vote and nothing else."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.ABSTAIN})
    assert set(round_.without_vote("VBA").votes) == {"VBB"}


def test_votes_are_read_only() -> None:
    """A round's votes cannot be changed in place."""
    round_ = a_round()
    with pytest.raises(TypeError):
        round_.votes["VBA"] = Vote("VBA", Choice.APPROVE, approver("VBA"), T0)  # type: ignore[index]


@pytest.mark.parametrize(
    ("number", "deadline", "votes", "message"),
    [
        (0, DEADLINE, {}, "start at 1"),
        (1, T0, {}, "after its opening"),
        (1, DEADLINE, {"VBB": Vote("VBA", Choice.APPROVE, "x", T0)}, "filed under"),
    ],
)
def test_round_invariants(
    number: int, deadline: datetime, votes: dict[str, Vote], message: str
) -> None:
    """Round numbers start at 1, deadlines follow the opening, votes sit under their org."""
    with pytest.raises(ValueError, match=message):
        VoteRound(DOC, number, VERSION, T0, deadline, "VBA", votes)


def test_is_due_at_the_deadline() -> None:
    """A round is due from its deadline on, not a moment before."""
    round_ = a_round()
    assert not round_.is_due(DEADLINE - timedelta(microseconds=1))
    assert round_.is_due(DEADLINE)

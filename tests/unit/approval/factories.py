"""Plain values for the release-core tests: an alliance of three, documents, rounds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from approval import (
    Actor,
    Approvers,
    Choice,
    Columns,
    DecisionRule,
    Effect,
    Observation,
    Policy,
    Principals,
    Status,
    Vote,
    VotedVersion,
    VoteRound,
    format_instant,
    step,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORGS = ("VBA", "VBB", "VBC")
COLUMNS = Columns()
DOC = "doc-1"
HASH = "aGFzaC1vbmU="
LABEL = "3.0"
VERSION = VotedVersion(LABEL, HASH)
DEADLINE = T0 + timedelta(days=14)
CHAIR = "chair@alliance.example"
STRANGER = "mallory@elsewhere.example"

E = TypeVar("E")


def approver(org: str) -> str:
    """The one named approver of ``org``."""
    return f"approver@{org.lower()}.example"


def policy(**changes: Any) -> Policy:
    """The test alliance: three organisations, one approver each, one chair."""
    base = Policy(
        organisations=ORGS,
        approvers=Approvers(
            {org: Principals(users=frozenset({approver(org)})) for org in ORGS},
            steering=Principals(users=frozenset({CHAIR})),
        ),
    )
    return replace(base, **changes)


def rule(**changes: Any) -> DecisionRule:
    """The default rule with ``changes``."""
    return replace(DecisionRule(), **changes)


def by(principal: str, at: datetime | None = None, groups: frozenset[str] = frozenset()) -> Actor:
    """An attributed change."""
    return Actor(principal, groups, at)


def a_round(
    votes: Mapping[str, Choice] | None = None, *, number: int = 1, deadline: datetime = DEADLINE
) -> VoteRound:
    """An open round on ``VERSION`` led by VBA, holding ``votes`` of the approvers."""
    held = {
        org: Vote(org, c, approver(org), T0 + timedelta(hours=1))
        for org, c in (votes or {}).items()
    }
    return VoteRound(DOC, number, VERSION, T0, deadline, "VBA", held)


def draft(**fields: str | None) -> dict[str, str | None]:
    """A complete draft's fields, with ``fields`` changed."""
    base: dict[str, str | None] = {
        COLUMNS.status: Status.DRAFT.value,
        COLUMNS.lead: "VBA",
        "Dokumenttyp": "Positionspapier",
        "Aktivitaet": "Verkehr",
        "Zusammenfassung": "Forderungen zur Verkehrswende",
    }
    return {**base, **fields}


def voting(round_: VoteRound, **fields: str | None) -> dict[str, str | None]:
    """The fields of a document while ``round_`` is open, with ``fields`` changed."""
    base = draft(**{COLUMNS.status: Status.VOTING.value, COLUMNS.lead: round_.lead_org})
    base[COLUMNS.version_under_vote] = str(round_.version)
    base[COLUMNS.deadline] = format_instant(round_.deadline)
    for org, vote in round_.votes.items():
        base[COLUMNS.vote(org)] = vote.choice.value
    return {**base, **fields}


def observe(
    before: Mapping[str, str | None],
    after: Mapping[str, str | None],
    *,
    changed_by: Mapping[str, Actor] | None = None,
    content_hash: str = HASH,
    etag: str = "etag-2",
) -> Observation:
    """An observation of ``DOC``."""
    return Observation(DOC, etag, before, after, content_hash, LABEL, changed_by or {})


def run(
    observation: Observation,
    open_round: VoteRound | None = None,
    *,
    now: datetime = T0 + timedelta(hours=2),
    the_policy: Policy | None = None,
    last_round: int = 0,
) -> tuple[Effect, ...]:
    """One step under the test policy."""
    return step(observation, open_round, the_policy or policy(), now, last_round=last_round)


def only(effects: tuple[Effect, ...], kind: type[E]) -> list[E]:
    """The effects of type ``kind``."""
    return [e for e in effects if isinstance(e, kind)]


def one(effects: tuple[Effect, ...], kind: type[E]) -> E:
    """The single effect of type ``kind``."""
    found = only(effects, kind)
    assert len(found) == 1, f"expected one {kind.__name__}, got {found}"
    return found[0]


def submitted(**fields: str | None) -> dict[str, str | None]:
    """A complete draft just set to "Zur Abstimmung", with ``fields`` changed."""
    return draft(**{COLUMNS.status: Status.VOTING.value, **fields})


def vote_change(round_: VoteRound, org: str, value: str | None, actor: Actor | None) -> Observation:
    """An observation of ``org``'s vote column set to ``value`` by ``actor`` during ``round_``."""
    column = COLUMNS.vote(org)
    return observe(
        voting(round_),
        voting(round_, **{column: value}),
        changed_by={column: actor} if actor is not None else {},
    )


def run_vote(
    round_: VoteRound,
    org: str,
    value: str | None,
    actor: Actor | None,
    *,
    now: datetime = T0 + timedelta(hours=2),
    the_policy: Policy | None = None,
) -> tuple[Effect, ...]:
    """One step observing ``org``'s vote column set to ``value`` during ``round_``."""
    return run(vote_change(round_, org, value, actor), round_, now=now, the_policy=the_policy)

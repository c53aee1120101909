"""Invariants of the release core, checked over generated votes, rules and event orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from approval import (
    Actor,
    Approvers,
    Choice,
    DecisionRule,
    Effect,
    Ending,
    EndRound,
    Observation,
    OnEdit,
    Policy,
    Principals,
    Publish,
    RejectionTiming,
    RuleKind,
    SetFields,
    Silence,
    StartRound,
    UpdateRound,
    Vote,
    VoteRound,
    decide,
    step,
)

from .factories import COLUMNS, DEADLINE, DOC, LABEL, T0, VERSION, voting

ALL_ORGS = ("O1", "O2", "O3", "O4", "O5")
NOW = T0 + timedelta(days=1)
STRANGER = "mallory@elsewhere.example"

rules = st.builds(
    DecisionRule,
    kind=st.sampled_from(RuleKind),
    quorum=st.sampled_from([Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(1)]),
    veto=st.booleans(),
    silence=st.sampled_from(Silence),
    rejection=st.sampled_from(RejectionTiming),
    on_edit=st.sampled_from(OnEdit),
)
electorates = st.integers(min_value=1, max_value=len(ALL_ORGS)).map(lambda n: ALL_ORGS[:n])


def approver(org: str) -> str:
    """The approver of ``org`` in the generated alliances."""
    return f"approver@{org.lower()}.example"


def alliance(orgs: Sequence[str], rule: DecisionRule) -> Policy:
    """A policy for ``orgs`` under ``rule``, one approver each."""
    approvers = Approvers({o: Principals(users=frozenset({approver(o)})) for o in orgs})
    return Policy(organisations=tuple(orgs), approvers=approvers, rule=rule)


def empty_round(lead: str = "O1") -> VoteRound:
    """Round 1 on ``VERSION`` with no votes."""
    return VoteRound(DOC, 1, VERSION, T0, DEADLINE, lead, {})


@dataclass(frozen=True)
class Change:
    """One generated change: a vote column set by someone, or a content edit."""

    org: str
    value: str | None
    actor: str | None
    new_hash: str | None = None


def changes(orgs: Sequence[str]) -> st.SearchStrategy[Change]:
    """Vote changes by anyone (approvers, others, unknown) and occasional content edits."""
    org = st.sampled_from([*orgs, "OX"])
    value = st.sampled_from([*(c.value for c in Choice), None, "Vielleicht"])
    actor = st.sampled_from([*(approver(o) for o in orgs), STRANGER, None])
    edit = st.sampled_from([None, None, None, None, "aGFzaC16d2Vp", "aGFzaC1kcmVp"])
    return st.builds(Change, org, value, actor, edit)


@dataclass
class Run:
    """What a fake adapter saw while driving the process."""

    effects: list[Effect]
    round: VoteRound | None
    hashes_at_open: dict[int, str]


def drive(policy: Policy, events: Sequence[Change], *, tick_at_deadline: bool = False) -> Run:
    """Apply ``events`` one step each, as an adapter would, starting with an empty round."""
    first = empty_round(policy.organisations[0])
    current: VoteRound | None = first
    fields, content = voting(first), VERSION.content_hash
    seen: list[Effect] = []
    hashes = {1: content}
    for i, change in enumerate(events):
        column = COLUMNS.vote(change.org)
        after = {**fields, column: change.value}
        content = change.new_hash or content
        attributed = {column: Actor(change.actor)} if change.actor else {}
        observation = Observation(DOC, f"e{i}", fields, after, content, LABEL, attributed)
        current, fields = _apply(
            step(observation, current, policy, NOW, last_round=i + 1),
            seen,
            current,
            after,
            hashes,
            content,
        )
    if tick_at_deadline and current is not None:
        observation = Observation(DOC, "tick", fields, fields, content, LABEL, {})
        current, fields = _apply(
            step(observation, current, policy, DEADLINE), seen, current, fields, hashes, content
        )
    return Run(seen, current, hashes)


def _apply(
    effects: tuple[Effect, ...],
    seen: list[Effect],
    current: VoteRound | None,
    fields: dict[str, str | None],
    hashes: dict[int, str],
    content: str,
) -> tuple[VoteRound | None, dict[str, str | None]]:
    seen.extend(effects)
    fields = dict(fields)
    for effect in effects:
        if isinstance(effect, StartRound):
            hashes[effect.round.number] = content
            current = effect.round
        elif isinstance(effect, UpdateRound):
            current = effect.round
        elif isinstance(effect, EndRound):
            current = None
        elif isinstance(effect, SetFields):
            fields.update(effect.values)
    return current, fields


def rounds_in(run: Run) -> list[VoteRound]:
    """Every round state the process handed to the adapter."""
    found = [e.round for e in run.effects if isinstance(e, StartRound | UpdateRound | EndRound)]
    return found + ([run.round] if run.round else [])


@settings(max_examples=150, deadline=None)
@given(data=st.data(), orgs=electorates, rule=rules)
def test_only_approvers_votes_count_and_each_org_once(
    data: st.DataObject, orgs: tuple[str, ...], rule: DecisionRule
) -> None:
    """Every counted vote sits under its own org, cast by one of that org's approvers."""
    policy = alliance(orgs, rule)
    run = drive(policy, data.draw(st.lists(changes(orgs), max_size=12)), tick_at_deadline=True)
    for round_ in rounds_in(run):
        for org, vote in round_.votes.items():
            assert vote.org == org
            assert policy.approvers.is_authorised(org, vote.voter, (), vote.cast_at)
    for publish in (e for e in run.effects if isinstance(e, Publish)):
        tally = publish.tally
        counted = [*tally.approve, *tally.reject, *tally.abstain, *tally.silent]
        assert sorted(counted) == sorted(orgs)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), orgs=electorates, rule=rules)
def test_a_non_approver_never_counts(
    data: st.DataObject, orgs: tuple[str, ...], rule: DecisionRule
) -> None:
    """Changes by people who are not the organisation's approvers never enter a round."""
    others = st.builds(
        lambda org, value, who: Change(org, value, who),
        st.sampled_from(orgs),
        st.sampled_from([c.value for c in Choice]),
        st.sampled_from([STRANGER, None]),
    )
    cross = st.sampled_from(orgs).flatmap(
        lambda org: st.sampled_from([o for o in ALL_ORGS if o != org]).map(
            lambda voter: Change(org, Choice.APPROVE.value, approver(voter))
        )
    )
    events = data.draw(st.lists(others | cross, max_size=10))
    run = drive(alliance(orgs, rule), events, tick_at_deadline=True)
    assert all(not r.votes for r in rounds_in(run))
    assert not [e for e in run.effects if isinstance(e, UpdateRound)]
    for publish in (e for e in run.effects if isinstance(e, Publish)):
        assert (publish.tally.approve, publish.tally.reject, publish.tally.abstain) == ((), (), ())


@settings(max_examples=150, deadline=None)
@given(data=st.data(), orgs=electorates, rule=rules)
def test_a_release_names_exactly_what_was_voted_on(
    data: st.DataObject, orgs: tuple[str, ...], rule: DecisionRule
) -> None:
    """A Publish names the releasing round's version and the hash that round opened on."""
    run = drive(
        alliance(orgs, rule), data.draw(st.lists(changes(orgs), max_size=12)), tick_at_deadline=True
    )
    released = [
        e.round for e in run.effects if isinstance(e, EndRound) and e.ending is Ending.RELEASED
    ]
    publishes = [e for e in run.effects if isinstance(e, Publish)]
    assert [p.version for p in publishes] == [r.version for r in released]
    for publish in publishes:
        assert publish.version.content_hash == run.hashes_at_open[publish.round_number]
        assert publish.version.label == LABEL


def _votes(orgs: Sequence[str]) -> st.SearchStrategy[list[tuple[str, Choice]]]:
    return st.lists(
        st.tuples(st.sampled_from(orgs), st.sampled_from(Choice)), unique_by=lambda v: v[0]
    )


@settings(max_examples=200, deadline=None)
@given(data=st.data(), orgs=electorates, rule=rules, due=st.booleans())
def test_decision_ignores_arrival_order(
    data: st.DataObject, orgs: tuple[str, ...], rule: DecisionRule, due: bool
) -> None:
    """The decision on a round is the same whatever order its votes arrived in."""
    votes = data.draw(_votes(orgs))
    reordered = data.draw(st.permutations(votes))
    now = DEADLINE if due else NOW

    def build(order: Sequence[tuple[str, Choice]]) -> VoteRound:
        round_ = empty_round()
        for i, (org, choice) in enumerate(order):
            round_ = round_.with_vote(Vote(org, choice, approver(org), T0 + timedelta(minutes=i)))
        return round_

    assert decide(build(votes), rule, orgs, now) == decide(build(reordered), rule, orgs, now)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), orgs=electorates, rule=rules)
def test_outcome_ignores_the_order_votes_are_observed_in(
    data: st.DataObject, orgs: tuple[str, ...], rule: DecisionRule
) -> None:
    """Fed one at a time in any order, the same votes end the round the same way."""
    votes = data.draw(_votes(orgs))
    reordered = data.draw(st.permutations(votes))
    policy = alliance(orgs, rule)

    def ending(order: Sequence[tuple[str, Choice]]) -> Ending | None:
        events = [Change(org, choice.value, approver(org)) for org, choice in order]
        run = drive(policy, events, tick_at_deadline=True)
        endings = [e.ending for e in run.effects if isinstance(e, EndRound)]
        return endings[0] if endings else None

    assert ending(votes) == ending(reordered)

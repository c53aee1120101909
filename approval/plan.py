"""The effects of one step as they accumulate, and the open round as the step leaves it.

A ``Plan`` lives for one call of ``approval.process.step`` and is never shared; it keeps the
bookkeeping that every transition needs (one merged field write, notice keys, the protocol,
the audit entry of each notice) out of the transitions themselves.
"""

from __future__ import annotations

from datetime import datetime

from approval.columns import format_instant, is_blank
from approval.decide import Tally
from approval.effects import (
    Effect,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    Publish,
    RecordAudit,
    RevertReason,
    SetFields,
    StartRound,
    UpdateRound,
    Withdraw,
)
from approval.observation import Actor, Observation
from approval.policy import Policy
from approval.protocol import append, describe, describe_tally
from approval.rounds import VotedVersion, VoteRound
from approval.vocabulary import Choice

__all__ = ["Plan"]


class Plan:
    """Accumulates one step's effects; ``round`` is the open round so far in the step."""

    def __init__(
        self,
        observation: Observation,
        policy: Policy,
        now: datetime,
        open_round: VoteRound | None,
        last_round: int,
    ) -> None:
        self.observation = observation
        self.policy = policy
        self.columns = policy.columns
        self.now = now
        self.round = open_round
        self.opened = False
        self._last_number = max(last_round, open_round.number if open_round else 0)
        self._dirty = False
        self._rounds: list[Effect] = []
        self._fields: dict[str, str | None] = {}
        self._acts: list[Publish | Withdraw] = []
        self._notices: list[Notify] = []
        self._protocol = observation.before.get(self.columns.protocol)
        self._lines: list[str] = []

    def actor(self, column: str) -> Actor | None:
        """Who set ``column``, if the adapter could tell."""
        return self.observation.changed_by.get(column)

    def acted_at(self, column: str) -> datetime:
        """When ``column`` was set: from the version history, else now."""
        actor = self.actor(column)
        return actor.at if actor is not None and actor.at is not None else self.now

    def write(self, column: str, value: str | None) -> None:
        """Set ``column`` to ``value`` in the step's one field write (later writes win)."""
        self._fields[column] = value

    def act(self, effect: Publish | Withdraw) -> None:
        """Add an act outside SharePoint."""
        self._acts.append(effect)

    def refusal(self, column: str, lead_org: str | None) -> RevertReason | None:
        """Why the person who set ``column`` may not steer a document led by ``lead_org``.

        Steering (withdrawing, cancelling a vote, extending its deadline) is for the lead
        organisation's approvers and the steering group; None means the person may.
        """
        actor = self.actor(column)
        if actor is None:
            return RevertReason.UNATTRIBUTED
        approvers, at = self.policy.approvers, self.acted_at(column)
        if approvers.is_steering(actor.principal, actor.groups, at):
            return None
        if lead_org and approvers.is_authorised(lead_org, actor.principal, actor.groups, at):
            return None
        return RevertReason.NOT_AUTHORISED

    def revert(
        self, column: str, value: str | None, reason: RevertReason, org: str | None = None
    ) -> None:
        """Undo a person's change of ``column`` by writing ``value`` back, and report it."""
        self.write(column, value)
        self.notify(
            NoticeKind.CHANGE_REVERTED,
            subject=column,
            actor=self.actor(column),
            org=org,
            column=column,
            reason=reason,
        )

    def open_round(self, lead_org: str, kind: NoticeKind, actor: Actor | None) -> None:
        """Open the next round on the observed content, clearing every vote column."""
        obs, columns = self.observation, self.columns
        self._last_number += 1
        self.round = VoteRound(
            obs.document_id,
            self._last_number,
            VotedVersion(obs.version_label, obs.content_hash),
            self.now,
            self.now + self.policy.vote_period,
            lead_org,
        )
        self.opened, self._dirty = True, False
        self._rounds.append(StartRound(self.round))
        self._protocol, self._lines = None, []
        self.write(columns.version_under_vote, str(self.round.version))
        self.write(columns.deadline, format_instant(self.round.deadline))
        for org in self.policy.organisations:
            if not is_blank(obs.after, columns.vote(org)):
                self.write(columns.vote(org), None)
        self.notify(kind, per_round=True, actor=actor)

    def update_round(self, round_: VoteRound) -> None:
        """Replace the open round (a vote or its deadline changed)."""
        self.round, self._dirty = round_, True

    def end_round(self, ending: Ending) -> None:
        """Close the open round as it stands."""
        assert self.round is not None
        self._rounds.append(EndRound(self.round, ending, self.now))
        self.round, self.opened, self._dirty = None, False, False

    def notify(
        self,
        kind: NoticeKind,
        *,
        per_round: bool = False,
        subject: str = "",
        actor: Actor | None = None,
        org: str | None = None,
        choice: Choice | None = None,
        column: str | None = None,
        reason: str | None = None,
        missing: tuple[str, ...] = (),
        expected: str | None = None,
        tally: Tally | None = None,
    ) -> None:
        """Report an event; it also becomes a protocol line and an audit entry.

        The notice key names the document, the round and the event, and, unless the event
        happens once per round (``per_round``), its ``subject`` and the observed eTag.
        """
        obs = self.observation
        number = self.round.number if self.round is not None else self._last_number
        parts = [obs.document_id, str(number), kind.value]
        if not per_round:
            parts += [subject, obs.etag] if subject else [obs.etag]
        key = "/".join(parts)
        notice = Notify(
            kind,
            obs.document_id,
            key,
            self.now,
            self.round,
            actor.principal if actor is not None else None,
            org,
            choice,
            column,
            reason,
            missing,
            expected,
            tally,
        )
        self._notices.append(notice)
        self._lines.append(describe(notice, self.policy.timezone, self.policy.language))

    def effects(self) -> tuple[Effect, ...]:
        """The step's effects in the order they are to be applied."""
        rounds = list(self._rounds)
        if self._dirty and self.round is not None:
            rounds.append(UpdateRound(self.round))
        if self._lines:
            self.write(self.columns.protocol, append(self._protocol, self._lines))
        writes = [SetFields(self.observation.document_id, self._fields)] if self._fields else []
        audits = [_audit(n) for n in self._notices]
        return (*rounds, *writes, *self._acts, *self._notices, *audits)


def _audit(notice: Notify) -> RecordAudit:
    facts = {
        "round": str(notice.round.number) if notice.round else None,
        "version": str(notice.round.version) if notice.round else None,
        "org": notice.org,
        "choice": notice.choice,
        "column": notice.column,
        "reason": notice.reason,
        "missing": ", ".join(notice.missing) or None,
        "expected": notice.expected,
        "tally": describe_tally(notice.tally) if notice.tally else None,
    }
    details = {name: value for name, value in facts.items() if value is not None}
    return RecordAudit(
        notice.document_id, f"approval.{notice.kind}", notice.at, notice.actor, details
    )

"""Where things stand, read from the state file: what the worker's status page shows.

Open rounds with who voted what and when, their deadlines, the latest decisions, and what
needs someone's attention (reverted changes, documents held up at a stage, notifications
given up on). Read-only and without Graph, like ``freigabe status``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from config import Settings
from integration.state import StateStore
from integration.state.outbox import Outbox, OutboxFailure
from integration.state.problems import ProblemStore
from integration.state.records import AuditEntry
from integration.state.rounds import RoundStore
from jobs import messages as m
from ports.problems import ItemProblem

__all__ = ["Decision", "RoundRow", "StatusView", "VoteCell", "status_view"]

_REVERTED = "approval.change_reverted"
_RECENT = 20  # of each kind: a page to read at a glance, not the audit log


@dataclass(frozen=True, slots=True)
class VoteCell:
    """One organisation's vote in an open round; ``choice`` None while it has not voted."""

    org: str
    choice: str | None = None
    voter: str | None = None
    cast_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoundRow:
    """An open round: the document, its lead, its deadline and the vote of every
    organisation of the alliance."""

    document: str
    library: str
    round: int
    lead_org: str
    deadline: datetime
    votes: tuple[VoteCell, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision or a reverted change from the audit log."""

    at: datetime
    document: str
    what: str
    detail: str


@dataclass(frozen=True, slots=True)
class StatusView:
    """Everything the status page shows."""

    rounds: tuple[RoundRow, ...]
    decisions: tuple[Decision, ...]
    reverted: tuple[Decision, ...]
    problems: tuple[ItemProblem, ...]
    undelivered: tuple[OutboxFailure, ...]
    last_cycle: datetime | None


def _names(settings: Settings, store: StateStore, ids: set[str]) -> dict[str, str]:
    """Document id -> file name, for ``ids`` only: a page request must not read every
    snapshot of a large library."""
    names: dict[str, str] = {}
    for spec in settings.libraries:
        for doc, snapshot in store.get_snapshots(spec.key, ids - names.keys()).items():
            names[doc] = snapshot.name
    return names


def status_view(settings: Settings, store: StateStore) -> StatusView:
    """The view of ``store`` (call it inside one read snapshot for a consistent page)."""
    rounds = RoundStore(store).open_rounds()
    decided: deque[AuditEntry] = deque(maxlen=_RECENT)
    reverted: deque[AuditEntry] = deque(maxlen=_RECENT)
    for entry in store.iter_audit():
        if entry.kind in m.DECISIONS:
            decided.append(entry)
        elif entry.kind == _REVERTED:
            reverted.append(entry)
    ids = {o.round.document_id for o in rounds} | {e.subject for e in (*decided, *reverted)}
    names = _names(settings, store, ids)

    def decision(entry: AuditEntry, what: str) -> Decision:
        detail = ", ".join(f"{k}: {v}" for k, v in entry.payload.items() if v is not None)
        return Decision(entry.at, names.get(entry.subject, entry.subject), what, detail)

    rows = []
    for open_ in rounds:
        r = open_.round
        cells = tuple(
            VoteCell(org, v.choice.value, v.voter, v.cast_at)
            if (v := r.votes.get(org))
            else VoteCell(org)
            for org in settings.org_codes
        )
        name = names.get(r.document_id, r.document_id)
        rows.append(RoundRow(name, open_.library, r.number, r.lead_org, r.deadline, cells))
    last = store.get_meta("last_cycle_at")
    lang = settings.language
    return StatusView(
        rounds=tuple(sorted(rows, key=lambda row: row.deadline)),
        decisions=tuple(decision(e, m.DECISIONS[e.kind](lang)) for e in reversed(decided)),
        reverted=tuple(decision(e, m.REVERTED(lang)) for e in reversed(reverted)),
        problems=tuple(ProblemStore(store).all()),
        undelivered=tuple(Outbox(store).failures(limit=_RECENT)),
        last_cycle=datetime.fromisoformat(last) if last else None,
    )

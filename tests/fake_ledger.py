"""A ledger in memory that records what the stages hand it, for stage tests.

It keeps the contract of ``ports.ledger.Ledger`` as the SQLite store does
(``tests/adapter/state/test_ledger.py`` holds both to it), and besides lets a test read what
was committed: ``steps`` in order, ``audits`` as they would enter the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from approval import EndRound, Notify, RecordAudit, StartRound, UpdateRound, VoteRound, Withdraw
from ports.ledger import (
    OpenRound,
    PendingWrite,
    RecordedNotice,
    RecordedRelease,
    Release,
    Step,
    current_releases,
)

__all__ = ["RecordingLedger"]


@dataclass
class _Tables:
    rounds: dict[tuple[str, int], tuple[str, VoteRound, bool]] = field(default_factory=dict)
    processed: dict[str, dict[str, str | None]] = field(default_factory=dict)
    pending: dict[str, PendingWrite] = field(default_factory=dict)
    releases: dict[tuple[str, int], RecordedRelease] = field(default_factory=dict)
    notices: list[RecordedNotice] = field(default_factory=list)
    audits: list[RecordAudit] = field(default_factory=list)


class RecordingLedger:
    """``Ledger`` in memory; ``steps`` and ``audits`` show what was recorded."""

    def __init__(self) -> None:
        self._t = _Tables()
        self.steps: list[Step] = []

    @property
    def audits(self) -> list[RecordAudit]:
        return list(self._t.audits)

    def open_round(self, document_id: str) -> VoteRound | None:
        return next(
            (
                r
                for (doc, _), (_, r, is_open) in self._t.rounds.items()
                if doc == document_id and is_open
            ),
            None,
        )

    def last_round(self, document_id: str) -> int:
        return max((n for doc, n in self._t.rounds if doc == document_id), default=0)

    def open_rounds(self) -> list[OpenRound]:
        found = [(lib, r) for lib, r, is_open in self._t.rounds.values() if is_open]
        return [OpenRound(lib, r) for lib, r in sorted(found, key=lambda x: x[1].document_id)]

    def processed(self, document_id: str) -> dict[str, str | None] | None:
        fields = self._t.processed.get(document_id)
        return dict(fields) if fields is not None else None

    def pending_write(self, document_id: str) -> PendingWrite | None:
        return self._t.pending.get(document_id)

    def announce_write(
        self,
        library: str,
        document_id: str,
        values: Mapping[str, str | None],
        at: datetime,
        *,
        step: Step | None = None,
    ) -> None:
        self._t.pending[document_id] = PendingWrite(values, step)

    def settle_write(self, document_id: str, values: Mapping[str, str | None]) -> None:
        if document_id in self._t.processed:
            self._t.processed[document_id] = {**self._t.processed[document_id], **values}
        self._t.pending.pop(document_id, None)

    def drop_write(self, document_id: str) -> None:
        self._t.pending.pop(document_id, None)

    def commit_step(self, step: Step) -> int:
        return self.commit_steps([step])

    def commit_steps(self, steps: Sequence[Step]) -> int:
        # all or nothing, as one transaction: applied to a copy that replaces the tables
        tables = _Tables(
            dict(self._t.rounds),
            {doc: dict(fields) for doc, fields in self._t.processed.items()},
            dict(self._t.pending),
            dict(self._t.releases),
            list(self._t.notices),
            list(self._t.audits),
        )
        added = sum(_apply(tables, step) for step in steps)
        self._t = tables
        self.steps += steps
        return added

    def releases(self, document_id: str | None = None) -> list[RecordedRelease]:
        found = [
            r
            for (doc, _), r in self._t.releases.items()
            if document_id is None or doc == document_id
        ]
        return sorted(found, key=lambda r: r.release.released_at, reverse=True)

    def current_releases(self) -> dict[str, Release]:
        return current_releases(self.releases())

    def record_publication(
        self, document_id: str, round_number: int, *, sha256: str, verified_by: str
    ) -> None:
        """Nothing of the release changes (the SHA-256 is noted beside it)."""

    def notices_after(self, seq: int, limit: int = 500) -> list[RecordedNotice]:
        return [n for n in self._t.notices if n.seq > seq][:limit]


def _apply(t: _Tables, step: Step) -> int:
    # as the rows of the SQLite store: a round keeps the library it was first stored with,
    # and only an end closes it
    ended = [e for e in step.effects if isinstance(e, EndRound)]
    for end in ended:
        key = (end.round.document_id, end.round.number)
        library = t.rounds[key][0] if key in t.rounds else step.library
        t.rounds[key] = (library, end.round, False)
    closed = {end.round.number for end in ended}
    for e in step.effects:
        if isinstance(e, StartRound | UpdateRound) and e.round.number not in closed:
            key = (e.round.document_id, e.round.number)
            library, _, is_open = t.rounds.get(key, (step.library, e.round, True))
            t.rounds[key] = (library, e.round, is_open)
    t.processed[step.document_id] = dict(step.processed)
    t.pending.pop(step.document_id, None)
    known = {n.notice.key for n in t.notices}
    fresh = 0
    for notice in step.effects:
        if isinstance(notice, Notify) and notice.key not in known:
            seq = t.notices[-1].seq + 1 if t.notices else 1
            t.notices.append(RecordedNotice(seq, step.library, notice))
            known.add(notice.key)
            fresh += 1
    changed = any(
        isinstance(e, StartRound | UpdateRound | EndRound | Release) for e in step.effects
    )
    audits = [e for e in step.effects if isinstance(e, RecordAudit)] if fresh or changed else []
    t.audits += audits
    for release in step.effects:
        if isinstance(release, Release):
            t.releases.setdefault((step.document_id, release.round), RecordedRelease(release))
    for withdrawal in step.effects:
        if isinstance(withdrawal, Withdraw):
            for key, recorded in t.releases.items():
                if key[0] == step.document_id and recorded.withdrawn_at is None:
                    t.releases[key] = RecordedRelease(recorded.release, withdrawal.at)
    return len(audits)

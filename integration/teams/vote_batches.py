"""Which vote notices share a card: with ``vote_cards: per_cycle``, the votes one cycle saw
on one document.

The votes a cycle sees on a document are the notices of one step: the ledger records them in
one transaction, with the step's time as ``at``, so a pass over the notices always finds all
of them or none. A batch's key is its first vote's key: the same votes always make the same
card id, however often a crash makes the notify stage read them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from approval.effects import NoticeKind, Notify
from approval.rounds import VoteRound
from config.teams import VoteCards
from ports.ledger import RecordedNotice

__all__ = ["VOTE_KINDS", "VoteBatch", "batch_votes"]

VOTE_KINDS = frozenset({NoticeKind.VOTE_CAST, NoticeKind.VOTE_RETRACTED})


@dataclass(frozen=True, slots=True)
class VoteBatch:
    """The vote notices of one cycle on one document, in the order they were recorded.

    Attributes:
        library: the configuration key of the document's library.
        votes: the notices, at least one.
    """

    library: str
    votes: tuple[Notify, ...]

    @property
    def key(self) -> str:
        """The idempotency key of the batch's card."""
        return f"{self.votes[0].key}/votes"

    @property
    def document_id(self) -> str:
        return self.votes[0].document_id

    @property
    def round(self) -> VoteRound | None:
        """The round as it stood after the batch's last vote."""
        return self.votes[-1].round


def _cycle(recorded: RecordedNotice) -> tuple[str, str, int | None, datetime]:
    notice = recorded.notice
    number = notice.round.number if notice.round is not None else None
    return recorded.library, notice.document_id, number, notice.at


def batch_votes(
    recorded: Sequence[RecordedNotice], mode: VoteCards
) -> list[RecordedNotice | VoteBatch]:
    """The cards ``recorded`` makes under ``mode``, in order: every other notice as it is,
    votes one by one (``each``), batched where the first vote of its batch was (``per_cycle``),
    or not at all (``off``)."""
    if mode is VoteCards.EACH:
        return list(recorded)
    out: list[RecordedNotice | VoteBatch] = []
    batches: dict[tuple[str, str, int | None, datetime], int] = {}
    for entry in recorded:
        if entry.notice.kind not in VOTE_KINDS:
            out.append(entry)
        elif mode is VoteCards.PER_CYCLE:
            where = batches.setdefault(_cycle(entry), len(out))
            if where == len(out):
                out.append(VoteBatch(entry.library, (entry.notice,)))
            else:
                batch = out[where]
                assert isinstance(batch, VoteBatch)
                out[where] = VoteBatch(batch.library, (*batch.votes, entry.notice))
    return out

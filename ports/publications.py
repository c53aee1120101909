"""The public export's bookkeeping as the export adapter is given it.

Slugs, published entries, the files the export holds, the feed and the journal of
unfinished operations. Entries and feed items are opaque JSON text here: the export adapter
encodes them; the state store's ``PublicationRepository`` implements the Protocol.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["JournalRow", "JournalStage", "Operation", "PublicationBooks"]

# Withdrawals are not journaled: reconcile takes down whatever the expected releases no longer
# hold, so an interrupted one is simply done again. The state schema still admits the
# "withdraw" of early drafts; no released version wrote one.
Operation = Literal["publish"]
JournalStage = Literal["started", "verified"]


@dataclass(frozen=True, slots=True)
class JournalRow:
    """An unfinished export operation.

    Attributes:
        document_id: the document.
        operation: ``publish``.
        stage: ``started`` (nothing verified yet) or ``verified`` (the versioned copy is
            complete and its hash checked: the publication may be finished).
        payload: the operation's JSON text.
    """

    document_id: str
    operation: Operation
    stage: JournalStage
    payload: str


class PublicationBooks(Protocol):
    """The export's books; each method is one transaction (writes) or one read."""

    def slug_of(self, document_id: str) -> str | None:
        """The slug ``document_id`` holds, or None."""
        ...

    def slug_taken(self, slug: str) -> bool:
        """Some document holds ``slug``."""
        ...

    def claim_slug(self, document_id: str, slug: str) -> None:
        """Give ``slug`` to ``document_id`` for good (``StateError`` if another holds it)."""
        ...

    def entries(self) -> Mapping[str, str]:
        """The published entries by document id."""
        ...

    def files(self) -> Mapping[str, str]:
        """The files the export should hold below its document folders, path → document."""
        ...

    def feed(self) -> Sequence[tuple[int, str]]:
        """The feed history as (seq, item JSON), oldest first."""
        ...

    def journal(self) -> Sequence[JournalRow]:
        """The unfinished operations, by document id."""
        ...

    def begin(self, document_id: str, operation: Operation, payload: str) -> None:
        """Record that ``operation`` on ``document_id`` started (replacing an older one)."""
        ...

    def mark_verified(self, document_id: str, payload: str) -> None:
        """The versioned copy of ``document_id`` is complete; ``payload`` says what it holds."""
        ...

    def drop_journal(self, document_id: str) -> None:
        """Forget the unfinished operation on ``document_id``."""
        ...

    def commit(
        self,
        document_id: str,
        *,
        entry: str | None,
        add_files: Collection[str] = (),
        remove_files: Collection[str] = (),
        feed_item: str | None = None,
    ) -> None:
        """Finish an operation in one transaction.

        Sets the entry of ``document_id`` (None removes it), adds and removes file paths,
        appends ``feed_item`` when given and drops the journal row.
        """
        ...

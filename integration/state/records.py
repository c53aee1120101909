"""The values the state store hands back, besides the domain's own snapshots and events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from approval.documents import DocumentEvent

__all__ = [
    "AuditEntry",
    "AuditExtent",
    "AuditHead",
    "AuditVerification",
    "Cursor",
    "RecordedEvent",
]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the delta query of one library continues.

    Attributes:
        link: the nextLink or deltaLink to request next.
        complete: False while ``link`` is the nextLink of an unfinished pass (after a crash the
            pass resumes there); True once it is the deltaLink that ends a pass.
        resync: True while a full enumeration is in progress whose seen ids are being recorded.
    """

    link: str
    complete: bool
    resync: bool


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """A document event as the store recorded it, in the order the later stages consume.

    Attributes:
        seq: position in the event log; increases strictly, never reused.
        library: the configuration key of the library.
        item_id: the driveItem id the event is about.
        kind: ``added``, ``changed`` or ``removed``.
        event: the event itself.
        recorded_at: when the store recorded it (from the store's clock).
    """

    seq: int
    library: str
    item_id: str
    kind: str
    event: DocumentEvent
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the append-only audit log.

    Attributes:
        seq: position in the log, starting at 1 without gaps.
        at: when the entry was written (from the store's clock).
        kind: what happened, a dotted name such as ``round.decided``.
        subject: what it happened to, e.g. a library key and item id.
        payload: the details, as they read back from their canonical JSON form.
        prev_hash: ``hash`` of the previous entry; 64 zeros for the first.
        hash: sha256 (hex) over the canonical JSON of seq, at, kind, subject, payload, prev_hash.
    """

    seq: int
    at: datetime
    kind: str
    subject: str
    payload: Mapping[str, object]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class AuditExtent:
    """The size of the audit log, for laying it out before reading it entry by entry.

    Attributes:
        entries: how many entries there are.
        seq_width: characters of the highest seq.
        kind_width: characters of the longest kind.
        subject_width: characters of the longest subject.
    """

    entries: int
    seq_width: int
    kind_width: int
    subject_width: int


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The newest entry of the audit log, as an anchor outside the log records it.

    Attributes:
        seq: the entry's seq.
        hash: the entry's hash; with ``seq`` it pins the whole chain up to there.
    """

    seq: int
    hash: str

    def as_json(self) -> dict[str, object]:
        """``{"seq": ..., "hash": ...}``, as release records and the export manifest keep it."""
        return {"seq": self.seq, "hash": self.hash}


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of checking the audit chain.

    Attributes:
        ok: every entry checked out, and the log reaches every anchor of its head.
        entries: how many entries were read.
        first_bad_seq: the seq of the first entry that does not fit the chain or is missing
            at its end, if any (None when no one entry can be named).
        reason: why the log does not fit, in words.
        head: the newest entry read, when the log is not empty.
        anchors: what else recorded the head and agrees with the log (e.g. "the state's
            meta table"), newest first.
    """

    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str | None = None
    head: AuditHead | None = None
    anchors: tuple[str, ...] = ()

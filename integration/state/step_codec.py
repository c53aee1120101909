"""A step of the release process as JSON, for the write-ahead record of a field write.

Everything a step changes is announced with its field write; when the write is found in
SharePoint after a crash, the stored step is committed instead of deciding again, so no
effect is applied twice.
"""

from __future__ import annotations

from typing import Any

from integration.state.codec import (
    canonical_json,
    decode_datetime,
    decode_snapshot,
    encode_datetime,
    encode_snapshot,
    load_object,
)
from integration.state.rounds import (
    AuditRecord,
    NoticeRecord,
    ReleaseRecord,
    StepRecord,
    round_from_json,
    round_to_json,
)
from integration.state.transactions import decoding

__all__ = ["decode_step", "encode_step"]


def encode_step(step: StepRecord) -> str:
    """The one JSON text of ``step``."""
    return canonical_json(
        {
            "library": step.library,
            "document_id": step.document_id,
            "processed": dict(step.processed),
            "opened": round_to_json(step.opened) if step.opened else None,
            "updated": round_to_json(step.updated) if step.updated else None,
            "ended": [[round_to_json(r), how, encode_datetime(at)] for r, how, at in step.ended],
            "releases": [
                [r.round, encode_datetime(r.released_at), dict(r.record)] for r in step.releases
            ],
            "withdrawn_at": encode_datetime(step.withdrawn_at) if step.withdrawn_at else None,
            "notices": [[n.key, n.kind, encode_datetime(n.at), dict(n.data)] for n in step.notices],
            "audits": [
                [a.kind, a.subject, encode_datetime(a.at), dict(a.payload)] for a in step.audits
            ],
            "snapshot": encode_snapshot(step.snapshot) if step.snapshot else None,
        }
    )


def _round(data: Any) -> Any:
    return round_from_json(data) if data else None


def decode_step(text: str) -> StepRecord:
    """The step :func:`encode_step` wrote; ``StateError`` if ``text`` does not decode to one."""
    with decoding(None, "a pending step"):
        return _step(load_object(text))


def _step(d: dict[str, Any]) -> StepRecord:
    return StepRecord(
        library=d["library"],
        document_id=d["document_id"],
        processed=d["processed"],
        opened=_round(d["opened"]),
        updated=_round(d["updated"]),
        ended=tuple((round_from_json(r), how, decode_datetime(at)) for r, how, at in d["ended"]),
        releases=tuple(ReleaseRecord(n, decode_datetime(at), rec) for n, at, rec in d["releases"]),
        withdrawn_at=decode_datetime(d["withdrawn_at"]) if d["withdrawn_at"] else None,
        notices=tuple(
            NoticeRecord(k, kind, decode_datetime(at), data) for k, kind, at, data in d["notices"]
        ),
        audits=tuple(
            AuditRecord(kind, subject, decode_datetime(at), payload)
            for kind, subject, at, payload in d["audits"]
        ),
        snapshot=decode_snapshot(d["snapshot"]) if d["snapshot"] else None,
    )

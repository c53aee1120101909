"""A log that no longer holds the head the export manifest carries: noted in the log itself.

The manifest carries the audit head as it stood when it was written (``integration.export.
manifest``), and the next manifest carries the head of the log as it is then. So a log
rewound with its anchors in the state (entries cut off, or an older backup restored, or a
state file lost) would leave no trace once a manifest is written again. At its first cycle
the publish stage therefore compares the two before it writes anything to the export: when
the log lacks the manifest's head, an ``audit.behind_export`` entry records both heads.
That entry is chained and anchored like any other, so the rewind stays in the log.
"""

from __future__ import annotations

import structlog

from integration.export.manifest import ChainHead
from integration.language import Language
from integration.state import AuditHead, StateStore, audit_head
from integration.state.anchors import holds_head
from jobs import messages as m

__all__ = ["BEHIND_EXPORT", "note_rewind"]

BEHIND_EXPORT = "audit.behind_export"

log = structlog.get_logger("freigabe.audit")


def note_rewind(store: StateStore, published: ChainHead | None, language: Language) -> list[str]:
    """Record that the log lacks the ``published`` head, if it does; the lines for the report."""
    if published is None:
        return []
    head = AuditHead(*published)
    if holds_head(store, head):
        return []
    ours = audit_head(store)
    entry = store.append_audit(
        BEHIND_EXPORT,
        "manifest.json",
        {"manifest_head": head.as_json(), "log_head": ours.as_json() if ours else None},
    )
    log.warning(
        BEHIND_EXPORT,
        manifest_seq=head.seq,
        log_seq=ours.seq if ours else 0,
        recorded_as=entry.seq,
    )
    return [m.AUDIT_BEHIND_EXPORT(language, manifest_seq=head.seq, seq=entry.seq)]

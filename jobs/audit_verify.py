"""The work behind ``freigabe audit verify [--manifest FILE]``.

The state file is read read-only, so it works beside a running worker. With ``--manifest``
the export manifest's audit head is a further anchor, kept outside the state file: whoever
rewinds the log together with the heads the file keeps (its meta table, its release
records) still leaves the manifest naming an entry the log no longer holds.
"""

from __future__ import annotations

from pathlib import Path

from config import Settings
from integration.errors import UsageError
from integration.export.manifest import audit_head_of
from integration.state import AuditHead
from integration.state.anchors import Anchor
from jobs import messages as m
from jobs.state import open_state_readonly

__all__ = ["verify_audit"]


def verify_audit(settings: Settings, manifest: Path | None = None) -> tuple[str, bool]:
    """The report of ``audit verify`` and whether the log is intact.

    ``UsageError`` when ``manifest`` cannot be read or carries no audit head.
    """
    # the manifest first: a worker writing meanwhile can then only move the log past it
    outside = [] if manifest is None else [_manifest_anchor(manifest)]
    with open_state_readonly(settings) as store:
        result = store.verify_audit(outside)
    lang = settings.language
    if not result.ok:
        # the store's reason (English) on a line of its own: no line mixes two languages
        seq = result.first_bad_seq
        head = m.AUDIT_ALTERED(lang) if seq is None else m.AUDIT_ALTERED_FROM(lang, seq=seq)
        return f"{head}\n  {result.reason}", False
    text = m.AUDIT_INTACT(lang, entries=m.ENTRIES(lang, result.entries))
    if result.head is not None:
        head = m.AUDIT_HEAD(lang, seq=result.head.seq, hash=result.head.hash)
        if result.anchors:
            text += "\n" + m.HEAD_ANCHORED(lang, head=head)
            text += "".join(f"\n  {anchor}" for anchor in result.anchors)
        else:
            text += "\n" + m.HEAD_LINE(lang, head=head)
    return text, True


def _manifest_anchor(path: Path) -> Anchor:
    try:
        head = audit_head_of(path.read_bytes())
    except OSError as err:
        raise UsageError(f"cannot read manifest {path}: {err.strerror}") from err
    except ValueError as err:
        raise UsageError(f"{path} is no usable manifest: {err}") from err
    if head is None:
        raise UsageError(
            f"{path} carries no audit head (written by a freigabe before manifest schema "
            "1.2, or while the audit log was empty)"
        )
    return Anchor(f"the export manifest {path}", AuditHead(*head))

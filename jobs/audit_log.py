"""The work behind ``freigabe audit show``: the audit log as a table or as JSON lines.

Both read the state file read-only, in one snapshot, entry by entry (the store reads it in
pages), so a log of any length is printed in flat memory beside a running worker.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from zoneinfo import ZoneInfo

from config import Settings
from integration.state import AuditEntry
from integration.state.codec import encode_datetime
from jobs.state import open_state_readonly

__all__ = ["audit_lines", "json_line"]

_HEADERS = ("Nr", "Zeitpunkt", "Art", "Gegenstand", "Hash", "Inhalt")
_TIME = "%d.%m.%Y %H:%M:%S"
_HASH = 12  # enough to tell entries apart in a table; --json has the whole hash


def audit_lines(settings: Settings, *, json_lines: bool) -> Generator[str, None, None]:
    """The lines of ``freigabe audit show`` (``--json``: one JSON object per entry)."""
    with open_state_readonly(settings) as store, store.snapshot():
        if json_lines:
            yield from (json_line(entry) for entry in store.iter_audit())
            return
        extent = store.audit_extent()
        if not extent.entries:
            yield "Audit-Protokoll: keine Einträge"
            return
        widths = (
            max(extent.seq_width, len(_HEADERS[0])),
            len("01.01.2026 00:00:00"),
            max(extent.kind_width, len(_HEADERS[2])),
            max(extent.subject_width, len(_HEADERS[3])),
            _HASH,
        )
        yield _row(_HEADERS, widths)
        yield _row(tuple("-" * w for w in (*widths, len(_HEADERS[5]))), widths)
        tz = ZoneInfo(settings.process.timezone)
        for entry in store.iter_audit():
            cells = (
                str(entry.seq),
                entry.at.astimezone(tz).strftime(_TIME),
                entry.kind,
                entry.subject,
                entry.hash[:_HASH],
                _compact(dict(entry.payload)),
            )
            yield _row(cells, widths)


def json_line(entry: AuditEntry) -> str:
    """One entry as a JSON object holding exactly what its hash covers, and the hash.

    ``hash`` is the sha256 (hex) of the canonical JSON array ``[seq, at, kind, subject,
    payload, prev_hash]`` (sorted keys, no spaces, UTF-8), so the chain can be checked
    without freigabe.
    """
    return _compact(
        {
            "seq": entry.seq,
            "at": encode_datetime(entry.at),
            "kind": entry.kind,
            "subject": entry.subject,
            "payload": dict(entry.payload),
            "prev_hash": entry.prev_hash,
            "hash": entry.hash,
        }
    )


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return "  ".join([*padded, *cells[len(widths) :]]).rstrip()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

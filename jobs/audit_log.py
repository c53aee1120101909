"""The work behind ``freigabe audit show``: the audit log as a table or as JSON lines.

Both read the state file read-only, in one snapshot, entry by entry (the store reads it in
pages), so a log of any length is printed in flat memory beside a running worker.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from datetime import datetime
from zoneinfo import ZoneInfo

from config import Settings
from integration.language import Language, date_in
from integration.state import AuditEntry
from integration.state.codec import encode_datetime
from jobs import messages as m
from jobs.state import open_state_readonly

__all__ = ["audit_lines", "json_line"]

_HASH = 12  # enough to tell entries apart in a table; --json has the whole hash


def audit_lines(settings: Settings, *, json_lines: bool) -> Generator[str, None, None]:
    """The lines of ``freigabe audit show`` (``--json``: one JSON object per entry)."""
    with open_state_readonly(settings) as store, store.snapshot():
        if json_lines:
            yield from (json_line(entry) for entry in store.iter_audit())
            return
        lang = settings.language
        extent = store.audit_extent()
        if not extent.entries:
            yield m.AUDIT_EMPTY(lang)
            return
        headers = tuple(h(lang) for h in m.AUDIT_HEADINGS)
        widths = (
            max(extent.seq_width, len(headers[0])),
            len("01.01.2026 00:00:00"),  # as long in either language's order
            max(extent.kind_width, len(headers[2])),
            max(extent.subject_width, len(headers[3])),
            _HASH,
        )
        yield _row(headers, widths)
        yield _row(tuple("-" * w for w in (*widths, len(headers[5]))), widths)
        tz = ZoneInfo(settings.process.timezone)
        for entry in store.iter_audit():
            cells = (
                str(entry.seq),
                _moment(entry.at.astimezone(tz), lang),
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


def _moment(at: datetime, lang: Language) -> str:
    """The entry's time to the second, the date in the language's order."""
    return f"{date_in(at, lang)} {at:%H:%M:%S}"


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return "  ".join([*padded, *cells[len(widths) :]]).rstrip()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

"""Human-readable lines for what a cycle saw."""

from __future__ import annotations

from collections.abc import Sequence

from approval.documents import DocumentAdded, DocumentChanged, DocumentEvent, DocumentRemoved
from integration.state.records import RecordedEvent
from jobs.table import render_table

__all__ = ["describe", "events_table"]


def describe(event: DocumentEvent, *, status_column: str) -> tuple[str, str, str]:
    """(kind, document name, detail) of one event; a new document's detail shows its
    ``status_column`` (``columns.status``)."""
    match event:
        case DocumentAdded(document=doc):
            status = doc.fields.get(status_column)
            return (
                "neu",
                doc.name,
                f"Version {doc.version or '?'}" + (f", {status}" if status else ""),
            )
        case DocumentChanged(before=before, after=after):
            parts = []
            if after.name != before.name:
                parts.append(f"umbenannt von {before.name!r}")
            if event.content_changed and after.content_hash is None:
                # Graph lists no hash until a first download: a change cannot be ruled out
                parts.append("Inhalt ungeprüft (noch ohne Hash)")
            elif event.content_changed:
                parts.append("Inhalt geändert")
            fields = [f for f in event.changed_fields if f != "FileLeafRef"]
            if fields:
                parts.append("Felder: " + ", ".join(fields))
            return "geändert", after.name, "; ".join(parts)
        case DocumentRemoved(document=doc):
            return "entfernt", doc.name, ""
    raise AssertionError(f"unknown event {event!r}")


def events_table(events: Sequence[RecordedEvent], *, status_column: str) -> str:
    """A table of recorded events: sequence, library, kind, document, detail."""
    rows = [(e.seq, e.library, *describe(e.event, status_column=status_column)) for e in events]
    return render_table(["#", "Bibliothek", "Ereignis", "Dokument", "Details"], rows)

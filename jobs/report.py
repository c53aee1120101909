"""Human-readable lines for what a cycle saw."""

from __future__ import annotations

from collections.abc import Sequence

from approval.documents import DocumentAdded, DocumentChanged, DocumentEvent, DocumentRemoved
from integration.language import Language
from integration.state.records import RecordedEvent
from jobs import messages as m
from jobs.table import render_table

__all__ = ["describe", "events_table"]


def describe(
    event: DocumentEvent, *, status_column: str, language: Language = Language.DE
) -> tuple[str, str, str]:
    """(kind, document name, detail) of one event; a new document's detail shows its
    ``status_column`` (``columns.status``), whose value is the tenant's and stays as it is."""
    lang = language
    match event:
        case DocumentAdded(document=doc):
            status = doc.fields.get(status_column)
            return (
                m.ADDED(lang),
                doc.name,
                m.VERSION(lang, version=doc.version or "?") + (f", {status}" if status else ""),
            )
        case DocumentChanged(before=before, after=after):
            parts = []
            if after.name != before.name:
                parts.append(m.RENAMED(lang, name=repr(before.name)))
            if event.content_changed and after.content_hash is None:
                # Graph lists no hash until a first download: a change cannot be ruled out
                parts.append(m.CONTENT_UNCHECKED(lang))
            elif event.content_changed:
                parts.append(m.CONTENT_CHANGED(lang))
            fields = [f for f in event.changed_fields if f != "FileLeafRef"]
            if fields:
                parts.append(m.FIELDS(lang, fields=", ".join(fields)))
            return m.CHANGED(lang), after.name, "; ".join(parts)
        case DocumentRemoved(document=doc):
            return m.REMOVED(lang), doc.name, ""
    raise AssertionError(f"unknown event {event!r}")


def events_table(
    events: Sequence[RecordedEvent], *, status_column: str, language: Language = Language.DE
) -> str:
    """A table of recorded events: sequence, library, kind, document, detail."""
    rows = [
        (e.seq, e.library, *describe(e.event, status_column=status_column, language=language))
        for e in events
    ]
    return render_table(["#", *(head(language) for head in m.EVENT_HEADINGS)], rows)

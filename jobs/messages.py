"""The words of freigabe's terminal output, in German and English.

SharePoint's values (the status "Freigegeben", the votes, column names) are the tenant's data
and are shown as they are in both languages.
"""

from __future__ import annotations

from integration.language import Plural, Text

__all__ = [
    "ADDED",
    "CARDS_QUEUED",
    "CHANGED",
    "CONFLICTS",
    "CONTENT_CHANGED",
    "CONTENT_UNCHECKED",
    "CYCLE_FAILED",
    "DELTA_PAGES",
    "ENFORCED",
    "EVENT_HEADINGS",
    "EXPORT",
    "FIELDS",
    "LIBRARIES",
    "MORE",
    "NEW_EVENTS",
    "NOT_UPDATED",
    "REMOVED",
    "RENAMED",
    "TEAMS",
    "VERSION",
]

LIBRARIES = Plural(Text("Bibliothek", "library"), Text("Bibliotheken", "libraries"))
DELTA_PAGES = Plural(Text("Delta-Seite", "delta page"), Text("Delta-Seiten", "delta pages"))
NEW_EVENTS = Plural(Text("neues Ereignis", "new event"), Text("neue Ereignisse", "new events"))
CARDS_QUEUED = Plural(
    Text("Karte eingereiht", "card queued"), Text("Karten eingereiht", "cards queued")
)
MORE = Text("… und {count} weitere", "… and {count} more")
ENFORCED = Text("Freigabeprozess:", "Release process:")
NOT_UPDATED = Text(
    "Nicht aktualisiert, im nächsten Zyklus erneut versucht:",
    "Not updated, tried again in the next cycle:",
)
CONFLICTS = Text(
    "Gleichzeitig geändert, im nächsten Zyklus neu entschieden: {documents}",
    "Changed at the same time, decided afresh in the next cycle: {documents}",
)
EXPORT = Text("Export:", "Export:")
TEAMS = Text(
    "Teams: {queued}, {sent} zugestellt, {retried} später erneut, "
    "{failed} endgültig fehlgeschlagen",
    "Teams: {queued}, {sent} delivered, {retried} to be retried, {failed} failed for good",
)
CYCLE_FAILED = Text(
    "Ergebnis: ein Schritt ist fehlgeschlagen (siehe oben); der nächste Zyklus versucht es erneut",
    "Result: a step failed (see above); the next cycle tries again",
)

ADDED = Text("neu", "new")
CHANGED = Text("geändert", "changed")
REMOVED = Text("entfernt", "removed")
VERSION = Text("Version {version}", "version {version}")
RENAMED = Text("umbenannt von {name}", "renamed from {name}")
CONTENT_UNCHECKED = Text(
    "Inhalt ungeprüft (noch ohne Hash)", "content not checked (no hash listed yet)"
)
CONTENT_CHANGED = Text("Inhalt geändert", "content changed")
FIELDS = Text("Felder: {fields}", "fields: {fields}")
EVENT_HEADINGS = (
    Text("Bibliothek", "Library"),
    Text("Ereignis", "Event"),
    Text("Dokument", "Document"),
    Text("Details", "Details"),
)

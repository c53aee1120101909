"""The words of freigabe's terminal output, in German and English.

SharePoint's values (the status "Freigegeben", the votes, column names) are the tenant's data
and are shown as they are in both languages.
"""

from __future__ import annotations

from integration.language import Plural, Text

__all__ = [
    "ADDED",
    "ADOPTED",
    "ADOPTED_LINE",
    "ATTEMPTS",
    "ATTENTION",
    "CARDS_QUEUED",
    "CHANGED",
    "CONFLICTS",
    "CONTENT_CHANGED",
    "CONTENT_UNCHECKED",
    "CYCLE_FAILED",
    "DEADLINE",
    "DECISIONS",
    "DECISION_HEADINGS",
    "DELTA_PAGES",
    "DOCUMENT",
    "DOCUMENTS",
    "ENFORCED",
    "ERROR",
    "EVENT_HEADINGS",
    "EXPORT",
    "EXPORT_WITHDRAWN",
    "FIELDS",
    "GIVEN_UP",
    "HASH_MISMATCH",
    "KIND",
    "LAST_CYCLE",
    "LAST_CYCLE_LINE",
    "LEAD",
    "LIBRARIES",
    "LIBRARY",
    "LIBRARY_HEADINGS",
    "LINK_NOT_WRITTEN",
    "MORE",
    "NEVER",
    "NEWEST_FIRST",
    "NEW_EVENTS",
    "NONE",
    "NOTHING_TO_ADOPT",
    "NOT_CHECKABLE",
    "NOT_PUBLISHED",
    "NOT_UPDATED",
    "NO_DECISIONS",
    "NO_OPEN_ROUNDS",
    "NO_STATE",
    "OPEN",
    "OPEN_ROUNDS",
    "OPEN_ROUNDS_NONE",
    "OPEN_ROUNDS_TABLE",
    "OUTBOX_HEADINGS",
    "OUTBOX_LINE",
    "PAGE_TITLE",
    "PDF_NOT_PUBLISHED",
    "PDF_PUBLISHED",
    "PUBLISHED_AT",
    "REASON",
    "RECENT_DECISIONS",
    "RELEASED_LINE",
    "REMOVED",
    "REMOVED_FROM_EXPORT",
    "RENAMED",
    "REVERTED",
    "REVERTED_CAPTION",
    "REVERTED_CHANGES",
    "ROUND_HEADINGS",
    "SINCE",
    "SITE_NOT_WRITTEN",
    "STEP",
    "STUCK",
    "STUCK_CAPTION",
    "STUCK_CLI_HEADINGS",
    "STUCK_HEADINGS",
    "STUCK_NONE",
    "STUCK_TABLE",
    "SYNC_CURRENT",
    "SYNC_RUNNING",
    "TAKEN_FROM_EXPORT",
    "TEAMS",
    "UNDELIVERED",
    "UNDELIVERED_CAPTION",
    "UNDELIVERED_HEADINGS",
    "VERSION",
    "VOTES_BY_ORG",
    "WOULD_ADOPT",
]

# column headings and words several outputs share
LIBRARY = Text("Bibliothek", "Library")
DOCUMENT = Text("Dokument", "Document")
LEAD = Text("Federführung", "Lead")
DEADLINE = Text("Frist", "Deadline")
STEP = Text("Schritt", "Step")
ATTEMPTS = Text("Versuche", "Attempts")
SINCE = Text("Seit", "Since")
ERROR = Text("Fehler", "Error")
GIVEN_UP = Text("Aufgegeben", "Given up")
KIND = Text("Art", "Kind")
REASON = Text("Grund", "Reason")
NEVER = Text("noch nie", "never")

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
    LIBRARY,
    Text("Ereignis", "Event"),
    DOCUMENT,
    Text("Details", "Details"),
)

# the status page (jobs/worker/status_page.py) and its view (jobs/status_view.py)
DECISIONS = {
    "approval.released": Text("freigegeben", "released"),
    "approval.rejected": Text("abgelehnt", "rejected"),
    "approval.withdrawn": Text("zurückgezogen", "withdrawn"),
    "approval.cancelled": Text("abgebrochen", "cancelled"),
    "approval.adopted": Text("übernommen", "adopted"),
}
REVERTED = Text("zurückgesetzt", "reverted")
PAGE_TITLE = Text("Freigabe: aktueller Stand", "Freigabe: where things stand")
LAST_CYCLE = Text("Letzter Zyklus: {when}", "Last cycle: {when}")
OPEN_ROUNDS = Text("Offene Abstimmungen", "Open votes")
NO_OPEN_ROUNDS = Text("Keine offenen Abstimmungen.", "No open votes.")
VOTES_BY_ORG = Text("Stimmen je Organisation", "Votes by organisation")
OPEN = Text("offen", "open")
RECENT_DECISIONS = Text("Letzte Entscheidungen", "Recent decisions")
NEWEST_FIRST = Text("Neueste zuerst", "Newest first")
NO_DECISIONS = Text("Noch keine Entscheidungen.", "No decisions yet.")
DECISION_HEADINGS = (
    Text("Zeit", "Time"),
    DOCUMENT,
    Text("Was", "What"),
    Text("Einzelheiten", "Details"),
)
ATTENTION = Text("Braucht Aufmerksamkeit", "Needs attention")
REVERTED_CHANGES = Text("Zurückgesetzte Änderungen", "Reverted changes")
REVERTED_CAPTION = Text("Zurückgesetzt", "Reverted")
NONE = Text("Keine.", "None.")
STUCK = Text("Hängende Dokumente", "Stuck documents")
STUCK_CAPTION = Text("Werden in jedem Zyklus erneut versucht", "Tried again in every cycle")
STUCK_HEADINGS = (
    DOCUMENT,
    STEP,
    ATTEMPTS,
    SINCE,
    ERROR,
)
UNDELIVERED = Text("Nicht zugestellte Karten", "Cards not delivered")
UNDELIVERED_CAPTION = Text("Endgültig fehlgeschlagen", "Failed for good")
UNDELIVERED_HEADINGS = (
    GIVEN_UP,
    KIND,
    Text("Kanal", "Channel"),
    ATTEMPTS,
    REASON,
)

# freigabe status (jobs/status.py)
NO_STATE = Text(
    "Noch kein Zustand: {path} gibt es noch nicht; `freigabe once` oder der Worker legt die "
    "Datei an.",
    "No state yet: {path} does not exist; `freigabe once` or the worker creates it.",
)
OPEN_ROUNDS_NONE = Text("Offene Abstimmungen: keine", "Open votes: none")
OPEN_ROUNDS_TABLE = Text("Offene Abstimmungen:", "Open votes:")
ROUND_HEADINGS = (
    DOCUMENT,
    LEAD,
    DEADLINE,
    Text("Stimmen", "Votes"),
    Text("Voten", "Ballots"),
)
SYNC_CURRENT = Text("aktuell", "up to date")
SYNC_RUNNING = Text("läuft", "running")
LIBRARY_HEADINGS = (
    LIBRARY,
    Text("Name", "Name"),
    Text("Dokumente", "Documents"),
    Text("Abgleich", "Sync"),
)
LAST_CYCLE_LINE = Text("Letzter Zyklus: {when}", "Last cycle: {when}")
STUCK_NONE = Text("Hängende Dokumente: keine", "Stuck documents: none")
STUCK_TABLE = Text(
    "Hängende Dokumente (werden in jedem Zyklus erneut versucht):",
    "Stuck documents (tried again in every cycle):",
)
STUCK_CLI_HEADINGS = (
    DOCUMENT,
    STEP,
    Text("Antwort", "Answer"),
    ATTEMPTS,
    SINCE,
    ERROR,
)
DOCUMENTS = Plural(Text("Dokument", "document"), Text("Dokumente", "documents"))
RELEASED_LINE = Text(
    "Freigegeben: {documents}, davon veröffentlicht: {published}",
    "Released: {documents}, of which published: {published}",
)
ADOPTED_LINE = Text(
    "Aus dem vorhandenen Export übernommen: {documents} (am {when}, der Zustand kannte sie nicht)",
    "Taken over from the existing export: {documents} (on {when}, the state did not know them)",
)
OUTBOX_LINE = Text(
    "Teams-Ausgang: {pending} wartend, {sending} in Zustellung, {sent} zugestellt, "
    "{failed} endgültig fehlgeschlagen",
    "Teams outbox: {pending} waiting, {sending} being delivered, {sent} delivered, "
    "{failed} failed for good",
)
OUTBOX_HEADINGS = (
    KIND,
    Text("Schlüssel", "Key"),
    ATTEMPTS,
    GIVEN_UP,
    REASON,
)

# the export's lines of `once` (jobs/publish.py) and adopting (jobs/adopt.py,
# jobs/adopt_releases.py)
REMOVED_FROM_EXPORT = Text(
    "{name}: zurückgezogen, aus dem Export entfernt", "{name}: withdrawn, removed from the export"
)
NOT_CHECKABLE = Text(
    "{name}: im Export nicht prüfbar ({message})",
    "{name}: cannot be checked in the export ({message})",
)
HASH_MISMATCH = Text(
    "{name}: NICHT veröffentlicht, Inhalt passt nicht zum Hash",
    "{name}: NOT published, the content does not match the hash",
)
NOT_PUBLISHED = Text("{name}: NICHT veröffentlicht ({error})", "{name}: NOT published ({error})")
PUBLISHED_AT = Text("{name}: veröffentlicht unter {url}", "{name}: published at {url}")
PDF_PUBLISHED = Text("{name}: PDF veröffentlicht", "{name}: PDF published")
PDF_NOT_PUBLISHED = Text(
    "{name}: PDF NICHT veröffentlicht ({error})", "{name}: PDF NOT published ({error})"
)
SITE_NOT_WRITTEN = Text("Export NICHT geschrieben: {error}", "Export NOT written: {error}")
LINK_NOT_WRITTEN = Text(
    "{name}: Link NICHT eingetragen ({error})", "{name}: link NOT set ({error})"
)
EXPORT_WITHDRAWN = Text(
    "{name}: im Export, in SharePoint zurückgezogen",
    "{name}: in the export, withdrawn in SharePoint",
)
TAKEN_FROM_EXPORT = Text(
    "{name}: aus dem vorhandenen Export übernommen (Version {version})",
    "{name}: taken over from the existing export (version {version})",
)
NOTHING_TO_ADOPT = Text(
    "Keine Dokumente, die vor freigabe freigegeben wurden und nicht im Export sind.",
    "No documents released before freigabe that are not in the export.",
)
WOULD_ADOPT = Text(
    "{name}: würde als Freigabe übernommen (Version {version})",
    "{name}: would be adopted as a release (version {version})",
)
ADOPTED = Text(
    "{name}: als Freigabe übernommen (Version {version})",
    "{name}: adopted as a release (version {version})",
)

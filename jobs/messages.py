"""The words of freigabe's terminal output, in German and English.

SharePoint's values (the status "Freigegeben", the votes, column names) are the tenant's data
and are shown as they are in both languages.
"""

from __future__ import annotations

from integration.language import Plural, Text

__all__ = [
    "ACTIVITY_IS_TEXT",
    "ADDED",
    "ADOPTED",
    "ADOPTED_LINE",
    "ALTERED_AT_SOURCE",
    "ANSWER",
    "APP_ONLY_DISPUTED",
    "ATTEMPTS",
    "ATTENTION",
    "AUDIT_ALTERED",
    "AUDIT_ALTERED_FROM",
    "AUDIT_BEHIND_EXPORT",
    "AUDIT_EMPTY",
    "AUDIT_HEAD",
    "AUDIT_HEADINGS",
    "AUDIT_INTACT",
    "BACKUP_CHECK",
    "BACKUP_DAMAGED",
    "BACKUP_HEAD",
    "BACKUP_SCHEMA",
    "BACKUP_SIZE",
    "BACKUP_WRITTEN",
    "BROADER",
    "CARDS_QUEUED",
    "CHANGED",
    "CHOICES_ADDED",
    "CHOICES_EXTRA",
    "CHOICES_KEPT",
    "CHOICES_MISSING",
    "CHOSEN_STRATEGY",
    "CLOUD",
    "COLUMN",
    "COLUMNS",
    "COLUMN_HEADINGS",
    "CONFIG_VALID",
    "CONFLICTS",
    "CONTENT_CHANGED",
    "CONTENT_UNCHECKED",
    "CREATED",
    "CYCLE_FAILED",
    "DEADLINE",
    "DECISIONS",
    "DECISION_HEADINGS",
    "DELTA_PAGES",
    "DISPLAY_NAME",
    "DISPLAY_NAME_SET",
    "DOCUMENT",
    "DOCUMENTS",
    "EMPTY",
    "EMPTY_LIBRARY",
    "ENFORCED",
    "ENTRIES",
    "ERROR",
    "EVENT_HEADINGS",
    "EXPORT",
    "EXPORT_WITHDRAWN",
    "FIELDS",
    "GIVEN_UP",
    "GROUP_MEMBER_ENOUGH",
    "HASH_MISMATCH",
    "HEAD_ANCHORED",
    "HEAD_LINE",
    "HYPERLINK_PRESENT",
    "KIND",
    "LAST_CYCLE",
    "LEAD",
    "LIBRARIES",
    "LIBRARY",
    "LIBRARY_CHECK_HEADINGS",
    "LIBRARY_ERROR",
    "LIBRARY_HEADINGS",
    "LINK_COLUMN_ADVICE",
    "LINK_NOT_WRITTEN",
    "MISSING",
    "MORE",
    "NAME",
    "NETWORK_SHARE",
    "NEVER",
    "NEWEST_FIRST",
    "NEW_EVENTS",
    "NONE",
    "NOTHING_TO_ADOPT",
    "NOT_CHECKABLE",
    "NOT_NEEDED",
    "NOT_PUBLISHED",
    "NOT_READY",
    "NOT_UPDATED",
    "NO_DECISIONS",
    "NO_DRIVE_ITEM",
    "NO_FIELDS",
    "NO_OPEN_ROUNDS",
    "NO_ROLES",
    "NO_STATE",
    "NO_WEBHOOK",
    "NO_WEBHOOKS",
    "OK",
    "OK_PREFIX",
    "OPEN",
    "OPEN_ROUNDS",
    "OPEN_ROUNDS_NONE",
    "OPEN_ROUNDS_TABLE",
    "ORGANISATIONS",
    "OUTBOX_HEADINGS",
    "OUTBOX_LINE",
    "PAGE_TITLE",
    "PDF_NOT_PUBLISHED",
    "PDF_PUBLISHED",
    "PERMISSION_HEADINGS",
    "PERMISSION_ROWS",
    "PRESENT",
    "PRESENT_WITH",
    "PROVISIONED",
    "PROVISION_HEADINGS",
    "PUBLISHED_AT",
    "READS_EVERY_SITE",
    "READY",
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
    "SCHEMA_BEHIND",
    "SCHEMA_CURRENT",
    "SCHEMA_EMPTY",
    "SELECTED_PRESENT",
    "SINCE",
    "SITE_NOT_WRITTEN",
    "STATE_DB",
    "STATE_DB_ERROR",
    "STATE_MOVED",
    "STATUS",
    "STEP",
    "STRATEGY_ERROR",
    "STRATEGY_HEADINGS",
    "STRATEGY_OK",
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
    "TOKEN_MISSING",
    "TOKEN_NO_JWT",
    "TOKEN_ROLES",
    "TYPE_PRESENT",
    "UNDELIVERED",
    "UNDELIVERED_CAPTION",
    "UNDELIVERED_HEADINGS",
    "UNHASHED",
    "USER_AND_GROUP_ENOUGH",
    "USE_SELECTED",
    "VERSION",
    "VOTES_BY_ORG",
    "WARNING",
    "WEBHOOK",
    "WOULD",
    "WOULD_ADOPT",
    "WOULD_BE_CHANGED",
    "WOULD_BE_CREATED",
    "WOULD_PROVISION",
    "WRONG_TYPE",
    "YES",
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
NAME = Text("Name", "Name")
ANSWER = Text("Antwort", "Answer")
STATUS = Text("Status", "Status")

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

# the status page (jobs/worker/status_page.py) and its view (jobs/status_view.py); LAST_CYCLE
# ends `freigabe status` too
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
    NAME,
    Text("Dokumente", "Documents"),
    Text("Abgleich", "Sync"),
)
STUCK_NONE = Text("Hängende Dokumente: keine", "Stuck documents: none")
STUCK_TABLE = Text(
    "Hängende Dokumente (werden in jedem Zyklus erneut versucht):",
    "Stuck documents (tried again in every cycle):",
)
STUCK_CLI_HEADINGS = (
    DOCUMENT,
    STEP,
    ANSWER,
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
# `check` with the state in PostgreSQL (state_url)
STATE_DB = Text(
    "Zustandsdatenbank: {url}, PostgreSQL {server}, {schema}",
    "State database: {url}, PostgreSQL {server}, {schema}",
)
STATE_DB_ERROR = Text("Zustandsdatenbank: FEHLER: {error}", "State database: ERROR: {error}")
SCHEMA_CURRENT = Text("Schema-Version {version} (aktuell)", "schema version {version} (current)")
SCHEMA_EMPTY = Text(
    "noch leer (run oder once legt das Schema an)", "still empty (run or once creates the schema)"
)
SCHEMA_BEHIND = Text(
    "Schema-Version {version} von {newest} (run oder once migriert)",
    "schema version {version} of {newest} (run or once migrates it)",
)
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

# freigabe check (jobs/check.py); provision (jobs/provision.py) shares its column words
MISSING = Text("FEHLT", "MISSING")
YES = Text("ja", "yes")
WARNING = Text("Warnung: {role} {note}", "Warning: {role} {note}")
NOT_NEEDED = Text(
    "Warnung: {role} wird von der Konfiguration nicht benötigt",
    "Warning: the configuration does not need {role}",
)
USE_SELECTED = Text(
    "Sites.Selected mit {grant}-Freigabe auf den Websites der Allianz verwenden",
    "use Sites.Selected with a {grant} grant on the alliance's sites",
)
READS_EVERY_SITE = Text("liest jede Website: {hint}", "reads every site: {hint}")
BROADER = Text("breiter als nötig: {hint}", "broader than needed: {hint}")
GROUP_MEMBER_ENOUGH = Text(
    "GroupMember.ReadBasic.All genügt", "GroupMember.ReadBasic.All is enough"
)
USER_AND_GROUP_ENOUGH = Text(
    "User.ReadBasic.All (oder User.Read.All) und GroupMember.ReadBasic.All genügen",
    "User.ReadBasic.All (or User.Read.All) and GroupMember.ReadBasic.All are enough",
)
SELECTED_PRESENT = Text(
    "ja (write-Freigabe je Website nötig)", "yes (a write grant on each site needed)"
)
PERMISSION_ROWS = (
    Text("Sites.Selected + write-Freigabe", "Sites.Selected + write grant"),
    Text("once, run (Abgleich, Durchsetzung)", "once, run (sync, enforcement)"),
    Text("manage-Freigabe (oder Sites.Manage.All)", "manage grant (or Sites.Manage.All)"),
    Text("provision (Spalten anlegen)", "provision (creating columns)"),
    Text("manage-Freigabe nötig", "manage grant needed"),
    Text("fehlt", "missing"),
    Text("(keine weitere)", "(none more)"),
    Text("Änderungsbenachrichtigungen", "change notifications"),
    Text("User.ReadBasic.All oder User.Read.All", "User.ReadBasic.All or User.Read.All"),
    Text("Abstimmende per Objekt-ID erkennen", "recognising voters by their object id"),
    Text("E-Mail-Erinnerungen", "mail reminders"),
    Text("Abstimmende über Entra-Gruppen", "voters through Entra groups"),
)
APP_ONLY_DISPUTED = Text(
    " (app-only umstritten: `freigabe probe` prüft es)",
    " (disputed app-only: `freigabe probe` checks it)",
)
TOKEN_MISSING = Text("Zugriffstoken: FEHLT: {error}", "Access token: MISSING: {error}")
TOKEN_NO_JWT = Text(
    "Zugriffstoken: erhalten (kein JWT: Berechtigungen unbekannt, nicht geprüft)",
    "Access token: received (no JWT: permissions unknown, not checked)",
)
TOKEN_ROLES = Text(
    "Zugriffstoken: erhalten, Rollen: {roles}", "Access token: received, roles: {roles}"
)
NO_ROLES = Text("keine", "none")
PERMISSION_HEADINGS = (
    Text("Berechtigung", "Permission"),
    Text("benötigt für", "needed for"),
    Text("vorhanden", "present"),
)
ACTIVITY_IS_TEXT = Text(
    "Typ {kind}, erwartet Auswahl (choice) mit den Aktivitäten aus process.leadership: "
    "Textspalte einer älteren Version. freigabe ändert keinen Spaltentyp (Werte könnten "
    "verloren gehen). In SharePoint: Spalte {column} → Spalteneinstellungen → Typ „Auswahl“, "
    "dann `freigabe provision` (ergänzt die Auswahlwerte)",
    "type {kind}, expected a choice column with the activities of process.leadership: the "
    "text column of an older version. freigabe changes no column's type (values could be "
    "lost). In SharePoint: column {column} → column settings → type “Choice”, then "
    "`freigabe provision` (adds the choices)",
)
LINK_COLUMN_ADVICE = Text(
    "Hyperlink-Spalte? Graph kann Hyperlink-Spalten nicht schreiben (Zeichenkette: 500, "
    "Objekt: 400). Abhilfe: die Spalte in SharePoint umbenennen oder löschen und `freigabe "
    "provision` ausführen (legt eine Textspalte an), oder columns.public_link auf einen neuen "
    "Namen setzen und `freigabe provision` ausführen",
    "A hyperlink column? Graph cannot write hyperlink columns (a string: 500, an object: "
    "400). Remedy: rename or delete the column in SharePoint and run `freigabe provision` "
    "(creates a text column), or set columns.public_link to a new name and run `freigabe "
    "provision`",
)
WRONG_TYPE = Text("Typ {kind}, erwartet {wanted}", "type {kind}, expected {wanted}")
OK = Text("ok", "ok")
OK_PREFIX = Text("ok; ", "ok; ")
CHOICES_MISSING = Text(
    "Auswahl fehlt: {choices} (`freigabe provision` ergänzt)",
    "choices missing: {choices} (`freigabe provision` adds them)",
)
CHOICES_EXTRA = Text(
    "zusätzliche Auswahl: {choices} (nicht in der Konfiguration; in SharePoint entfernen, "
    "wenn kein Dokument sie nutzt)",
    "further choices: {choices} (not in the configuration; remove them in SharePoint when no "
    "document uses them)",
)
STRATEGY_OK = Text("korrekt", "correct")
UNHASHED = Text(
    " ({unhashed} von {files} Dateien noch ohne Hash)",
    " ({unhashed} of {files} files without a hash yet)",
)
STRATEGY_ERROR = Text("Fehler: {error}", "Error: {error}")
EMPTY_LIBRARY = Text("nicht prüfbar (leere Bibliothek)", "cannot be checked (empty library)")
NO_FIELDS = Text(
    "liefert keine Felder ($expand=fields ignoriert)",
    "returns no fields ($expand=fields ignored)",
)
NO_DRIVE_ITEM = Text(
    "liefert kein driveItem (kein Inhalts-Hash)", "returns no driveItem (no content hash)"
)
NETWORK_SHARE = Text(
    "Warnung: die Zustandsdatei {path} liegt auf einem Netzlaufwerk ({fstype} {source} auf "
    "{point}); SQLite sperrt dort nicht sicher, die Datei kann unbemerkt beschädigt werden: "
    "state_path auf ein lokales Volume legen",
    "Warning: the state file {path} lies on a network share ({fstype} {source} on {point}); "
    "SQLite does not lock safely there and the file can be damaged unnoticed: put state_path "
    "on a local volume",
)
NO_WEBHOOK = Text("keiner: Ereignisse werden nicht gepostet", "none: events are not posted")
WEBHOOK = Text("Teams-Kanal (Webhook)", "Teams channel (webhook)")
NO_WEBHOOKS = Text(
    "Hinweis: teams.webhooks ist leer, es werden keine Karten gepostet",
    "Note: teams.webhooks is empty, no cards are posted",
)
ORGANISATIONS = Plural(
    Text("Organisation", "organisation"), Text("Organisationen", "organisations")
)
CONFIG_VALID = Text(
    "Konfiguration: gültig ({libraries}, {organisations})",
    "Configuration: valid ({libraries}, {organisations})",
)
CLOUD = Text(
    "Cloud: {cloud}, Graph: {graph}, Anmeldung: {mode}",
    "Cloud: {cloud}, Graph: {graph}, sign-in: {mode}",
)
LIBRARY_ERROR = Text("FEHLER: {error}", "ERROR: {error}")
COLUMN = Text("Spalte", "Column")
DISPLAY_NAME = Text("Anzeigename", "Display name")
LIBRARY_CHECK_HEADINGS = (LIBRARY, NAME, Text("Website", "Site"), STATUS)
COLUMN_HEADINGS = (LIBRARY, COLUMN, DISPLAY_NAME, STATUS)
STRATEGY_HEADINGS = (LIBRARY, Text("Strategie", "Strategy"), ANSWER)
CHOSEN_STRATEGY = Text("Gewählte Strategie: {strategy}", "Chosen strategy: {strategy}")
READY = Text("Ergebnis: bereit", "Result: ready")
NOT_READY = Text("Ergebnis: NICHT bereit", "Result: NOT ready")

# freigabe provision (jobs/provision.py)
PROVISION_HEADINGS = (LIBRARY, COLUMN, DISPLAY_NAME, Text("Aktion", "Action"))
HYPERLINK_PRESENT = Text(
    "vorhanden als Hyperlink-Spalte: nicht beschreibbar, siehe check",
    "present as a hyperlink column: cannot be written, see check",
)
TYPE_PRESENT = Text(
    "vorhanden, Typ {kind} statt {wanted}: nicht geändert, siehe check",
    "present, type {kind} instead of {wanted}: not changed, see check",
)
DISPLAY_NAME_SET = Text("Anzeigename gesetzt", "display name set")
CHOICES_ADDED = Text("Auswahl ergänzt: {choices}", "choices added: {choices}")
CHOICES_KEPT = Text(
    "behalten, nicht in der Konfiguration: {choices}", "kept, not in the configuration: {choices}"
)
CREATED = Text("angelegt", "created")
WOULD_BE_CREATED = Text("würde angelegt", "would be created")
WOULD_BE_CHANGED = Text("würde geändert: {detail}", "would be changed: {detail}")
PRESENT = Text("vorhanden", "present")
PRESENT_WITH = Text("vorhanden; {detail}", "present; {detail}")
COLUMNS = Plural(Text("Spalte", "column"), Text("Spalten", "columns"))
PROVISIONED = Text(
    "{columns} angelegt, {changed} geändert.", "{columns} created, {changed} changed."
)
# German puts the auxiliary in the number of its count; English "would" has one form
WOULD = Plural(Text("würde", "would"), Text("würden", "would"))
WOULD_PROVISION = Text(
    "{columns} {would_create} angelegt, {changed} {would_change} geändert.",
    "{columns} {would_create} be created, {changed} {would_change} be changed.",
)

# freigabe audit verify / show (jobs/audit_verify.py, jobs/audit_log.py), backup (jobs/backup.py)
# and the note on a rewound log (jobs/rewind.py); the reasons and anchors the state store names
# are its own English lines
ENTRIES = Plural(Text("Eintrag", "entry"), Text("Einträge", "entries"))
AUDIT_ALTERED = Text("Audit-Protokoll VERÄNDERT:", "Audit log ALTERED:")
AUDIT_ALTERED_FROM = Text(
    "Audit-Protokoll VERÄNDERT ab Eintrag {seq}:", "Audit log ALTERED from entry {seq}:"
)
AUDIT_INTACT = Text(
    "Audit-Protokoll unverändert: {entries}, Kette vollständig.",
    "Audit log unchanged: {entries}, chain complete.",
)
AUDIT_HEAD = Text("Eintrag {seq}, sha256 {hash}", "entry {seq}, sha256 {hash}")
HEAD_ANCHORED = Text("Kopf: {head}, verankert in:", "Head: {head}, anchored in:")
HEAD_LINE = Text("Kopf: {head}", "Head: {head}")
# `state migrate`
STATE_MOVED = Text("Zustand verschoben: {source} -> {target}", "State moved: {source} -> {target}")
ALTERED_AT_SOURCE = Text("(so schon in {source})", "(so already in {source})")
AUDIT_EMPTY = Text("Audit-Protokoll: keine Einträge", "Audit log: no entries")
AUDIT_HEADINGS = (
    Text("Nr", "No"),
    Text("Zeitpunkt", "Time"),
    KIND,
    Text("Gegenstand", "Subject"),
    Text("Hash", "Hash"),
    Text("Inhalt", "Content"),
)
BACKUP_WRITTEN = Text("Sicherung geschrieben: {path}", "Backup written: {path}")
BACKUP_SIZE = Text("  Größe: {size} Bytes", "  Size: {size} bytes")
BACKUP_SCHEMA = Text("  Schema-Version: {version}", "  Schema version: {version}")
BACKUP_HEAD = Text("  Audit-Kopf: {head}", "  Audit head: {head}")
EMPTY = Text("leer", "empty")
BACKUP_CHECK = Text("  Prüfung (quick_check): {check}", "  Check (quick_check): {check}")
BACKUP_DAMAGED = Text(
    "Die Zustandsdatei selbst ist beschädigt: diese Sicherung taugt nicht.",
    "The state file itself is damaged: this backup is of no use.",
)
AUDIT_BEHIND_EXPORT = Text(
    "Audit-Protokoll: manifest.json verankert Eintrag {manifest_seq}, den das Protokoll nicht "
    "enthält (gekürzt, aus einer älteren Sicherung wiederhergestellt oder neu angelegt); "
    "vermerkt als Eintrag {seq}",
    "Audit log: manifest.json anchors entry {manifest_seq}, which the log does not hold (cut "
    "off, restored from an older backup or created afresh); noted as entry {seq}",
)

"""The labels, buttons and short phrases of the cards and reminder mails, in German and English.

The vote values (``Zustimmung``, ...) and column names (``Votum_<ORG>``) are the tenant's
SharePoint data: they appear as they are in both languages.
"""

from __future__ import annotations

from integration.language import Plural, Text

__all__ = [
    "ADVICE_ENFORCE",
    "ADVICE_EXPORT",
    "ADVICE_LINK",
    "ADVICE_LOCKED",
    "ADVICE_PUBLISH",
    "AGAIN",
    "BY",
    "COLUMN",
    "COUNTS_AS",
    "DEADLINE",
    "DECISION",
    "DOCUMENT",
    "ERROR",
    "EXPECTED",
    "GIVEN",
    "GRAPH_ANSWER",
    "HOW_TO_VOTE",
    "HOW_TO_VOTE_TEXT",
    "IN_DAYS",
    "LEAD",
    "LIBRARY",
    "MAIL_BODY",
    "MAIL_DEADLINE",
    "MAIL_OPEN",
    "MAIL_SUBJECT",
    "MISSING",
    "MORE",
    "NEW_IN_CYCLE",
    "NEW_VOTES",
    "NONE",
    "NOT_VOTED",
    "NO_OPEN_ROUNDS",
    "OPEN_IN_SHAREPOINT",
    "OPEN_STATUS_PAGE",
    "OPEN_VOTES",
    "OR",
    "ORGANISATION",
    "PUBLIC",
    "PUBLISHED_VERSION",
    "REASON",
    "RETRACTED",
    "RETRACTED_VOTES",
    "ROUND",
    "SINCE",
    "STAGE",
    "STAGE_ENFORCE",
    "STAGE_LINK",
    "STAGE_PUBLISH",
    "STANDING",
    "SUBTITLE",
    "TITLE",
    "TODAY",
    "TOMORROW",
    "UNKNOWN",
    "VERSION",
    "VOTE",
    "VOTE_BUTTON",
    "WHAT_TO_DO",
    "WITHOUT_VOTE",
]

SUBTITLE = Text("Freigabeprozess", "Release process")
DOCUMENT = Text("Dokument", "Document")
TITLE = Text("Titel", "Title")
LIBRARY = Text("Bibliothek", "Library")
ROUND = Text("Runde", "Round")
VERSION = Text("Version", "Version")
LEAD = Text("Federführung", "Lead")
DEADLINE = Text("Frist", "Deadline")
NOT_VOTED = Text("noch kein Votum", "no vote yet")
MORE = Text("… und {count} weitere", "… and {count} more")
OR = Text("{first} oder {last}", "{first} or {last}")
COUNTS_AS = Text(" (zählt als {value})", " (counts as {value})")
DECISION = Text("Entscheidung", "Decision")
WITHOUT_VOTE = Text("Ohne Votum", "Not voted")
HOW_TO_VOTE = Text("So stimmen Sie ab", "How to vote")
HOW_TO_VOTE_TEXT = Text(
    "„Abstimmen“ öffnet die Eigenschaften des Dokuments. Setzen Sie dort die Spalte "
    "Ihrer Organisation auf {choices} und speichern Sie.",
    "“Vote” opens the document's properties. Set your organisation's column there to "
    "{choices} and save.",
)
VOTE_BUTTON = Text("Abstimmen", "Vote")
OPEN_IN_SHAREPOINT = Text("In SharePoint öffnen", "Open in SharePoint")
OPEN_STATUS_PAGE = Text("Statusseite öffnen", "Open the status page")
PUBLISHED_VERSION = Text("Veröffentlichte Fassung", "Published version")
UNKNOWN = Text("unbekannt", "unknown")
BY = Text("Von", "By")
MISSING = Text("Es fehlt", "Missing")
GIVEN = Text("Angegeben", "Given")
EXPECTED = Text("Laut Lenkungskreis", "According to the steering group")
REASON = Text("Grund", "Reason")
VOTE = Text("Votum", "Vote")
ORGANISATION = Text("Organisation", "Organisation")
COLUMN = Text("Spalte", "Column")
PUBLIC = Text("Öffentlich", "Public")
STANDING = Text("Stand der Voten", "Votes so far")
NEW_IN_CYCLE = Text("Neu in diesem Durchlauf", "New in this cycle")
RETRACTED = Text("zurückgenommen", "retracted")
NONE = Text("keine", "none")
NEW_VOTES = Plural(Text("neues Votum", "new vote"), Text("neue Voten", "new votes"))
RETRACTED_VOTES = Plural(
    Text("Votum zurückgenommen", "vote retracted"), Text("Voten zurückgenommen", "votes retracted")
)
OPEN_VOTES = Plural(
    Text("offene Abstimmung", "open vote"), Text("offene Abstimmungen", "open votes")
)
NO_OPEN_ROUNDS = Text("Keine offenen Abstimmungen.", "No open votes.")
TODAY = Text("heute", "today")
TOMORROW = Text("morgen", "tomorrow")
IN_DAYS = Text("in {days} Tagen", "in {days} days")
STAGE = Text("Schritt", "Step")
STAGE_ENFORCE = Text("Freigabeprozess", "release process")
STAGE_PUBLISH = Text("Veröffentlichung", "publication")
STAGE_LINK = Text("öffentlicher Link", "public link")
GRAPH_ANSWER = Text("Graph-Antwort", "Graph answer")
ERROR = Text("Fehler", "Error")
SINCE = Text("Seit", "Since")
WHAT_TO_DO = Text("Was tun", "What to do")
AGAIN = Text(
    " freigabe versucht es in jedem Durchlauf erneut; „freigabe status“ zeigt, was noch hängt.",
    " freigabe tries again in every cycle; “freigabe status” shows what is still stuck.",
)
ADVICE_ENFORCE = Text(
    "IT: die Antwort von Graph prüfen (Spalte, Wert, Rechte der App).",
    "IT: check Graph's answer (column, value, the app's permissions).",
)
ADVICE_PUBLISH = Text(
    "IT: den Export an der genannten Stelle prüfen (symbolischer Link, Dateiname, "
    "Schreibrechte, Speicherplatz) und das Hindernis beseitigen.",
    "IT: check the export at the place named (symbolic link, file name, write permission, "
    "disk space) and remove the obstacle.",
)
ADVICE_LINK = Text(
    "IT: prüfen, ob die App die Spalte des öffentlichen Links schreiben darf.",
    "IT: check that the app may write the column of the public link.",
)
ADVICE_LOCKED = Text(
    "In Office geöffnet: bitte das Dokument schließen.",
    "Open in Office: please close the document.",
)
ADVICE_EXPORT = Text(
    "IT: den Exportordner oder Blob-Container prüfen (symbolischer Link, Schreibrechte, "
    "Speicherplatz, Verbindung) und das Hindernis beseitigen.",
    "IT: check the export folder or Blob container (symbolic link, write permission, "
    "disk space, connection) and remove the obstacle.",
)
MAIL_SUBJECT = Text(
    "Erinnerung: Votum von {org} zu {document} bis {deadline}",
    "Reminder: vote of {org} on {document} by {deadline}",
)
MAIL_BODY = Text(
    "<p>Für <b>{name}</b> (Runde {round}, Version {version}) liegt noch kein Votum von "
    "{org} vor.</p>",
    "<p><b>{name}</b> (round {round}, version {version}) has no vote from {org} yet.</p>",
)
MAIL_DEADLINE = Text(
    "<p>Die Frist endet am {deadline} ({days}).</p>",
    "<p>The deadline ends on {deadline} ({days}).</p>",
)
MAIL_OPEN = Text("Dokument in SharePoint öffnen", "Open the document in SharePoint")

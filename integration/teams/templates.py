"""The default wording of the cards, a headline and a sentence per kind, as ``$`` templates
in German and English.

Operators may replace either through the settings (``teams.templates``, in the configured
language); the kinds and the placeholders, the same for every kind, are named in
``config.teams``. Vote values and column names are the tenant's data and fill the
placeholders as they are.
"""

from __future__ import annotations

from approval.effects import NoticeKind
from config.teams import DIGEST, REMINDER, STUCK, STUCK_EXPORT, VOTES
from integration.language import Text

__all__ = ["DEFAULTS"]

DEFAULTS: dict[str, tuple[Text, Text]] = {
    NoticeKind.SUBMITTED: (
        Text("Zur Abstimmung: $document", "To vote: $document"),
        Text(
            "Runde $round ist eröffnet, Federführung $lead. Bitte stimmen Sie bis $deadline ab.",
            "Round $round is open, lead $lead. Please vote by $deadline.",
        ),
    ),
    NoticeKind.MISSING_METADATA: (
        Text("Angaben fehlen: $document", "Details missing: $document"),
        Text(
            "Zur Abstimmung gestellt, aber es fehlt: $missing. Das Dokument ist wieder ein "
            "Entwurf.",
            "Submitted for a vote, but this is missing: $missing. The document is a draft again.",
        ),
    ),
    NoticeKind.LEAD_CONTRADICTION: (
        Text("Federführung unstimmig: $document", "Lead does not match: $document"),
        Text(
            "Die angegebene Federführung $org passt nicht ($reason; laut Lenkungskreis: "
            "$expected). Das Dokument ist wieder ein Entwurf.",
            "The lead organisation given, $org, does not fit ($reason; according to the steering "
            "group: $expected). The document is a draft again.",
        ),
    ),
    NoticeKind.VOTE_CAST: (
        Text("Votum $org zu $document: $choice", "Vote of $org on $document: $choice"),
        Text(
            "$org hat zu $document mit „$choice“ abgestimmt ($actor).",
            "$org voted “$choice” on $document ($actor).",
        ),
    ),
    NoticeKind.VOTE_RETRACTED: (
        Text("Votum $org zurückgenommen: $document", "Vote of $org retracted: $document"),
        Text(
            "$org hat das Votum zu $document zurückgenommen ($actor).",
            "$org retracted its vote on $document ($actor).",
        ),
    ),
    NoticeKind.CHANGE_REVERTED: (
        Text("Änderung zurückgesetzt: $document", "Change reverted: $document"),
        Text(
            "Die Änderung von $actor an „$column“ wurde zurückgesetzt: $reason.",
            "The change by $actor to “$column” was reverted: $reason.",
        ),
    ),
    NoticeKind.DEADLINE_EXTENDED: (
        Text("Frist verlängert: $document", "Deadline extended: $document"),
        Text(
            "Die Frist von Runde $round läuft jetzt bis $deadline ($actor).",
            "Round $round now runs until $deadline ($actor).",
        ),
    ),
    NoticeKind.ROUND_RESTARTED: (
        Text("Neue Runde nach Änderung: $document", "New round after a change: $document"),
        Text(
            "Der Inhalt wurde geändert, die bisherigen Voten verfallen. Runde $round läuft bis "
            "$deadline.",
            "The content was changed; the votes so far lapse. Round $round runs until $deadline.",
        ),
    ),
    NoticeKind.RELEASED: (
        Text("Freigegeben: $document", "Released: $document"),
        Text(
            "Version $version ist freigegeben ($reason) und veröffentlicht.",
            "Version $version is released ($reason) and published.",
        ),
    ),
    NoticeKind.REJECTED: (
        Text("Abgelehnt: $document", "Rejected: $document"),
        Text(
            "Runde $round endete ohne Freigabe: $reason.",
            "Round $round ended without a release: $reason.",
        ),
    ),
    NoticeKind.WITHDRAWN: (
        Text("Zurückgezogen: $document", "Withdrawn: $document"),
        Text(
            "Das Dokument wurde zurückgezogen ($actor) und ist nicht mehr öffentlich.",
            "The document was withdrawn ($actor) and is no longer public.",
        ),
    ),
    NoticeKind.CANCELLED: (
        Text("Abstimmung abgebrochen: $document", "Vote cancelled: $document"),
        Text(
            "Runde $round wurde abgebrochen ($actor); das Dokument ist wieder ein Entwurf.",
            "Round $round was cancelled ($actor); the document is a draft again.",
        ),
    ),
    NoticeKind.NEW_DRAFT: (
        Text("Neuer Entwurf: $document", "New draft: $document"),
        Text(
            "Der Inhalt wurde nach der Freigabe geändert. Öffentlich bleibt die freigegebene "
            "Fassung.",
            "The content was changed after the release. The released version stays public.",
        ),
    ),
    VOTES: (
        Text("Abstimmungsstand: $document", "Votes so far: $document"),
        Text(
            "$votes; noch offen: $missing.",
            "$votes; still open: $missing.",
        ),
    ),
    REMINDER: (
        Text("Erinnerung: $document", "Reminder: $document"),
        Text(
            "Die Frist endet $deadline ($days_left). Noch ohne Votum: $missing.",
            "The deadline ends $deadline ($days_left). Not voted yet: $missing.",
        ),
    ),
    DIGEST: (
        Text("Wochenübersicht: $open_votes", "Weekly overview: $open_votes"),
        Text(
            "Stand $date. Offene Runden mit Frist und den Organisationen ohne Votum:",
            "As of $date. Open rounds with their deadline and the organisations that have not "
            "voted:",
        ),
    ),
    STUCK + "enforce": (
        Text("Hängt: $document", "Stuck: $document"),
        Text(
            "Der Freigabeprozess für $document kommt nicht weiter: $error. Die übrigen Dokumente "
            "laufen weiter.",
            "The release process for $document cannot proceed: $error. The other documents carry "
            "on.",
        ),
    ),
    STUCK + "publish": (
        Text("Nicht veröffentlicht: $document", "Not published: $document"),
        Text(
            "Die freigegebene Fassung von $document konnte nicht in den Export geschrieben "
            "werden: $error. Die übrigen Dokumente laufen weiter.",
            "The released version of $document could not be written to the export: $error. The "
            "other documents carry on.",
        ),
    ),
    STUCK + "link": (
        Text("Link nicht eingetragen: $document", "Link not set: $document"),
        Text(
            "Der öffentliche Link von $document konnte nicht in SharePoint eingetragen werden: "
            "$error. Veröffentlicht ist das Dokument.",
            "The public link of $document could not be set in SharePoint: $error. The document is "
            "published.",
        ),
    ),
    STUCK_EXPORT: (
        Text("Export nicht geschrieben", "Export not written"),
        Text(
            "Startseite, manifest.json oder feed.xml des Exports konnten nicht geschrieben "
            "werden: $error. Bis das behoben ist, wird nichts veröffentlicht oder zurückgezogen.",
            "The export's index page, manifest.json or feed.xml could not be written: $error. "
            "Until that is fixed, nothing is published or withdrawn.",
        ),
    ),
}

"""The German wording of the cards: a headline and a sentence per kind, as ``$`` templates.

Operators may replace either through the settings (``teams.templates``); the kinds and the
placeholders, the same for every kind, are named in ``config.teams``, and a value that does
not apply to a kind reads ``–``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from string import Template

from approval.effects import NoticeKind
from approval.leadership import Contradiction
from approval.protocol import REASON_WORDS
from config.teams import (
    DIGEST,
    PLACEHOLDERS,
    REMINDER,
    STUCK,
    STUCK_EXPORT,
    VOTES,
    TeamsSettings,
)

__all__ = ["Wording", "local_time", "reason_words"]

_DEFAULTS: dict[str, tuple[str, str]] = {
    NoticeKind.SUBMITTED: (
        "Zur Abstimmung: $document",
        "Runde $round ist eröffnet, Federführung $lead. Bitte stimmen Sie bis $deadline ab.",
    ),
    NoticeKind.MISSING_METADATA: (
        "Angaben fehlen: $document",
        "Zur Abstimmung gestellt, aber es fehlt: $missing. Das Dokument ist wieder ein Entwurf.",
    ),
    NoticeKind.LEAD_CONTRADICTION: (
        "Federführung unstimmig: $document",
        "Die angegebene Federführung $org passt nicht ($reason; laut Lenkungskreis: $expected). "
        "Das Dokument ist wieder ein Entwurf.",
    ),
    NoticeKind.VOTE_CAST: (
        "Votum $org zu $document: $choice",
        "$org hat zu $document mit „$choice“ abgestimmt ($actor).",
    ),
    NoticeKind.VOTE_RETRACTED: (
        "Votum $org zurückgenommen: $document",
        "$org hat das Votum zu $document zurückgenommen ($actor).",
    ),
    NoticeKind.CHANGE_REVERTED: (
        "Änderung zurückgesetzt: $document",
        "Die Änderung von $actor an „$column“ wurde zurückgesetzt: $reason.",
    ),
    NoticeKind.DEADLINE_EXTENDED: (
        "Frist verlängert: $document",
        "Die Frist von Runde $round läuft jetzt bis $deadline ($actor).",
    ),
    NoticeKind.ROUND_RESTARTED: (
        "Neue Runde nach Änderung: $document",
        "Der Inhalt wurde geändert, die bisherigen Voten verfallen. "
        "Runde $round läuft bis $deadline.",
    ),
    NoticeKind.RELEASED: (
        "Freigegeben: $document",
        "Version $version ist freigegeben ($reason) und veröffentlicht.",
    ),
    NoticeKind.REJECTED: (
        "Abgelehnt: $document",
        "Runde $round endete ohne Freigabe: $reason.",
    ),
    NoticeKind.WITHDRAWN: (
        "Zurückgezogen: $document",
        "Das Dokument wurde zurückgezogen ($actor) und ist nicht mehr öffentlich.",
    ),
    NoticeKind.CANCELLED: (
        "Abstimmung abgebrochen: $document",
        "Runde $round wurde abgebrochen ($actor); das Dokument ist wieder ein Entwurf.",
    ),
    NoticeKind.NEW_DRAFT: (
        "Neuer Entwurf: $document",
        "Der Inhalt wurde nach der Freigabe geändert. Öffentlich bleibt die freigegebene Fassung.",
    ),
    VOTES: (
        "Abstimmungsstand: $document",
        "$votes; noch offen: $missing.",
    ),
    REMINDER: (
        "Erinnerung: $document",
        "Die Frist endet $deadline ($days_left). Noch ohne Votum: $missing.",
    ),
    DIGEST: (
        "Wochenübersicht: $count offene Abstimmungen",
        "Stand $date. Offene Runden mit Frist und den Organisationen ohne Votum:",
    ),
    STUCK + "enforce": (
        "Hängt: $document",
        "Der Freigabeprozess für $document kommt nicht weiter: $error. "
        "Die übrigen Dokumente laufen weiter.",
    ),
    STUCK + "publish": (
        "Nicht veröffentlicht: $document",
        "Die freigegebene Fassung von $document konnte nicht in den Export geschrieben werden: "
        "$error. Die übrigen Dokumente laufen weiter.",
    ),
    STUCK + "link": (
        "Link nicht eingetragen: $document",
        "Der öffentliche Link von $document konnte nicht in SharePoint eingetragen werden: "
        "$error. Veröffentlicht ist das Dokument.",
    ),
    STUCK_EXPORT: (
        "Export nicht geschrieben",
        "Startseite, manifest.json oder feed.xml des Exports konnten nicht geschrieben werden: "
        "$error. Bis das behoben ist, wird nichts veröffentlicht oder zurückgezogen.",
    ),
}

# The protocol's words, except that a card names the contradiction from the submitter's side.
_REASONS: dict[str, str] = {
    **REASON_WORDS,
    Contradiction.NOT_TABLE_LEAD: "nicht die federführende Organisation",
}


def reason_words(code: str | None) -> str:
    """A reason code in words; an unknown code as it is."""
    return _REASONS.get(code or "", code or "–")


def local_time(at: datetime, zone: tzinfo) -> str:
    """``at`` as people in ``zone`` read it: ``27.10.2026 17:00``."""
    return at.astimezone(zone).strftime("%d.%m.%Y %H:%M")


@dataclass(frozen=True, slots=True)
class Wording:
    """The texts and the time zone cards are written in.

    Attributes:
        zone: the time zone times are shown in.
        overrides: kind -> (title, text) templates replacing the defaults; None keeps one.
    """

    zone: tzinfo
    overrides: Mapping[str, tuple[str | None, str | None]]

    @classmethod
    def from_settings(cls, settings: TeamsSettings) -> Wording:
        """The time zone and the text overrides the Teams settings configure."""
        overrides = {kind: (t.title, t.text) for kind, t in settings.templates.items()}
        return cls(settings.zone, overrides)

    def render(self, kind: str, values: Mapping[str, str]) -> tuple[str, str]:
        """The title and sentence of ``kind`` with ``values`` filled in (missing ones ``–``)."""
        title, text = _DEFAULTS[kind]
        custom_title, custom_text = self.overrides.get(kind, (None, None))
        filled = {name: values.get(name) or "–" for name in PLACEHOLDERS}
        return (
            Template(custom_title or title).safe_substitute(filled),
            Template(custom_text or text).safe_substitute(filled),
        )

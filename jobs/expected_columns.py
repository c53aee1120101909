"""The library columns the release process needs, as people see them and as Graph creates them.

The internal names come from ``columns:`` in the configuration; what people read in
SharePoint's forms (display name, description) and the choices of the choice columns follow
from the rest of it: the organisations, and the activities of ``process.leadership``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from approval.vocabulary import Choice, Status
from config import Settings

__all__ = [
    "LEGACY_DISPLAY_NAME",
    "ExpectedColumn",
    "activities",
    "column_definition",
    "expected_columns",
]

LEGACY_DISPLAY_NAME = "Pflichtangabe"
"""What freigabe 0.2 and earlier named every required column; ``provision`` replaces it."""


@dataclass(frozen=True, slots=True)
class ExpectedColumn:
    """One column the release process needs.

    Attributes:
        kind: ``choice``, ``text``, ``note`` (multi-line), ``date_time``, or ``any`` when the
            configuration leaves the type to the library (the required columns).
        choices: the values a choice column must offer, in the order people see them.
    """

    name: str
    kind: str
    display_name: str
    description: str
    choices: tuple[str, ...] = ()


_SET_BY_FREIGABE = "Wird von freigabe gesetzt, bitte nicht ändern: "


def activities(settings: Settings) -> tuple[str, ...]:
    """The activities of the steering group's table, each once, in the table's order."""
    return tuple(dict.fromkeys(row.activity for row in settings.process.leadership))


def _required(settings: Settings, name: str) -> ExpectedColumn:
    c = settings.columns
    if name == c.summary:
        return ExpectedColumn(
            name,
            "any",
            "Zusammenfassung",
            "Kurzer Text für die öffentliche Übersicht, das Manifest und den Feed.",
        )
    if name == c.document_type:
        return ExpectedColumn(
            name, "any", "Dokumenttyp", "Art des Dokuments; gliedert die öffentliche Übersicht."
        )
    if name == c.activity:
        return ExpectedColumn(
            name, "any", "Aktivität", "Die Aktivität, zu der das Dokument gehört."
        )
    return ExpectedColumn(name, "any", name, "Pflichtangabe vor der Einreichung zur Abstimmung.")


def expected_columns(settings: Settings) -> list[ExpectedColumn]:
    """The columns the release process needs in every watched library."""
    c = settings.columns
    out = [
        ExpectedColumn(
            c.status,
            "choice",
            "Freigabestatus",
            "Stand der Freigabe: „Zur Abstimmung“ startet die Abstimmung, die übrigen Werte "
            "setzt freigabe.",
            tuple(s.value for s in Status),
        ),
        ExpectedColumn(
            c.lead,
            "choice",
            "Federführung",
            "Die Organisation, die das Dokument verantwortet.",
            settings.org_codes,
        ),
        *(
            ExpectedColumn(
                settings.vote_column(org.code),
                "choice",
                f"Votum {org.code}",
                f"Die Stimme von {org.name}; nur deren Abstimmende setzen sie.",
                tuple(v.value for v in Choice),
            )
            for org in settings.organisations
        ),
        ExpectedColumn(
            c.version_under_vote,
            "text",
            "Fassung unter Abstimmung",
            _SET_BY_FREIGABE + "die Kennung des Inhalts, über den abgestimmt wird.",
        ),
        ExpectedColumn(
            c.deadline, "date_time", "Abstimmungsfrist", _SET_BY_FREIGABE + "Ende der Abstimmung."
        ),
        # text, not hyperlink: Graph cannot write hyperlink columns (GRAPH_NOTES.md)
        ExpectedColumn(
            c.public_link,
            "text",
            "Öffentlicher Link",
            _SET_BY_FREIGABE + "wo das freigegebene Dokument veröffentlicht ist.",
        ),
        ExpectedColumn(
            c.protocol, "note", "Freigabeprotokoll", _SET_BY_FREIGABE + "Verlauf der Abstimmung."
        ),
    ]
    table = activities(settings)
    if table:
        # the leadership table is keyed by the activity: a choice keeps the spelling its own
        out.append(
            ExpectedColumn(
                c.activity,
                "choice",
                "Aktivität",
                "Die Aktivität laut Tabelle des Lenkungskreises; sie bestimmt die Federführung.",
                table,
            )
        )
    out += [_required(settings, name) for name in c.required if not (table and name == c.activity)]
    return out


def column_definition(want: ExpectedColumn) -> dict[str, Any]:
    """The Graph columnDefinition that creates ``want`` (Microsoft Learn "Create
    columnDefinition", ``POST /sites/{site-id}/lists/{list-id}/columns``; the ``choice`` facet
    is the choiceColumn resource: ``choices``, ``allowTextEntry``, ``displayAs``)."""
    base: dict[str, Any] = {
        "name": want.name,
        "displayName": want.display_name,
        "description": want.description,
    }
    if want.kind == "choice":
        # no fill-in values: the service compares them with the configuration
        choice = {"choices": list(want.choices), "allowTextEntry": False}
        return {**base, "choice": {**choice, "displayAs": "dropDownMenu"}}
    if want.kind == "date_time":
        return {**base, "dateTime": {"format": "dateTime"}}
    if want.kind == "text":
        return {**base, "text": {"allowMultipleLines": False, "maxLength": 255}}
    # notes and the configured required columns: multi-line text fits any summary
    return {**base, "text": {"allowMultipleLines": True}}

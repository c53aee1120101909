"""The German words people read and write in SharePoint: release status and vote choices.

These strings are the stored values of the choice columns; renaming one would strand every
document that already holds it, so they live here once and nowhere else.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

__all__ = ["Choice", "Status", "parse_choice", "parse_status"]


class Status(StrEnum):
    """Values of the status column (``FreigabeStatus``)."""

    DRAFT = "Entwurf"
    VOTING = "Zur Abstimmung"
    RELEASED = "Freigegeben"
    REJECTED = "Abgelehnt"
    WITHDRAWN = "Zurückgezogen"


class Choice(StrEnum):
    """Values of an organisation's vote column (``Votum_<ORG>``); empty means not voted."""

    APPROVE = "Zustimmung"
    REJECT = "Ablehnung"
    ABSTAIN = "Enthaltung"


def _key(value: str) -> str:
    # SharePoint may hand back decomposed umlauts or stray blanks; people never mean those.
    return unicodedata.normalize("NFC", value).strip().casefold()


_STATUSES = {_key(s.value): s for s in Status}
_CHOICES = {_key(c.value): c for c in Choice}


def parse_status(value: str | None) -> Status | None:
    """The status a column value names, or None when it is empty or names no status."""
    return _STATUSES.get(_key(value)) if value else None


def parse_choice(value: str | None) -> Choice | None:
    """The choice a column value names, or None when it is empty or names no choice."""
    return _CHOICES.get(_key(value)) if value else None

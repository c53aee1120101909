"""One organisation's vote in a round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from approval.vocabulary import Choice

__all__ = ["Vote"]


@dataclass(frozen=True, slots=True)
class Vote:
    """The vote that counts for one organisation.

    Attributes:
        org: the organisation's code; a round holds at most one vote per code.
        choice: Zustimmung, Ablehnung or Enthaltung.
        voter: principal name of the authorised approver who set it.
        cast_at: when it was set (from the version history, else when it was seen).
    """

    org: str
    choice: Choice
    voter: str
    cast_at: datetime

"""Where the release process keeps its state in a SharePoint library: the column names.

Internal column names are configuration; the defaults are those ``freigabe provision`` creates.
Values travel as text (``dict[str, str | None]``); the helpers here turn the few structured
ones into values and back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["Columns", "format_instant", "is_blank", "parse_instant"]


@dataclass(frozen=True, slots=True)
class Columns:
    """The internal names of the columns the release process reads and writes.

    Attributes:
        status: the release status (``Status`` values); people and service.
        lead: the lead organisation's code (Federführung); people.
        vote_prefix: prefix of the one vote column per organisation (``Votum_<ORG>``).
        version_under_vote: version label and content hash under vote; service only.
        deadline: the vote's deadline; service, the lead organisation may extend it.
        public_link: the stable public URL once released; service only.
        protocol: short human-readable log of the current round; service only.
        activity: the activity the steering group's leadership table is keyed by.
        required: further columns a submission must fill before a vote opens.
    """

    status: str = "FreigabeStatus"
    lead: str = "Federfuehrung"
    vote_prefix: str = "Votum_"
    version_under_vote: str = "AbstimmungFassung"
    deadline: str = "AbstimmungFrist"
    public_link: str = "OeffentlicherLink"
    protocol: str = "FreigabeProtokoll"
    activity: str = "Aktivitaet"
    required: tuple[str, ...] = ("Dokumenttyp", "Aktivitaet", "Zusammenfassung")

    def vote(self, org: str) -> str:
        """The vote column of organisation ``org``."""
        return f"{self.vote_prefix}{org}"

    @property
    def service_only(self) -> tuple[str, ...]:
        """Columns only the service writes; a person's edit there is reverted."""
        return (self.version_under_vote, self.public_link, self.protocol)


def is_blank(fields: Mapping[str, str | None], column: str) -> bool:
    """True when ``column`` is absent, empty or only whitespace in ``fields``."""
    value = fields.get(column)
    return value is None or not value.strip()


def format_instant(at: datetime) -> str:
    """``at`` as the ISO 8601 UTC text Graph uses for date-time columns."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str | None) -> datetime | None:
    """The aware date-time in ``text``, or None when it is empty or not ISO 8601.

    A value without offset is taken as UTC, which is how Graph returns date-time columns.
    """
    if not text or not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)

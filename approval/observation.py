"""One look at a document, as the adapter hands it to the release process."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

__all__ = ["Actor", "Observation"]


@dataclass(frozen=True, slots=True)
class Actor:
    """The person who last set a column, from the list item's version history.

    Attributes:
        principal: their user principal name (guests: the ``#EXT#`` name).
        groups: ids of the Entra groups they belong to, resolved by the adapter.
        at: when they set it, if the version history says; else the observation time is used.
    """

    principal: str
    groups: frozenset[str] = frozenset()
    at: datetime | None = None


def _text(value: str | None) -> str:
    return value.strip() if value else ""


@dataclass(frozen=True, slots=True)
class Observation:
    """A document's fields before and now, its content, and who changed which column.

    ``before`` must already contain the service's own writes, so that every difference
    between ``before`` and ``after`` is a person's change. A periodic check without changes
    passes the same fields twice.

    Attributes:
        document_id: the document (driveItem id).
        etag: the item's eTag as observed; identifies this state, so the events derived from
            it get the same notice keys when the same state is observed again.
        before: the fields as last processed; empty for a document seen for the first time.
        after: the fields now.
        content_hash: the quickXorHash of the current content.
        version_label: the current file version label.
        changed_by: column -> who last set it, for the changed columns the adapter could
            attribute (at least the vote and status columns).
    """

    document_id: str
    etag: str
    before: Mapping[str, str | None]
    after: Mapping[str, str | None]
    content_hash: str
    version_label: str
    changed_by: Mapping[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("before", "after", "changed_by"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def changed(self, column: str) -> bool:
        """True when a person changed ``column``; blanks and surrounding spaces do not count."""
        return _text(self.before.get(column)) != _text(self.after.get(column))

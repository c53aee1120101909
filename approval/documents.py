"""Documents as the release process sees them, and what changed about them.

Snapshots and change events are plain values: the sync cycle produces them from Graph, the
state store persists them, and the later stages (release rules, notifications, publishing)
consume them. Nothing here knows where they came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

__all__ = [
    "DocumentAdded",
    "DocumentChanged",
    "DocumentEvent",
    "DocumentRemoved",
    "DocumentSnapshot",
    "FieldValue",
    "as_text",
]

FieldValue = str | int | float | bool | None | list[str]


def as_text(value: FieldValue) -> str | None:
    """A field value as the release process compares it: text, or None when empty."""
    if value is None:
        return None
    if isinstance(value, list):
        text = ", ".join(value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    return text if text.strip() else None


def _frozen(fields: Mapping[str, FieldValue]) -> Mapping[str, FieldValue]:
    return MappingProxyType(dict(fields))


@dataclass(frozen=True, slots=True)
class DocumentSnapshot:
    """What the service last saw of one file in a watched library.

    Attributes:
        library: the configuration key of the watched library.
        item_id: the driveItem id (stable across renames and moves).
        list_item_id: the SharePoint list item id, used to read and write its fields.
        name: the file name.
        etag: the driveItem eTag; changes on any change, content or metadata.
        content_hash: Graph's quickXorHash of the content; the identity of the content.
        size: bytes.
        modified_at: when the item last changed, as Graph reports it.
        modified_by: who changed it last, as a display name or principal name.
        web_url: link to the document in SharePoint.
        version: the version label (``_UIVersionString``), when the fields were read.
        fields: the list item fields the service reads (configured columns and basics).
    """

    library: str
    item_id: str
    list_item_id: str | None
    name: str
    etag: str
    content_hash: str | None
    size: int
    modified_at: datetime
    modified_by: str | None = None
    web_url: str | None = None
    version: str | None = None
    fields: Mapping[str, FieldValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _frozen(self.fields))


@dataclass(frozen=True, slots=True)
class DocumentAdded:
    """A file appeared in a watched library (uploaded, created, or moved in)."""

    document: DocumentSnapshot


@dataclass(frozen=True, slots=True)
class DocumentChanged:
    """A known file changed: its content, its fields, or both.

    Attributes:
        before: the snapshot the service held.
        after: the new snapshot.
        content_changed: the content hash differs.
        changed_fields: names of fields whose value differs, sorted.
    """

    before: DocumentSnapshot
    after: DocumentSnapshot
    content_changed: bool
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentRemoved:
    """A known file was deleted or left the watched library."""

    document: DocumentSnapshot


DocumentEvent = DocumentAdded | DocumentChanged | DocumentRemoved

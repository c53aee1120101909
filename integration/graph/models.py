"""What the Graph adapter hands to the jobs: small values, free of SDK types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from approval.documents import FieldValue

__all__ = ["ColumnInfo", "DeltaPage", "ItemChange", "ListItemFields"]


@dataclass(frozen=True, slots=True)
class ListItemFields:
    """The fields of one list item as read from Graph.

    Attributes:
        list_item_id: the list item id.
        etag: the list item's eTag (for conditional writes).
        fields: column internal name -> value; Graph omits empty columns.
    """

    list_item_id: str
    etag: str | None
    fields: Mapping[str, FieldValue]

    @property
    def version(self) -> str | None:
        value = self.fields.get("_UIVersionString")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One entry of a delta answer.

    Attributes:
        item_id: the driveItem id (with the listItem strategy it comes from the expanded
            driveItem; a tenant that does not expand it yields no files, which check reports).
        deleted: the item was deleted (SharePoint then omits its name).
        is_file: False for folders and the root.
        fields: present when the watch strategy delivers fields inline (listItem delta).
    """

    item_id: str
    deleted: bool
    is_file: bool
    name: str | None = None
    etag: str | None = None
    content_hash: str | None = None
    size: int = 0
    modified_at: datetime | None = None
    modified_by: str | None = None
    web_url: str | None = None
    list_item_id: str | None = None
    fields: ListItemFields | None = None


@dataclass(frozen=True, slots=True)
class DeltaPage:
    """One page of a delta answer: either a next link or, on the last page, a delta link."""

    items: tuple[ItemChange, ...]
    next_link: str | None
    delta_link: str | None

    @property
    def last(self) -> bool:
        return self.delta_link is not None


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """A column of a list, as ``freigabe check`` and ``provision`` need it.

    Attributes:
        kind: the facet's name (``choice``, ``text``, ``note`` for multi-line text,
            ``date_time``, ...) or ``untyped`` when Graph shows none (hyperlink columns).
    """

    name: str
    display_name: str
    kind: str
    read_only: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)
    column_id: str = ""

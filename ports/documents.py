"""What SharePoint says about the documents of a library: changes, fields, versions, content.

The Graph adapter reads these from Graph's answers (``integration.graph``) and the stages
read them through ``ports.sharepoint.SharePoint``; none of them carries an SDK type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from approval.documents import FieldValue
from ports.libraries import ResolvedLibrary

__all__ = [
    "DeltaPage",
    "DeltaRequest",
    "Identity",
    "ItemChange",
    "ItemVersion",
    "ListItemFields",
    "ListedContent",
]


@dataclass(frozen=True, slots=True)
class ListItemFields:
    """The fields of one list item as read from Graph (or as a write stored them).

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
class DeltaRequest:
    """One delta page of one library to ask for.

    Attributes:
        library: the library.
        link: a stored next or delta link; None starts a full pass.
        fields: the columns to bring along with each change (the listItem strategy); None
            asks for driveItem delta, whose changed files' fields are read afterwards.
    """

    library: ResolvedLibrary
    link: str | None
    fields: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """A person or an application that made a change.

    Attributes:
        kind: ``person`` or ``app``.
        id: the Entra object id (persons) or the application id, when Graph says.
        email: a person's mail address, when Graph says (never a user principal name).
        display_name: the name shown.
    """

    kind: Literal["person", "app"]
    id: str | None = None
    email: str | None = None
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """One entry of a list item's version history.

    Attributes:
        label: the version label, e.g. ``"3.0"``.
        modified_at: when this version was made.
        author: who made it (a person or an application); None when Graph does not say.
        fields: the column values of this version.
    """

    label: str
    modified_at: datetime | None
    author: Identity | None
    fields: Mapping[str, FieldValue]


@dataclass(frozen=True, slots=True)
class ListedContent:
    """What Graph lists about a file's current content.

    Attributes:
        content_hash: the quickXorHash, or None while Graph has none.
        size: the listed size in bytes.
        etag: the driveItem's eTag.
    """

    content_hash: str | None
    size: int
    etag: str | None

"""The simulated tenant's objects: principals, sites, libraries, items and their versions.

Values (principals, versions, handles) are frozen. Items and libraries are the mutable state
that ``Tenant`` changes; nothing outside ``tenant.py`` should mutate them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from freigabe_devtools.graphsim.changelog import ChangeLog
from freigabe_devtools.graphsim.columns import BUILTIN_COLUMNS, ColumnDef, JsonValue
from freigabe_devtools.graphsim.content import Content
from freigabe_devtools.graphsim.quirks import (
    Quirks,  # re-exported: the tenant's state includes them
)

__all__ = [
    "DocumentHandle",
    "Group",
    "Item",
    "Library",
    "Principal",
    "Quirks",
    "SentMail",
    "Site",
    "TokenGrant",
    "Version",
]


@dataclass(frozen=True, slots=True)
class Principal:
    """A user or an application, as Graph names it in ``lastModifiedBy``.

    Attributes:
        kind: ``user`` or ``application``.
        id: Entra object id (users) or application (client) id.
        display_name: the name shown.
        upn: user principal name (users; guests carry ``#EXT#``).
        email: mail address (users).
        lookup_id: the user's id in the site's user information list (``EditorLookupId``).
    """

    kind: Literal["user", "application"]
    id: str
    display_name: str
    upn: str | None = None
    email: str | None = None
    lookup_id: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """An Entra group (e.g. the approvers of one member organisation)."""

    id: str
    display_name: str
    members: tuple[str, ...]  # user principal names


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """What a bearer token stands for: the calling application and its app roles."""

    app: Principal
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SentMail:
    """A mail ``sendMail`` accepted: from whose mailbox, to whom, about what, when."""

    sender: str
    to: tuple[str, ...]
    subject: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a file: its name, fields and content at that time, and who made it."""

    number: int
    name: str
    content: Content
    by: Principal
    at: datetime
    fields: Mapping[str, JsonValue]

    @property
    def label(self) -> str:
        """The version label (``_UIVersionString``) of a major version: ``"3.0"``."""
        return f"{self.number}.0"


class Item:
    """A file: one driveItem and its listItem, with the version history.

    ``etag_n`` counts every change (it is the N in both eTags); ``ctag_n`` counts content
    changes. ``last_seq`` is the item's latest position in its library's change log.
    ``locked_by`` is the person holding a lock on the file (None: not locked).
    """

    __slots__ = (
        "ctag_n", "deleted", "etag_n", "item_id", "last_seq", "list_item_id", "locked_by",
        "unique_id", "versions",
    )  # fmt: skip

    def __init__(self, item_id: str, list_item_id: int, unique_id: str, first: Version) -> None:
        self.item_id = item_id
        self.list_item_id = list_item_id
        self.unique_id = unique_id
        self.versions: list[Version] = [first]
        self.etag_n = 1
        self.ctag_n = 1
        self.deleted = False
        self.last_seq = 0
        self.locked_by: Principal | None = None

    @property
    def current(self) -> Version:
        """The latest version."""
        return self.versions[-1]

    @property
    def name(self) -> str:
        """The current file name."""
        return self.versions[-1].name


@dataclass(eq=False, slots=True)
class Site:
    """A SharePoint site: ``id`` is ``{hostname},{siteCollectionId},{webId}``."""

    hostname: str
    collection_id: str
    web_id: str
    path: str  # server-relative, e.g. /sites/allianz
    display_name: str
    created_at: datetime
    libraries: dict[str, Library] = field(default_factory=dict)  # by id and lower-case name

    @property
    def id(self) -> str:
        """The composite site id."""
        return f"{self.hostname},{self.collection_id},{self.web_id}"

    @property
    def name(self) -> str:
        """The last segment of the site's path."""
        return self.path.rstrip("/").rsplit("/", 1)[-1] or self.hostname

    @property
    def web_url(self) -> str:
        """The site's address."""
        return f"https://{self.hostname}{self.path.rstrip('/')}"

    def unique_libraries(self) -> list[Library]:
        """Each library once, in creation order."""
        return list({id(lib): lib for lib in self.libraries.values()}.values())


@dataclass(eq=False, slots=True)
class Library:
    """A document library: one list and one drive, with their items and change log."""

    site: Site
    name: str
    list_id: str
    drive_id: str
    root_id: str
    root_unique_id: str
    created_at: datetime
    columns: dict[str, ColumnDef] = field(default_factory=dict)  # by lower-case name
    by_item_id: dict[str, Item] = field(default_factory=dict)
    by_number: list[Item] = field(default_factory=list)  # index = list item id - 1
    by_name: dict[str, Item] = field(default_factory=dict)  # live items, lower-case name
    log: ChangeLog[Item] = field(default_factory=ChangeLog)
    root_etag_n: int = 1

    def __post_init__(self) -> None:
        for col in BUILTIN_COLUMNS:
            self.columns.setdefault(col.name.lower(), col)

    @property
    def web_url(self) -> str:
        """The library's address (its URL segment is the name, spaces encoded)."""
        return f"{self.site.web_url}/{self.name.replace(' ', '%20')}"

    def item_by_number(self, list_item_id: int) -> Item | None:
        """The item with this list item id, deleted ones included."""
        if 1 <= list_item_id <= len(self.by_number):
            return self.by_number[list_item_id - 1]
        return None


@dataclass(frozen=True, slots=True)
class DocumentHandle:
    """Where a document lives; returned by ``Tenant.add_document`` and ``Tenant.find``."""

    library: str
    site_id: str
    list_id: str
    drive_id: str
    item_id: str
    list_item_id: str

    @classmethod
    def of(cls, lib: Library, item: Item) -> DocumentHandle:
        """The handle of ``item`` in ``lib``."""
        return cls(
            library=lib.name,
            site_id=lib.site.id,
            list_id=lib.list_id,
            drive_id=lib.drive_id,
            item_id=item.item_id,
            list_item_id=str(item.list_item_id),
        )

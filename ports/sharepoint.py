"""SharePoint as the stages ask it: delta pages, fields, versions, writes, content, people,
and the change-notification subscriptions of the worker.

The Graph adapter implements it (``integration.graph.sharepoint.GraphSharePoint``); stage
tests use a recording fake. A library is named by its ``ResolvedLibrary``, which the adapter
resolves from the configured address. Every failure raises the shared error tree's
``GraphError`` (``integration.errors``): ``PreconditionFailed`` for a write someone else's
came before, ``ResyncRequired`` for a delta link SharePoint forgot, and so on.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from ports.directory import DirectoryUser, GroupMembers
from ports.documents import (
    DeltaPage,
    DeltaRequest,
    ItemVersion,
    ListedContent,
    ListItemFields,
)
from ports.libraries import ResolvedLibrary
from ports.subscriptions import SubscriptionPolicy, SubscriptionRecord

__all__ = ["PDF_SOURCES", "SharePoint"]

PDF_SOURCES = (
    ".doc", ".docx", ".odp", ".ods", ".odt", ".pot", ".potm", ".potx", ".pps", ".ppsx",
    ".ppsxm", ".ppt", ".pptm", ".pptx", ".rtf", ".xls", ".xlsx",
)  # fmt: skip
"""The file types ``download_pdf`` converts: the "pdf" row of Microsoft Learn's "Convert to
other formats" (https://learn.microsoft.com/en-us/graph/api/driveitem-get-content-format)
less ``csv``, which Graph refuses though listed (``notSupported``/``InputFormatNotSupported``,
microsoft-graph-docs#19495)."""


class SharePoint(Protocol):
    """The document libraries and the directory behind them."""

    @property
    def page_size(self) -> int:
        """How many changes a delta or listing page holds at most."""
        ...

    async def resolve_library(self, key: str) -> ResolvedLibrary:
        """The ids of the configured library ``key``, looked up afresh."""
        ...

    def is_current(self, library: ResolvedLibrary) -> bool:
        """Whether ``library`` was resolved from the library's present configuration."""
        ...

    async def delta_page(self, request: DeltaRequest) -> DeltaPage:
        """The delta page ``request`` asks for."""
        ...

    async def delta_pages(self, requests: Sequence[DeltaRequest]) -> list[DeltaPage | Exception]:
        """The pages ``requests`` ask for, together: for each, the page or the error asking
        for it alone would have raised, for the caller to raise when it comes to it."""
        ...

    async def latest_delta_link(self, library: ResolvedLibrary) -> str:
        """The delta link of "now", without enumerating anything."""
        ...

    async def listing_page(
        self,
        library: ResolvedLibrary,
        link: str | None,
        fields: Sequence[str],
        *,
        delta_link: str,
    ) -> DeltaPage:
        """One page of every item of the library with ``fields``, as a delta page whose
        last page carries ``delta_link`` (taken before the listing began)."""
        ...

    async def read_fields(
        self, library: ResolvedLibrary, list_item_ids: Sequence[str], fields: Sequence[str]
    ) -> dict[str, ListItemFields]:
        """``fields`` of the given list items; an item that vanished meanwhile is absent."""
        ...

    def item_versions(
        self, library: ResolvedLibrary, list_item_id: str
    ) -> AsyncGenerator[ItemVersion, None]:
        """The version history of a list item with its fields, newest first; read only as
        far as the caller reads."""
        ...

    async def update_fields(
        self,
        library: ResolvedLibrary,
        list_item_id: str,
        values: Mapping[str, str | None],
        *,
        etag: str,
    ) -> ListItemFields:
        """Write ``values`` only if the item still has ``etag`` (else ``PreconditionFailed``);
        the values as SharePoint stored them and the item's new eTag."""
        ...

    def download(
        self, library: ResolvedLibrary, item_id: str, *, version: str | None = None
    ) -> AsyncIterator[bytes]:
        """The bytes of the file (of its recorded ``version`` if given), in chunks."""
        ...

    def download_pdf(self, library: ResolvedLibrary, item_id: str) -> AsyncIterator[bytes]:
        """The file's current content converted to PDF by SharePoint, in chunks (an Office
        document; another type raises ``GraphError`` with status 406)."""
        ...

    async def listed_content(self, library: ResolvedLibrary, item_id: str) -> ListedContent:
        """What SharePoint lists about the file's current content."""
        ...

    async def content_hash(self, library: ResolvedLibrary, item_id: str) -> tuple[str, bool]:
        """The quickXorHash of a file listed without one, and whether SharePoint listed it
        (after a download) or it is the hash of the downloaded bytes."""
        ...

    async def resolve_users(self, upns: Iterable[str]) -> dict[str, DirectoryUser]:
        """The directory entry of each principal name that exists, keyed by the name as
        given (``AccessDenied`` when the directory may not be read)."""
        ...

    async def group_members(self, group_id: str) -> GroupMembers:
        """Every transitive member of a group."""
        ...

    async def ensure_subscription(
        self,
        library: ResolvedLibrary,
        policy: SubscriptionPolicy,
        *,
        held: SubscriptionRecord | None,
        now: datetime,
    ) -> SubscriptionRecord:
        """A live change-notification subscription on ``library`` under ``policy``: ``held``
        (the one confirmed last time) kept, renewed or replaced; the caller keeps the answer."""
        ...

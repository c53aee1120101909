"""``ports.sharepoint.SharePoint`` through Microsoft Graph: the adapter's functions behind
the port the stages are given.

It resolves the configured libraries (each site looked up once per process, however many
of its libraries are configured), asks driveItem or listItem delta as a ``DeltaRequest``
says, and refuses a 410 whose Location leads off the configured Graph host.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime

from config import LibrarySettings
from integration.errors import ForeignHostRefused, ResyncRequired
from integration.graph import content, delta, directory, items, listitems, sites, subscriptions
from integration.graph.client import GraphGateway
from ports.directory import DirectoryUser, GroupMembers
from ports.documents import DeltaPage, DeltaRequest, ItemVersion, ListedContent, ListItemFields
from ports.libraries import ResolvedLibrary
from ports.subscriptions import SubscriptionPolicy, SubscriptionRecord

__all__ = ["GraphSharePoint"]


class GraphSharePoint:
    """The configured ``libraries`` and their tenant's directory, through ``gateway``."""

    def __init__(self, gateway: GraphGateway, libraries: Sequence[LibrarySettings]) -> None:
        self._gw = gateway
        self._specs = {spec.key: spec for spec in libraries}
        self._sites: sites.SiteAnswers = {}

    @property
    def page_size(self) -> int:
        return self._gw.page_size

    async def resolve_library(self, key: str) -> ResolvedLibrary:
        return await sites.resolve_library(self._gw, self._specs[key], sites=self._sites)

    def is_current(self, library: ResolvedLibrary) -> bool:
        spec = self._specs.get(library.key)
        return spec is not None and library.config_fingerprint == sites.fingerprint(spec)

    def _query(self, request: DeltaRequest) -> delta.DeltaQuery:
        if request.fields is None:
            return delta.drive_query(self._gw, request.library, request.link)
        return delta.list_item_query(self._gw, request.library, request.link, request.fields)

    def _refused(self, err: Exception) -> Exception:
        """``err``, or ``ForeignHostRefused`` for a 410 that sends the client to another
        host: a pass that begins afresh would not follow it, but such a link is refused."""
        if isinstance(err, ResyncRequired) and err.location:
            try:  # as delta_page would have raised it
                self._gw.checked_link(err.location)
            except ForeignHostRefused as refused:
                return refused
        return err

    async def delta_page(self, request: DeltaRequest) -> DeltaPage:
        try:
            return await delta.delta_page(self._gw, self._query(request))
        except ResyncRequired as err:
            if err.location:
                self._gw.checked_link(err.location)
            raise

    async def delta_pages(self, requests: Sequence[DeltaRequest]) -> list[DeltaPage | Exception]:
        pages = await delta.delta_pages(self._gw, [self._query(r) for r in requests])
        return [p if isinstance(p, DeltaPage) else self._refused(p) for p in pages]

    async def latest_delta_link(self, library: ResolvedLibrary) -> str:
        return await delta.latest_delta_link(self._gw, library)

    async def listing_page(
        self,
        library: ResolvedLibrary,
        link: str | None,
        fields: Sequence[str],
        *,
        delta_link: str,
    ) -> DeltaPage:
        return await delta.listing_page(self._gw, library, link, fields, delta_link=delta_link)

    async def read_fields(
        self, library: ResolvedLibrary, list_item_ids: Sequence[str], fields: Sequence[str]
    ) -> dict[str, ListItemFields]:
        return await items.read_fields(self._gw, library, list_item_ids, fields)

    def item_versions(
        self, library: ResolvedLibrary, list_item_id: str
    ) -> AsyncGenerator[ItemVersion, None]:
        return listitems.item_versions(self._gw, library, list_item_id)

    async def update_fields(
        self,
        library: ResolvedLibrary,
        list_item_id: str,
        values: Mapping[str, str | None],
        *,
        etag: str,
    ) -> ListItemFields:
        return await listitems.update_fields(self._gw, library, list_item_id, values, etag=etag)

    def download(
        self, library: ResolvedLibrary, item_id: str, *, version: str | None = None
    ) -> AsyncIterator[bytes]:
        return content.download(self._gw, library, item_id, version=version)

    def download_pdf(self, library: ResolvedLibrary, item_id: str) -> AsyncIterator[bytes]:
        return content.download_pdf(self._gw, library, item_id)

    async def listed_content(self, library: ResolvedLibrary, item_id: str) -> ListedContent:
        return await content.listed_content(self._gw, library, item_id)

    async def content_hash(self, library: ResolvedLibrary, item_id: str) -> tuple[str, bool]:
        return await content.content_hash(self._gw, library, item_id)

    async def resolve_users(self, upns: Iterable[str]) -> dict[str, DirectoryUser]:
        return await directory.resolve_users(self._gw, upns)

    async def group_members(self, group_id: str) -> GroupMembers:
        return await directory.group_members(self._gw, group_id)

    async def ensure_subscription(
        self,
        library: ResolvedLibrary,
        policy: SubscriptionPolicy,
        *,
        held: SubscriptionRecord | None,
        now: datetime,
    ) -> SubscriptionRecord:
        return await subscriptions.ensure_subscription(
            self._gw, library, policy, held=held, now=now
        )

"""A document library in memory behind the ``SharePoint`` port, for stage tests.

Documents have fields, an eTag, a version history and content, as SharePoint keeps them: a
person's edit or a write makes a version and a new eTag, and a write conditional on an old
eTag is refused with ``PreconditionFailed`` (412). Every call is recorded in ``calls``; a
test can make the next write conflict (``conflict_next_write``) or make the next call of a
method fail with a chosen error (``fail``), before or after it took effect: an error raised
after a write took effect is an answer lost on the way, or (a ``BaseException``) the process
dying between the write and what the caller does next.

Delta is a counter: every change bumps it, and a delta link ``tick:N`` lists what changed
after change N, deletions included. Everything fits on one page.
"""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import datetime

from approval.documents import FieldValue
from integration.errors import GraphError, NotFound, PreconditionFailed
from integration.quickxor import quickxor_hash
from ports.directory import DirectoryUser, GroupMembers
from ports.documents import (
    DeltaPage,
    DeltaRequest,
    Identity,
    ItemChange,
    ItemVersion,
    ListedContent,
    ListItemFields,
)
from ports.libraries import ResolvedLibrary
from ports.sharepoint import PDF_SOURCES
from ports.subscriptions import SubscriptionPolicy, SubscriptionRecord

__all__ = ["SERVICE", "Call", "FakeDocument", "FakeSharePoint", "Write"]

SERVICE = Identity("app", None, None, "SharePoint App")
"""Who the fake's writes are by: an app-only write, as SharePoint names it."""

_FINGERPRINT = "fake"


@dataclass(frozen=True, slots=True)
class Call:
    """One call of the port: the method's name and what it was asked about."""

    method: str
    args: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class Write:
    """One conditional field write as it was asked for, and whether the library took it."""

    list_item_id: str
    values: Mapping[str, str | None]
    etag: str
    stored: bool


@dataclass
class FakeDocument:
    """One file of the library and its list item."""

    item_id: str
    list_item_id: str
    name: str
    content: bytes
    fields: dict[str, FieldValue]
    versions: list[ItemVersion] = field(default_factory=list)  # oldest first
    contents: dict[str, bytes] = field(default_factory=dict)  # by version label
    etag_number: int = 0
    changed: int = 0
    deleted: bool = False
    hash_listed: bool = True

    @property
    def etag(self) -> str:
        return f'"{self.item_id},{self.etag_number}"'

    @property
    def label(self) -> str:
        return f"{len(self.versions)}.0"


@dataclass
class _Failure:
    error: BaseException
    after: bool


PDF_PREFIX = b"%PDF-1.4 fake rendition of "
"""What the fake's PDF of a document holds before the document's bytes."""


class FakeSharePoint:
    """One library ``key`` in memory, and a directory of ``users`` and ``groups``."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        key: str = "lib0",
        users: Mapping[str, DirectoryUser] | None = None,
        groups: Mapping[str, GroupMembers] | None = None,
    ) -> None:
        self._clock = clock
        self.library = ResolvedLibrary(
            key=key,
            site_id="site-1",
            list_id="list-1",
            drive_id="drive-1",
            web_url=f"https://sharepoint.example/{key}",
            display_name=f"Bibliothek {key}",
            config_fingerprint=_FINGERPRINT,
        )
        self.users = dict(users or {})
        self.groups = dict(groups or {})
        self.documents: dict[str, FakeDocument] = {}
        self.calls: list[Call] = []
        self.writes: list[Write] = []
        self.page_size = 200
        self._tick = 0
        self._conflicts = 0
        self._failures: dict[str, _Failure] = {}
        self._subscriptions = 0
        self._saved_during_pdf: tuple[FakeDocument, bytes] | None = None

    # --- what a test does to the library ---

    def person(self, upn: str) -> Identity:
        """The identity SharePoint names a person by: object id and mail address."""
        user = self.users.get(upn)
        return Identity("person", user.id if user else None, upn, upn.split("@")[0])

    def add(
        self, name: str, content: bytes, fields: Mapping[str, FieldValue], *, by: str
    ) -> FakeDocument:
        n = len(self.documents)
        doc = FakeDocument(f"item-{n}", str(n + 1), name, content, {"Title": name})
        self.documents[doc.item_id] = doc
        self._version(doc, {**fields, "FileLeafRef": name}, self.person(by))
        return doc

    def edit(self, doc: FakeDocument, fields: Mapping[str, FieldValue], *, by: str) -> None:
        """A person changes columns of ``doc`` in SharePoint."""
        self._version(doc, fields, self.person(by))

    def remove(self, doc: FakeDocument) -> None:
        doc.deleted = True
        self._tick += 1
        doc.changed = self._tick

    def save_during_next_pdf(self, doc: FakeDocument, content: bytes) -> None:
        """Someone saves ``content`` into ``doc`` while the next PDF conversion runs."""
        self._saved_during_pdf = (doc, content)

    def conflict_next_write(self) -> None:
        """The next write is refused with 412, as if someone had written first."""
        self._conflicts += 1

    def fail(self, method: str, error: BaseException, *, after: bool = False) -> None:
        """The next call of ``method`` raises ``error``; with ``after``, once it took effect."""
        self._failures[method] = _Failure(error, after)

    def written(self) -> list[Write]:
        """The writes the library took (the ones refused with 412 not counted)."""
        return [w for w in self.writes if w.stored]

    def _version(self, doc: FakeDocument, fields: Mapping[str, FieldValue], by: Identity) -> None:
        doc.fields.update(fields)
        doc.fields = {k: v for k, v in doc.fields.items() if v is not None}
        label = f"{len(doc.versions) + 1}.0"
        doc.fields["_UIVersionString"] = label
        doc.versions.append(ItemVersion(label, self._clock(), by, dict(doc.fields)))
        doc.contents[label] = doc.content
        doc.etag_number += 1
        self._tick += 1
        doc.changed = self._tick

    def _call(self, method: str, *args: object) -> None:
        self.calls.append(Call(method, args))
        failure = self._failures.get(method)
        if failure is not None and not failure.after:
            del self._failures[method]
            raise failure.error

    def _after(self, method: str) -> None:
        failure = self._failures.pop(method, None)
        if failure is not None:
            raise failure.error

    def _doc(self, item_id: str) -> FakeDocument:
        doc = self.documents.get(item_id)
        if doc is None or doc.deleted:
            raise NotFound(f"item {item_id}", status=404)
        return doc

    def _by_list_item(self, list_item_id: str) -> FakeDocument:
        for doc in self.documents.values():
            if doc.list_item_id == list_item_id and not doc.deleted:
                return doc
        raise NotFound(f"list item {list_item_id}", status=404)

    def _fields(self, doc: FakeDocument) -> ListItemFields:
        return ListItemFields(doc.list_item_id, doc.etag, dict(doc.fields))

    def _change(self, doc: FakeDocument, *, inline: bool) -> ItemChange:
        if doc.deleted:
            return ItemChange(doc.item_id, deleted=True, is_file=True)
        return ItemChange(
            item_id=doc.item_id,
            deleted=False,
            is_file=True,
            name=doc.name,
            etag=doc.etag,
            content_hash=quickxor_hash(doc.content) if doc.hash_listed else None,
            size=len(doc.content),
            modified_at=doc.versions[-1].modified_at,
            web_url=f"{self.library.web_url}/{doc.name}",
            list_item_id=doc.list_item_id,
            fields=self._fields(doc) if inline else None,
        )

    def _since(self, link: str | None) -> int:
        return int(link.removeprefix("tick:")) if link else -1

    # --- the port ---

    async def resolve_library(self, key: str) -> ResolvedLibrary:
        self._call("resolve_library", key)
        if key != self.library.key:
            raise NotFound(f"library {key}", status=404)
        return self.library

    def is_current(self, library: ResolvedLibrary) -> bool:
        return library.config_fingerprint == _FINGERPRINT

    async def delta_page(self, request: DeltaRequest) -> DeltaPage:
        self._call("delta_page", request.link)
        since = self._since(request.link)
        changes = tuple(
            self._change(doc, inline=request.fields is not None)
            for doc in self.documents.values()
            if doc.changed > since and not (since < 0 and doc.deleted)
        )
        self._after("delta_page")
        return DeltaPage(changes, None, f"tick:{self._tick}")

    async def delta_pages(self, requests: Sequence[DeltaRequest]) -> list[DeltaPage | Exception]:
        out: list[DeltaPage | Exception] = []
        for request in requests:
            try:
                out.append(await self.delta_page(request))
            except Exception as err:  # handed back as the port says
                out.append(err)
        return out

    async def latest_delta_link(self, library: ResolvedLibrary) -> str:
        self._call("latest_delta_link", library.key)
        return f"tick:{self._tick}"

    async def listing_page(
        self,
        library: ResolvedLibrary,
        link: str | None,
        fields: Sequence[str],
        *,
        delta_link: str,
    ) -> DeltaPage:
        self._call("listing_page", library.key, link)
        live = [d for d in self.documents.values() if not d.deleted]
        return DeltaPage(tuple(self._change(d, inline=True) for d in live), None, delta_link)

    async def read_fields(
        self, library: ResolvedLibrary, list_item_ids: Sequence[str], fields: Sequence[str]
    ) -> dict[str, ListItemFields]:
        self._call("read_fields", library.key, tuple(list_item_ids))
        live = {d.list_item_id: d for d in self.documents.values() if not d.deleted}
        return {i: self._fields(live[i]) for i in list_item_ids if i in live}

    async def item_versions(
        self, library: ResolvedLibrary, list_item_id: str
    ) -> AsyncGenerator[ItemVersion, None]:
        self._call("item_versions", library.key, list_item_id)
        for version in reversed(self._by_list_item(list_item_id).versions):
            yield version

    async def update_fields(
        self,
        library: ResolvedLibrary,
        list_item_id: str,
        values: Mapping[str, str | None],
        *,
        etag: str,
    ) -> ListItemFields:
        self._call("update_fields", list_item_id, dict(values), etag)
        doc = self._by_list_item(list_item_id)
        refused = self._conflicts > 0 or etag != doc.etag
        self.writes.append(Write(list_item_id, dict(values), etag, stored=not refused))
        if refused:
            self._conflicts = max(0, self._conflicts - 1)
            raise PreconditionFailed(f"write of item {list_item_id}: 412", status=412)
        self._version(doc, values, SERVICE)
        self._after("update_fields")
        stored = {k: v for k, v in doc.fields.items() if k in values}
        return ListItemFields(list_item_id, doc.etag, stored)

    async def download(
        self, library: ResolvedLibrary, item_id: str, *, version: str | None = None
    ) -> AsyncIterator[bytes]:
        self._call("download", library.key, item_id, version)
        doc = self._doc(item_id)
        yield doc.content if version is None else doc.contents[version]

    async def download_pdf(self, library: ResolvedLibrary, item_id: str) -> AsyncIterator[bytes]:
        self._call("download_pdf", library.key, item_id)
        doc = self._doc(item_id)
        if not doc.name.lower().endswith(PDF_SOURCES):
            raise GraphError(
                f"PDF of {item_id}: Graph answered 406", status=406, code="notSupported"
            )
        yield PDF_PREFIX + doc.content
        if self._saved_during_pdf is not None:
            saved, self._saved_during_pdf = self._saved_during_pdf, None
            saved[0].content = saved[1]
        self._after("download_pdf")

    async def listed_content(self, library: ResolvedLibrary, item_id: str) -> ListedContent:
        self._call("listed_content", library.key, item_id)
        doc = self._doc(item_id)
        listed = quickxor_hash(doc.content) if doc.hash_listed else None
        return ListedContent(listed, len(doc.content), doc.etag)

    async def content_hash(self, library: ResolvedLibrary, item_id: str) -> tuple[str, bool]:
        self._call("content_hash", library.key, item_id)
        doc = self._doc(item_id)
        doc.hash_listed = True  # a download makes SharePoint compute it
        return quickxor_hash(doc.content), True

    async def resolve_users(self, upns: Iterable[str]) -> dict[str, DirectoryUser]:
        names = list(upns)
        self._call("resolve_users", tuple(names))
        return {upn: self.users[upn] for upn in names if upn in self.users}

    async def group_members(self, group_id: str) -> GroupMembers:
        self._call("group_members", group_id)
        return self.groups.get(group_id, GroupMembers(frozenset()))

    async def ensure_subscription(
        self,
        library: ResolvedLibrary,
        policy: SubscriptionPolicy,
        *,
        held: SubscriptionRecord | None,
        now: datetime,
    ) -> SubscriptionRecord:
        """``held`` while it outlives ``renew_before``, else a new one (ids count up)."""
        self._call("ensure_subscription", library.key, held)
        if held is not None and held.expires_at - now > policy.renew_before:
            return held
        self._subscriptions += 1
        return SubscriptionRecord(
            id=f"sub-{self._subscriptions}",
            resource=f"drives/{library.drive_id}/root",
            notification_url=policy.notification_url,
            expires_at=now + policy.lifetime,
            client_state_tag="tag",
        )

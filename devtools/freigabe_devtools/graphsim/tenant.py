"""The state of a simulated SharePoint tenant and the Python API to script it.

Every mutation takes ``by`` (a user's UPN, ``app:<name>`` or a Principal) and is stamped with
the injectable clock. Content and field changes create a new major version; every change,
rename and delete included, advances the item's eTag and appends it to its library's change
log, from which delta queries are answered.
"""

from __future__ import annotations

import dataclasses
import secrets
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

from freigabe_devtools.graphsim import edits
from freigabe_devtools.graphsim.columns import BUILTIN_COLUMNS, ColumnDef, JsonValue
from freigabe_devtools.graphsim.content import Content, GeneratedContent, StoredContent
from freigabe_devtools.graphsim.directory import Directory
from freigabe_devtools.graphsim.edits import NameConflict
from freigabe_devtools.graphsim.faults import FaultPlan
from freigabe_devtools.graphsim.grants import SiteGrants
from freigabe_devtools.graphsim.ids import IdFactory, drive_id_for
from freigabe_devtools.graphsim.model import (
    DocumentHandle,
    Item,
    Library,
    Principal,
    Quirks,
    SentMail,
    Site,
    Version,
)
from freigabe_devtools.graphsim.stats import Stats
from freigabe_devtools.graphsim.subscriptions import SubscriptionBook

__all__ = ["NameConflict", "Tenant"]

_BUILTIN_IDS = frozenset(col.column_id for col in BUILTIN_COLUMNS)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Tenant:
    """A fake SharePoint tenant: directory, sites, libraries, files, faults and counters."""

    def __init__(
        self,
        *,
        hostname: str = "contoso.sharepoint.com",
        name: str = "Contoso",
        tenant_id: str | None = None,
        clock: Callable[[], datetime] = _utc_now,
        seed: str | int | None = None,
    ) -> None:
        self.ids = IdFactory(seed if seed is not None else tenant_id or hostname)
        self.tenant_id = tenant_id or self.ids.guid()
        self.hostname = hostname
        self.name = name
        self.clock = clock
        self.quirks = Quirks()
        self.faults = FaultPlan()
        self.stats = Stats()
        self.directory = Directory(self.ids)
        self.download_key = secrets.token_bytes(32)
        self.sites: dict[str, Site] = {}  # by composite id and by lower-case "host:path"
        self.drives: dict[str, Library] = {}
        self.lists: dict[str, Library] = {}
        self.subscriptions = SubscriptionBook(tenant_id=self.tenant_id, now=self.now)
        self.site_grants = SiteGrants()
        self.sent_mail: list[SentMail] = []

    # What a saved tenant keeps (``graphsim.saved``): its content, not the counters,
    # faults, live subscriptions (their tasks belong to the process that served them) or the
    # clock (a saved one is restored with its offset from real time).
    _TRANSIENT = ("clock", "stats", "faults", "subscriptions")

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.clock = _utc_now
        self.stats = Stats()
        self.faults = FaultPlan()
        self.subscriptions = SubscriptionBook(tenant_id=self.tenant_id, now=self.now)

    def now(self) -> datetime:
        """The clock's time in UTC, to the second (Graph's timestamp precision)."""
        return self.clock().astimezone(UTC).replace(microsecond=0)

    def add_site(self, path: str, display_name: str, *, hostname: str | None = None) -> Site:
        """Create a site at a server-relative path such as ``/sites/allianz``."""
        host = hostname or self.hostname
        site = Site(
            hostname=host,
            collection_id=self.ids.guid(),
            web_id=self.ids.guid(),
            path="/" + path.strip("/"),
            display_name=display_name,
            created_at=self.now(),
        )
        self.sites[site.id] = site
        self.sites[f"{host}:{site.path}".lower()] = site
        return site

    def add_library(
        self, site: Site | str, name: str, columns: Iterable[ColumnDef] = ()
    ) -> Library:
        """Create a document library (a list and its drive) with extra columns."""
        owner = self.site(site)
        if name.lower() in owner.libraries:
            raise NameConflict(f"library {name!r} exists already")
        list_id = self.ids.guid()
        lib = Library(
            site=owner,
            name=name,
            list_id=list_id,
            drive_id=drive_id_for(owner.collection_id, owner.web_id, list_id),
            root_id=self.ids.drive_item_id(),
            root_unique_id=self.ids.guid(),
            created_at=self.now(),
        )
        for col in columns:
            self.add_column(lib, col)
        owner.libraries[name.lower()] = lib
        owner.libraries[list_id] = lib
        self.drives[lib.drive_id] = lib
        self.lists[list_id] = lib
        return lib

    def add_column(self, lib: Library, col: ColumnDef) -> ColumnDef:
        """Add a column; NameConflict if the name exists (any case)."""
        if col.name.lower() in lib.columns:
            raise NameConflict(f"A column named '{col.name}' already exists")
        if not col.column_id:
            col = dataclasses.replace(col, column_id=self.ids.guid())
        lib.columns[col.name.lower()] = col
        return col

    def replace_column(self, lib: Library, col: ColumnDef) -> ColumnDef:
        """Store a changed definition of an existing column; items keep their values."""
        lib.columns[col.name.lower()] = col
        return col

    def delete_column(self, library: Library | str, name: str) -> ColumnDef:
        """Remove a custom column and its values, in every version (as SharePoint forgets them).

        KeyError for an unknown column, ValueError for a built-in or read-only one. Items keep
        their eTags: the column's removal is no change of the files.
        """
        lib = self.library(library)
        col = lib.columns.get(name.lower())
        if col is None:
            raise KeyError(f"no column {name!r} in {lib.name!r}")
        if col.read_only or col.column_id in _BUILTIN_IDS:
            raise ValueError(f"the built-in column {col.name!r} cannot be deleted")
        del lib.columns[name.lower()]
        # bulk files share one mapping; keeping the original alive keeps its id unique
        scrubbed: dict[int, tuple[Mapping[str, JsonValue], Mapping[str, JsonValue]]] = {}
        for item in lib.by_number:
            for index, version in enumerate(item.versions):
                if col.name not in version.fields:
                    continue
                old = version.fields
                if id(old) not in scrubbed:
                    scrubbed[id(old)] = (old, {k: v for k, v in old.items() if k != col.name})
                item.versions[index] = dataclasses.replace(version, fields=scrubbed[id(old)][1])
        return col

    def site(self, ref: Site | str) -> Site:
        """A site by object, composite id, ``host:/path[:]`` or server-relative path."""
        if isinstance(ref, Site):
            return ref
        key = ref.rstrip(":") if ":/" in ref else ref
        if key.startswith("/"):
            key = f"{self.hostname}:{key}"
        found = self.sites.get(key) or self.sites.get(key.lower().rstrip("/"))
        if found is None:
            raise KeyError(f"unknown site {ref!r}")
        return found

    def library(self, ref: Library | str, *, site: Site | str | None = None) -> Library:
        """A library by object, drive id, list id, or name (first match over all sites)."""
        if isinstance(ref, Library):
            return ref
        found = self.drives.get(ref) or self.lists.get(ref)
        sites = [self.site(site)] if site is not None else self._unique_sites()
        for candidate in sites:
            found = found or candidate.libraries.get(ref.lower())
        if found is None:
            raise KeyError(f"unknown library {ref!r}")
        return found

    def _unique_sites(self) -> list[Site]:
        return list({s.id: s for s in self.sites.values()}.values())

    def expire_delta_tokens(self, drive: Library | str) -> None:
        """From now on every earlier delta token of this library answers 410."""
        self.library(drive).log.expire()

    def add_document(
        self,
        site: Site | str,
        library: str,
        name: str,
        content: bytes | Content,
        fields: Mapping[str, JsonValue] | None = None,
        *,
        by: str | Principal,
    ) -> DocumentHandle:
        """Upload a file and set its fields; the result is version 1.0."""
        lib = self.library(library, site=site)
        edits.check_name(lib, name, None)
        who = self.directory.principal(by)
        values = edits.merge_fields(lib, {}, fields or {})
        body = StoredContent(content) if isinstance(content, bytes) else content
        version = Version(1, name, body, who, self.now(), values)
        item = edits.create(lib, self.ids.drive_item_id(), self.ids.guid(), version)
        return DocumentHandle.of(lib, item)

    def bulk_add(
        self,
        library: Library | str,
        count: int,
        *,
        size: int = 2048,
        fields: Mapping[str, JsonValue] | None = None,
        by: str | Principal | None = None,
        prefix: str = "Dokument",
    ) -> int:
        """Add ``count`` generated files cheaply (content by seed and size); returns count.

        All share one timestamp, one author and one (validated) fields mapping.
        """
        lib = self.library(library)
        users = self.directory.users()
        if by is None and not users:
            raise ValueError("bulk_add needs a user: add one or pass by=")
        who = self.directory.principal(by) if by is not None else users[0]
        values = edits.merge_fields(lib, {}, fields or {})
        at = self.now()
        drive_seed = zlib.crc32(lib.drive_id.encode())
        for _ in range(count):
            number = len(lib.by_number) + 1
            name = f"{prefix} {number:06d}.docx"
            edits.check_name(lib, name, None)
            content = GeneratedContent(seed=(drive_seed << 32) | number, size=size)
            first = Version(1, name, content, who, at, values)
            edits.create(lib, self.ids.drive_item_id(), self.ids.guid(), first)
        return count

    def edit_content(
        self, handle: DocumentHandle, content: bytes | Content, *, by: str | Principal
    ) -> Version:
        """Replace the file's content: a new version, a new cTag and eTag."""
        lib, item = self._live(handle)
        body = StoredContent(content) if isinstance(content, bytes) else content
        who = self.directory.principal(by)
        return edits.new_version(lib, item, who, self.now(), content=body)

    def set_fields(
        self, handle: DocumentHandle, fields: Mapping[str, JsonValue], *, by: str | Principal
    ) -> Version:
        """Write fields (None or "" clears one); raises FieldError as a PATCH would answer 400."""
        lib, item = self._live(handle)
        return edits.write_fields(lib, item, fields, self.directory.principal(by), self.now())

    def rename(self, handle: DocumentHandle, new_name: str, *, by: str | Principal) -> Version:
        """Rename the file (a metadata change: a new version)."""
        lib, item = self._live(handle)
        who = self.directory.principal(by)
        return edits.write_fields(lib, item, {"FileLeafRef": new_name}, who, self.now())

    def delete(self, handle: DocumentHandle, *, by: str | Principal) -> None:
        """Delete the file (to the recycle bin): delta reports it as deleted."""
        lib, item = self._live(handle)
        self.directory.principal(by)  # an unknown actor is a scripting error, even here
        edits.delete(lib, item)

    def lock(self, handle: DocumentHandle, *, by: str | Principal) -> None:
        """A person locks the file (opens it for editing): Graph writes to it answer 423.

        The lock is no change of the file (no version, no eTag); the person's own writes
        through this API still go through. ValueError if someone else holds a lock.
        """
        _, item = self._live(handle)
        who = self.directory.principal(by)
        if who.kind != "user":
            raise ValueError("only a person can lock a file")
        if item.locked_by is not None and item.locked_by != who:
            raise ValueError(f"file {handle.item_id} is locked by {item.locked_by.upn} already")
        item.locked_by = who

    def unlock(self, handle: DocumentHandle) -> None:
        """Release the file's lock (no error if it holds none)."""
        self._live(handle)[1].locked_by = None

    def mark_downloaded(self, handle: DocumentHandle, *, version: int | None = None) -> None:
        """Count the file's content (or that of version number ``version``) as downloaded.

        As after a real download, its hash is listed from now on; eTag, cTag and delta stay.
        """
        item = self.item(handle)
        number = item.current.number if version is None else version
        if not 1 <= number <= len(item.versions):
            raise KeyError(f"file {handle.item_id} has no version {number}")
        item.versions[number - 1].content.downloaded = True

    def fields(self, handle: DocumentHandle) -> dict[str, JsonValue]:
        """The current field values (stored form; empty fields absent)."""
        return dict(self.item(handle).current.fields)

    def item(self, handle: DocumentHandle) -> Item:
        """The item behind a handle, deleted or not."""
        return self.library(handle.drive_id).by_item_id[handle.item_id]

    def find(self, library: str, name: str, *, site: Site | str | None = None) -> DocumentHandle:
        """The live file called ``name`` (any case) in ``library``; KeyError if there is none."""
        lib = self.library(library, site=site)
        item = lib.by_name.get(name.lower())
        if item is None:
            raise KeyError(f"no file {name!r} in {lib.name!r}")
        return DocumentHandle.of(lib, item)

    def _live(self, handle: DocumentHandle) -> tuple[Library, Item]:
        lib = self.library(handle.drive_id)
        item = lib.by_item_id.get(handle.item_id)
        if item is None or item.deleted:
            raise KeyError(f"file {handle.item_id} does not exist (deleted?)")
        return lib, item

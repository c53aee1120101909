"""The sync cycle: watch every library, update the state, record what changed.

Shape of each library's step: fetch one delta page → decide the snapshots and events →
apply them in one state transaction together with the page's link → next page. A crash at any
point resumes from the last applied link; events carry an idempotency key, so a replayed page
records nothing twice. A full pass (the first sync, or after Graph answers 410) records the ids
it sees and, once complete, removes what it did not see.

A cycle asks for the first delta page of every library in one ``$batch`` (20 libraries a round
trip), so an idle cycle is one round trip; the libraries' pages are then applied one library
after the other, as if each had been fetched on its turn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
)
from config import LibrarySettings
from integration.errors import GraphError, ResyncRequired
from integration.state import StateStore
from integration.state.records import Cursor, RecordedEvent
from jobs.fields import VOLATILE_FIELDS
from jobs.stage_settings import SyncSettings
from ports.clock import Clock
from ports.documents import DeltaPage, DeltaRequest, ItemChange, ListItemFields
from ports.libraries import ResolvedLibrary
from ports.sharepoint import SharePoint

__all__ = [
    "REPORTED_EVENTS",
    "CycleReport",
    "LibraryReport",
    "Watcher",
    "snapshot_events",
    "watched_since",
]

log = structlog.get_logger("freigabe.sync")

_PROGRESS_EVERY = 10  # pages; a full pass of 100,000 items is 500 pages
_HELD_PAGES = 20  # changes held back at most (4,000 at 200 a page), for bounded memory
REPORTED_EVENTS = 1000


@dataclass(frozen=True, slots=True)
class LibraryReport:
    """What one library's sync did.

    Attributes:
        events: the recorded events, at most ``REPORTED_EVENTS`` of them (a first pass over a
            large library records one per document; the state store holds them all).
        event_count: how many events were recorded in all.
    """

    key: str
    pages: int
    changes: int
    resynced: bool
    events: tuple[RecordedEvent, ...]
    event_count: int = 0


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one cycle over all libraries did."""

    started_at: datetime
    finished_at: datetime
    libraries: tuple[LibraryReport, ...] = field(default_factory=tuple)

    @property
    def events(self) -> tuple[RecordedEvent, ...]:
        return tuple(e for lib in self.libraries for e in lib.events)

    @property
    def event_count(self) -> int:
        return sum(lib.event_count for lib in self.libraries)


def _diff(before: DocumentSnapshot, after: DocumentSnapshot) -> tuple[str, ...]:
    keys = set(before.fields) | set(after.fields)
    return tuple(
        sorted(k for k in keys - VOLATILE_FIELDS if before.fields.get(k) != after.fields.get(k))
    )


def snapshot_events(
    before: DocumentSnapshot | None, after: DocumentSnapshot | None
) -> list[DocumentEvent]:
    """The events that lead from one snapshot of a document to the next (None = absent)."""
    if before is None:
        return [] if after is None else [DocumentAdded(after)]
    if after is None:
        return [DocumentRemoved(before)]
    # A listing without a hash cannot rule out a new content (Graph computes the hash only
    # after a download); only changed items come here, so an unknown hash is a possible
    # content change, which enforcement settles by filling the hash in.
    content_changed = before.content_hash != after.content_hash or after.content_hash is None
    changed = _diff(before, after)
    if before.name != after.name and "FileLeafRef" not in changed:
        changed = tuple(sorted((*changed, "FileLeafRef")))
    if not content_changed and not changed:
        return []
    return [DocumentChanged(before, after, content_changed, changed)]


def _snapshot(
    key: str, change: ItemChange, fields: ListItemFields, now: datetime
) -> DocumentSnapshot:
    return DocumentSnapshot(
        library=key,
        item_id=change.item_id,
        list_item_id=change.list_item_id or fields.list_item_id,
        name=change.name or str(fields.fields.get("FileLeafRef") or ""),
        etag=change.etag or fields.etag or "",
        content_hash=change.content_hash,
        size=change.size,
        modified_at=change.modified_at or now,
        modified_by=change.modified_by,
        web_url=change.web_url,
        version=fields.version,
        # the list item's own eTag rides along: field writes are conditional on it
        fields={**fields.fields, "@odata.etag": fields.etag} if fields.etag else fields.fields,
    )


def _live_files(page: DeltaPage) -> list[ItemChange]:
    return [c for c in page.items if c.is_file and not c.deleted]


def _stale(files: Sequence[ItemChange], known: Mapping[str, DocumentSnapshot]) -> list[ItemChange]:
    """The files whose stored snapshot is missing or has another eTag."""
    return [c for c in files if c.item_id not in known or known[c.item_id].etag != c.etag]


def _fields_to_read(stale: Sequence[ItemChange]) -> list[str]:
    """The list item ids of ``stale`` files whose fields did not come along."""
    return [c.list_item_id for c in stale if c.fields is None and c.list_item_id]


@dataclass(frozen=True, slots=True)
class _Start:
    """Where a library's sync begins this cycle: at ``link`` (None: from scratch), in a full
    pass if ``resync``."""

    lib: ResolvedLibrary
    link: str | None
    resync: bool


_WATCHED_SINCE = "watched_since:"
# The delta link taken when a full pass by listing began; present while that pass runs.
_LISTING = "listing_delta_link:"


def watched_since(store: StateStore, library: str) -> int | None:
    """The last event seq of the library's first complete pass; None before it completed.

    Documents added by events after it appeared while the service watched; the ones up to
    it were there before, and their state is taken as it is.
    """
    value = store.get_meta(_WATCHED_SINCE + library)
    return int(value) if value is not None else None


class Watcher:
    """Runs sync cycles for every configured library against SharePoint and one store."""

    def __init__(
        self,
        settings: SyncSettings,
        sharepoint: SharePoint,
        store: StateStore,
        *,
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._sharepoint = sharepoint
        self._store = store
        self._clock = clock
        self._fields = settings.fields

    async def resolved(self, spec: LibrarySettings) -> ResolvedLibrary:
        """The stored address of a library, resolved again only when its configuration
        changed."""
        known = self._store.get_library(spec.key)
        if known is not None and self._sharepoint.is_current(known):
            return known
        lib = await self._sharepoint.resolve_library(spec.key)
        self._store.save_library(lib)
        if known is not None and known.drive_id != lib.drive_id:
            self._store.reset_cursor(spec.key)
        return lib

    async def cycle(self) -> CycleReport:
        started = self._clock()
        starts = []
        for spec in self._settings.libraries:
            with structlog.contextvars.bound_contextvars(library=spec.key):
                starts.append(await self._start(spec))
        reports = []
        for start, first in zip(starts, await self._first_pages(starts), strict=True):
            with structlog.contextvars.bound_contextvars(library=start.lib.key):
                report = await self._sync(start, first)
            # every cycle, idle or not: debug, so an idle worker's info log stays quiet
            log.debug(
                "sync.library_done",
                library=report.key,
                pages=report.pages,
                changes=report.changes,
                events=report.event_count,
                resynced=report.resynced,
            )
            reports.append(report)
        finished = self._clock()
        self._store.set_meta("last_cycle_at", finished.isoformat())
        log.debug("sync.cycle_done", seconds=round((finished - started).total_seconds(), 3))
        return CycleReport(started, finished, tuple(reports))

    def _request(self, lib: ResolvedLibrary, link: str | None) -> DeltaRequest:
        inline = None if self._batched_fields else self._fields
        return DeltaRequest(lib, link, inline)

    async def _first_pages(self, starts: Sequence[_Start]) -> list[DeltaPage | Exception | None]:
        """The first delta page of every library that begins with one, in ``$batch``: one
        round trip for up to 20 libraries instead of one each. None where a library begins
        otherwise (a listing pass) or alone: a batch of one costs the round trip and the
        operation a plain GET costs, and the plain GET is the path every later page takes.
        """
        by_delta = [n for n, start in enumerate(starts) if self._by_delta(start)]
        out: list[DeltaPage | Exception | None] = [None] * len(starts)
        if len(by_delta) < 2:
            return out
        requests = [self._request(starts[n].lib, starts[n].link) for n in by_delta]
        for n, page in zip(by_delta, await self._sharepoint.delta_pages(requests), strict=True):
            out[n] = page
        return out

    def _by_delta(self, start: _Start) -> bool:
        """Whether the library's sync begins with a delta page; a full pass of driveItem
        delta begins with the listing instead (see ``_listing``)."""
        return not (start.resync and self._batched_fields)

    async def _fetch(
        self, lib: ResolvedLibrary, link: str | None, batched: DeltaPage | Exception | None
    ) -> DeltaPage:
        """The delta page at ``link``: the one the cycle's ``$batch`` brought, else asked now."""
        if isinstance(batched, Exception):
            raise batched
        if batched is not None:
            return batched
        return await self._sharepoint.delta_page(self._request(lib, link))

    def _strategy_changed(self, key: str) -> bool:
        meta = f"strategy:{key}"
        strategy = self._settings.strategy
        if self._store.get_meta(meta) == strategy:
            return False
        self._store.set_meta(meta, strategy)
        return True

    async def _start(self, spec: LibrarySettings) -> _Start:
        lib = await self.resolved(spec)
        cursor = None if self._strategy_changed(lib.key) else self._store.get_cursor(lib.key)
        if cursor is None:
            self._store.begin_resync(lib.key)
        link = (cursor.link or None) if cursor else None
        return _Start(lib, link, cursor is None or cursor.resync)

    async def _sync(self, start: _Start, first: DeltaPage | Exception | None) -> LibraryReport:
        """Sync one library from ``start``; ``first`` is its first page if the cycle's
        ``$batch`` brought it (or the error asking for it met)."""
        lib, link, resync = start.lib, start.link, start.resync
        key = lib.key
        pages = changes = count = 0
        recorded: list[RecordedEvent] = []
        resync_restarts = 0
        followed: set[str] = set()
        # Pages of changes held back until it is clear whether reading their fields costs
        # less than listing the library; ``unread`` counts the field reads they need.
        held: list[tuple[DeltaPage, str | None]] = []
        unread = 0
        # The delta link of a delta read to its end just before this pass switched to a
        # listing: the listing starts from it instead of asking for one (see _listing).
        in_hand: str | None = None
        while True:
            batched, first = first, None
            try:
                listed = await self._listing(lib, link, in_hand) if resync else None
                in_hand = None
                page = listed if listed is not None else await self._fetch(lib, link, batched)
            except ResyncRequired:
                if resync_restarts:
                    raise
                log.warning("sync.resync_required", library=key)
                resync_restarts += 1
                held.clear()
                unread, resync, link = 0, True, None
                self._store.begin_resync(key)
                continue
            pages += 1
            changes += len(page.items)
            if resync or not self._batched_fields:
                ready = [(page, link)]
            else:
                unread += self._unread(lib, page)
                if unread > self._listing_cost(key, link_in_hand=page.last):
                    # The held pages' field reads alone would cost more operations than the
                    # whole listing: list instead. Operations decide, not round trips: "requests
                    # in a batch are evaluated individually against the applicable throttling
                    # limits" (Microsoft Learn, "Combine multiple HTTP requests using JSON
                    # batching"). A tie goes to the batches, fewer round trips. The delta pages
                    # read so far count in both prices.
                    log.info("sync.listing_instead", library=key, unread=unread, pages=pages)
                    held.clear()
                    in_hand = page.delta_link
                    unread, resync, link = 0, True, None
                    self._store.begin_resync(key)
                    continue
                held.append((page, link))
                ready = [] if not page.last and len(held) < _HELD_PAGES else held[:]
                if ready:
                    # Applied, their reads are spent: from here only the reads still avoidable
                    # weigh against the listing, so the cycle never costs more than batches.
                    # It may then cost more than a listing by the reads spent here: delta does
                    # not say how many changes follow, and holding more pages than this would
                    # break the memory bound.
                    held.clear()
                    unread = 0
            for ready_page, ready_link in ready:
                applied = await self._apply(lib, ready_page, resync=resync, link=ready_link)
                count += len(applied)
                recorded += applied[: max(0, REPORTED_EVENTS - len(recorded))]
            if page.last:
                if resync:
                    self._store.delete_meta(_LISTING + key)
                if watched_since(self._store, key) is None:
                    self._store.set_meta(_WATCHED_SINCE + key, str(self._store.last_event_seq()))
                break
            link = page.next_link
            if link is None or link in followed:
                # A link handed out twice in one pass is a loop on Graph's side, and a page
                # with neither link would start the pass again: either would never end. The
                # pages so far are kept; the next cycle continues from them.
                what = "no link to go on with" if link is None else "a nextLink seen before"
                raise GraphError(f"delta of library {key}: Graph handed out {what} (page {pages})")
            followed.add(link)
            if pages % _PROGRESS_EVERY == 0:
                log.info("sync.progress", library=key, pages=pages, items=changes)
        return LibraryReport(key, pages, changes, resync, tuple(recorded), count)

    @property
    def _batched_fields(self) -> bool:
        """Whether changed files need their fields read (driveItem delta cannot expand them)."""
        return self._settings.strategy != "list_item_delta"

    def _listing_cost(self, key: str, *, link_in_hand: bool) -> int:
        """Operations of a full pass by listing: one per page, and the delta link unless one
        is in hand."""
        pages = math.ceil(self._store.count_snapshots(key) / self._sharepoint.page_size)
        return pages + (0 if link_in_hand else 1)

    def _unread(self, lib: ResolvedLibrary, page: DeltaPage) -> int:
        """How many field reads applying ``page`` takes (as ``_apply`` decides them)."""
        files = _live_files(page)
        known = self._store.get_snapshots(lib.key, [c.item_id for c in files])
        return len(_fields_to_read(_stale(files, known)))

    async def _listing(
        self, lib: ResolvedLibrary, link: str | None, in_hand: str | None
    ) -> DeltaPage | None:
        """The next page of a full pass by listing, or None where delta does the pass.

        A full pass by driveItem delta costs one field read per file on top of its pages; a
        listing brings the fields along, one operation per page. The delta link is taken
        first, so that what changes while the listing runs comes with the next delta; a
        pass that crashed goes on from its stored page with the link it began with. A link
        ``in_hand`` (the end of a delta read just now) is as early as that and costs nothing:
        changes after it that the listing already shows come again and change nothing.
        """
        if not self._batched_fields:
            return None  # its pass brings the fields along already
        meta = _LISTING + lib.key
        delta_link = self._store.get_meta(meta)
        if link is None:
            delta_link = in_hand or await self._sharepoint.latest_delta_link(lib)
            self._store.set_meta(meta, delta_link)
        elif delta_link is None:
            return None  # a pass by delta begun before this version: it goes on as it began
        return await self._sharepoint.listing_page(lib, link, self._fields, delta_link=delta_link)

    async def _apply(
        self, lib: ResolvedLibrary, page: DeltaPage, *, resync: bool, link: str | None
    ) -> list[RecordedEvent]:
        key = lib.key
        files = _live_files(page)
        gone = [c.item_id for c in page.items if c.deleted]
        known = self._store.get_snapshots(key, [c.item_id for c in files] + gone)
        stale = _stale(files, known)
        fields = await self._fields_of(lib, stale)
        now = self._clock()
        upserts: list[DocumentSnapshot] = []
        events: list[DocumentEvent] = []
        for change in stale:
            item_fields = fields.get(change.list_item_id or "") or change.fields
            if item_fields is None:
                continue  # deleted between delta and read: the next delta reports it
            after = _snapshot(key, change, item_fields, now)
            upserts.append(after)
            events += snapshot_events(known.get(change.item_id), after)
        removals = [i for i in gone if i in known]
        events += [DocumentRemoved(known[i]) for i in removals]
        seen = [c.item_id for c in files] if resync else []
        if page.last and resync:
            # Record this page's ids first, without moving the cursor past it, so that a crash
            # before the removals below replays this page instead of forgetting them.
            out = self._store.apply_page(
                key,
                cursor=Cursor(link=link or "", complete=False, resync=True),
                upserts=upserts,
                removals=removals,
                events=events,
                seen_ids=seen,
            )
            unseen = list(self._store.unseen_snapshots(key))
            out += self._store.apply_page(
                key,
                cursor=Cursor(link=page.delta_link or "", complete=True, resync=False),
                upserts=(),
                removals=[s.item_id for s in unseen],
                events=[DocumentRemoved(s) for s in unseen],
            )
            self._store.finish_resync(key)
            return out
        next_cursor = Cursor(
            link=(page.delta_link if page.last else page.next_link) or "",
            complete=page.last,
            resync=resync and not page.last,
        )
        return self._store.apply_page(
            key,
            cursor=next_cursor,
            upserts=upserts,
            removals=removals,
            events=events,
            seen_ids=seen,
        )

    async def _fields_of(
        self, lib: ResolvedLibrary, stale: Sequence[ItemChange]
    ) -> Mapping[str, ListItemFields]:
        wanted = _fields_to_read(stale)
        if not wanted:
            return {}
        return await self._sharepoint.read_fields(lib, wanted, self._fields)

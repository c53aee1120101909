"""Enforcement: the release process applied to what the sync cycle saw.

Shape: fetch (the documents with new events, and the open rounds that are due) → decide
(``approval.step``) → apply (one conditional field write, then one state transaction with the
round, the processed fields, release records, notices and audit entries) → checkpoint.

A field write is announced in the state before it is sent: after a crash, its values count
as the service's own, so the service never mistakes its own write for a person's edit. The
whole step is announced with it: when the write is found in SharePoint after a crash, that
step is committed as it was decided, so no effect is applied twice. A write lands as a whole,
so when none of its values shows in SharePoint it never arrived (the connection broke, the
process died first) and the document is decided again. The
write is conditional on the item's eTag; on a conflict nothing is recorded and the document is
decided again when the person's edit comes through delta.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import structlog

from approval import (
    Actor,
    Effect,
    Ending,
    EndRound,
    Notify,
    Observation,
    Policy,
    Publish,
    RecordAudit,
    SetFields,
    Status,
    VoteRound,
    describe,
    parse_status,
    step,
)
from approval.documents import DocumentSnapshot, as_text
from config import LibrarySettings
from integration.errors import GraphError, PreconditionFailed
from integration.state import StateStore
from integration.state.problems import ProblemStore
from integration.state.records import RecordedEvent
from jobs.attribution import Attributor
from jobs.stage_settings import EnforceSettings
from jobs.sync import watched_since
from jobs.writes import ETAG, is_item_failure, write_fields
from ports.clock import Clock
from ports.ledger import Ledger, Release, ReleaseRule, ReleaseVote, Step, StepEffect
from ports.libraries import ResolvedLibrary
from ports.problems import Stage
from ports.sharepoint import SharePoint

__all__ = ["CHECKPOINT", "EnforceReport", "Enforcer", "process_fields"]

log = structlog.get_logger("freigabe.enforce")

CHECKPOINT = "enforce"
_BULK = 500


@dataclass(frozen=True, slots=True)
class EnforceReport:
    """What one enforcement pass did: the notices it raised (German lines), conflicts, and
    the documents it could not bring up to date (held up alone, tried again next cycle)."""

    lines: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    writes: int = 0
    failed: tuple[str, ...] = ()

    def __add__(self, other: EnforceReport) -> EnforceReport:
        return EnforceReport(
            self.lines + other.lines,
            self.conflicts + other.conflicts,
            self.writes + other.writes,
            self.failed + other.failed,
        )


def process_fields(policy: Policy, snapshot: DocumentSnapshot) -> dict[str, str | None]:
    """The columns the release process reads, as text."""
    c = policy.columns
    names = (
        c.status,
        c.lead,
        *(c.vote(o) for o in policy.organisations),
        c.version_under_vote,
        c.deadline,
        c.public_link,
        c.protocol,
        c.activity,
        *c.required,
    )
    return {n: as_text(snapshot.fields.get(n)) for n in dict.fromkeys(names)}


def _first_sight(
    policy: Policy, after: Mapping[str, str | None], *, new: bool
) -> dict[str, str | None]:
    """The baseline of a document the service has never processed.

    One that was there before the service watched the library is taken as it is: nothing
    that happened before is judged, except that a pending submission is taken up as a
    submission. One added since (``new``) is judged from nothing, a draft with empty
    columns: an uploaded "Freigegeben", a vote or a service column is a person's change.
    """
    if new:
        before: dict[str, str | None] = dict.fromkeys(after)
        before[policy.columns.status] = Status.DRAFT.value
        return before
    before = dict(after)
    if parse_status(after.get(policy.columns.status)) is Status.VOTING:
        before[policy.columns.status] = Status.DRAFT.value
    return before


def _added_later(rec: RecordedEvent, since: Mapping[str, int | None]) -> bool:
    """Whether ``rec`` adds a document after its library's first complete pass."""
    first_pass_end = since.get(rec.library)
    return rec.kind == "added" and first_pass_end is not None and rec.seq > first_pass_end


def _landed(
    pending: Mapping[str, str | None],
    after: Mapping[str, str | None],
    previous: Mapping[str, str | None] | None,
) -> bool:
    """Whether an announced write reached SharePoint (see the module docstring).

    Only the values the write changes tell: one that was already there says nothing.
    """
    old = previous or {}
    telling = {k: v for k, v in pending.items() if old.get(k) != v}
    return not telling or any(after.get(k) == v for k, v in telling.items())


def _attributed_columns(
    policy: Policy, before: Mapping[str, str | None], after: Mapping[str, str | None]
) -> list[str]:
    """The changed columns whose author matters: people's columns, and the service's own,
    whose values may come back without the state knowing them (a restored state file)."""
    c = policy.columns
    watched = (
        c.status,
        c.lead,
        c.deadline,
        *(c.vote(o) for o in policy.organisations),
        *c.service_only,
    )
    return [n for n in watched if (before.get(n) or "").strip() != (after.get(n) or "").strip()]


class Enforcer:
    """Applies the release process to every document with news, and to due rounds."""

    def __init__(
        self,
        settings: EnforceSettings,
        sharepoint: SharePoint,
        store: StateStore,
        *,
        ledger: Ledger,
        resolved: Callable[[LibrarySettings], Awaitable[ResolvedLibrary]],
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._sharepoint = sharepoint
        self._store = store
        self._rounds = ledger
        self._problems = ProblemStore(store)
        self._stuck: dict[str, str] = {}
        self._added: set[str] = set()
        self._resolved = resolved
        self._clock = clock
        self._specs = {spec.key: spec for spec in settings.libraries}
        self._policies = settings.policies
        self._groups = settings.groups
        self._people = settings.people
        self._own_app = settings.own_app_id
        # built by each run(): _observe is reached only from there
        self._attributor: Attributor
        self._deferred: list[Step] = []

    def _defer(self, record: Step) -> None:
        """Queue a step that wrote nothing; a first pass over many documents is then stored
        in a few transactions instead of one per document."""
        self._deferred.append(record)
        if len(self._deferred) >= _BULK:
            self._flush()

    def _flush(self) -> None:
        if self._deferred:
            self._rounds.commit_steps(self._deferred)
            self._deferred.clear()

    def _close_removed(self, library: str, document_id: str) -> str | None:
        """A document deleted during a vote: its round ends as cancelled."""
        open_round = self._rounds.open_round(document_id)
        if open_round is None:
            return None
        now = self._clock()
        audit = RecordAudit(
            document_id,
            "approval.document_removed",
            now,
            details={"round": str(open_round.number)},
        )
        self._defer(
            Step(
                library=library,
                document_id=document_id,
                processed={},
                effects=(EndRound(open_round, Ending.CANCELLED, now), audit),
            )
        )
        return f"{document_id}: gelöscht, Runde {open_round.number} beendet"

    async def run(self) -> EnforceReport:
        """Process every event recorded since the last pass, then every due round.

        Documents that failed in an earlier pass are processed again, with or without news.
        """
        report = EnforceReport()
        # the directory is read again each pass, so a change in Entra ID takes effect
        self._attributor = Attributor(
            self._sharepoint, self._people, self._groups, own_app_id=self._own_app
        )
        start = self._store.get_checkpoint(CHECKPOINT)
        last = start
        # Only ids are kept: a first pass over a large library touches every document, and the
        # snapshots are read again in chunks below (events may lag behind the stored state).
        self._stuck = self._problems.documents(Stage.ENFORCE)
        touched: dict[str, str] = dict(self._stuck)
        since = {key: watched_since(self._store, key) for key in self._specs}
        self._added = set()
        while batch := self._store.events_after(last, limit=1000):
            touched.update((rec.item_id, rec.library) for rec in batch)
            self._added.update(rec.item_id for rec in batch if _added_later(rec, since))
            last = batch[-1].seq
        ids = list(touched)
        for chunk_start in range(0, len(ids), _BULK):
            chunk = ids[chunk_start : chunk_start + _BULK]
            for doc_id, library, snapshot in self._current(chunk, touched):
                if library not in self._specs:
                    continue
                if snapshot is None:
                    self._problems_cleared(doc_id)
                    if closed := self._close_removed(library, doc_id):
                        report += EnforceReport(lines=(closed,))
                    continue
                report += await self._observe_one(library, snapshot)
        self._flush()
        for due in self._rounds.open_rounds():
            if not due.round.is_due(self._clock()) or due.round.document_id in touched:
                continue
            found = self._store.get_snapshots(due.library, [due.round.document_id])
            snapshot = found.get(due.round.document_id)
            if snapshot is not None:
                report += await self._observe_one(due.library, snapshot)
        self._flush()
        if last != start:
            self._store.set_checkpoint(CHECKPOINT, last)
        return report

    async def _observe_one(self, library: str, snapshot: DocumentSnapshot) -> EnforceReport:
        """Observe one document; a failure that concerns it alone is recorded, not raised."""
        try:
            outcome = await self._observe(library, snapshot)
        except GraphError as err:
            if not is_item_failure(err):
                raise
            return self._stuck_on(library, snapshot, err)
        if not outcome.conflicts:
            self._problems_cleared(snapshot.item_id)
        return outcome

    def _stuck_on(self, library: str, snapshot: DocumentSnapshot, err: GraphError) -> EnforceReport:
        self._problems.record(
            Stage.ENFORCE,
            library=library,
            document_id=snapshot.item_id,
            name=snapshot.name,
            message=str(err),
            at=self._clock(),
            status=err.status,
            code=err.code,
        )
        self._stuck[snapshot.item_id] = library
        log.warning(
            "enforce.document_failed",
            library=library,
            document=snapshot.name,
            status=err.status,
            code=err.code,
        )
        why = f"{err.status} {err.code}" if err.code else str(err.status)
        hint = " (in Office geöffnet?)" if err.status == 423 else ""
        return EnforceReport(failed=(f"{snapshot.name}: Graph antwortete {why}{hint}",))

    def _problems_cleared(self, document_id: str) -> None:
        if self._stuck.pop(document_id, None) is not None:
            self._problems.clear(Stage.ENFORCE, document_id)

    def _current(
        self, ids: Sequence[str], library_of: Mapping[str, str]
    ) -> list[tuple[str, str, DocumentSnapshot | None]]:
        """(id, library, latest stored snapshot or None if removed) of each document in ``ids``."""
        by_library: dict[str, list[str]] = {}
        for doc_id in ids:
            by_library.setdefault(library_of[doc_id], []).append(doc_id)
        out: list[tuple[str, str, DocumentSnapshot | None]] = []
        for library, doc_ids in by_library.items():
            found = self._store.get_snapshots(library, doc_ids)
            out += [(doc_id, library, found.get(doc_id)) for doc_id in doc_ids]
        return out

    def _needs_hash(self, snapshot: DocumentSnapshot, status: Status | None) -> bool:
        """Whether the release process needs the content's identity of ``snapshot``: it is
        (or was, or is to be) under vote. A draft that never was needs none."""
        if snapshot.content_hash:
            return False
        doc = snapshot.item_id
        return (
            status is Status.VOTING
            or self._rounds.open_round(doc) is not None
            or self._rounds.last_round(doc) > 0
        )

    async def _with_hash(
        self, lib: ResolvedLibrary, snapshot: DocumentSnapshot
    ) -> DocumentSnapshot:
        """``snapshot`` with the content hash SharePoint did not list."""
        value, listed = await self._sharepoint.content_hash(lib, snapshot.item_id)
        log.info("enforce.hash_filled", library=lib.key, document=snapshot.name, listed=listed)
        return replace(snapshot, content_hash=value)

    async def _observe(self, library: str, snapshot: DocumentSnapshot) -> EnforceReport:
        policy = self._policies[library]
        lib = await self._resolved(self._specs[library])
        after = process_fields(policy, snapshot)
        if self._needs_hash(snapshot, parse_status(after.get(policy.columns.status))):
            snapshot = await self._with_hash(lib, snapshot)
        pending = self._rounds.pending_write(snapshot.item_id)
        previous = self._rounds.processed(snapshot.item_id)
        landed = pending is not None and _landed(pending.values, after, previous)
        if pending is not None and landed and pending.step is not None:
            # The write of an interrupted step reached SharePoint: finish that step rather
            # than deciding again, then look at what else changed since. The step keeps the
            # item as SharePoint has it now: the snapshot it was announced with predates its
            # own write, and its eTag would make the next conditional write fail for good.
            self._rounds.commit_step(replace(pending.step, snapshot=snapshot))
            log.info("enforce.step_finished", library=library, document=snapshot.name)
            pending = None
        processed = self._rounds.processed(snapshot.item_id)
        new = snapshot.item_id in self._added
        before = _first_sight(policy, after, new=new) if processed is None else processed
        if pending is not None and landed:
            before.update(pending.values)
        changed = _attributed_columns(policy, before, after)
        actors: Mapping[str, Actor] = {}
        if changed and snapshot.list_item_id:
            found = await self._attributor.actors(lib, snapshot.list_item_id, changed, after)
            actors = found.actors
            for column in sorted(found.own):
                # the service's own value: what it wrote, not a person's change to judge
                before[column] = after.get(column)
                log.info(
                    "enforce.own_value_recognised",
                    library=library,
                    document=snapshot.name,
                    column=column,
                )
        observation = Observation(
            document_id=snapshot.item_id,
            etag=snapshot.etag,
            before=before,
            after=after,
            content_hash=snapshot.content_hash or "",
            version_label=snapshot.version or "",
            changed_by=actors,
        )
        now = self._clock()
        effects = step(
            observation,
            self._rounds.open_round(snapshot.item_id),
            policy,
            now,
            last_round=self._rounds.last_round(snapshot.item_id),
        )
        return await self._apply(lib, policy, snapshot, after, effects, now)

    async def _apply(
        self,
        lib: ResolvedLibrary,
        policy: Policy,
        snapshot: DocumentSnapshot,
        after: dict[str, str | None],
        effects: Sequence[Effect],
        now: datetime,
    ) -> EnforceReport:
        values: dict[str, str | None] = {}
        for effect in effects:
            if isinstance(effect, SetFields):
                values.update(effect.values)
        processed = {**after, **values}
        fields = {**snapshot.fields, **values}
        record = self._record(lib.key, policy, snapshot, effects, processed)
        record = replace(record, snapshot=replace(snapshot, fields=fields))
        writes = 0
        if values:
            written = await self._write(lib, snapshot, values, now, record)
            if written is None:
                return EnforceReport(conflicts=(snapshot.name,))
            # keep what SharePoint stored (a date may come back in another form) and the
            # item's new eTag, which the next write conditions on
            etag = written.pop(ETAG, None)
            stored = {**fields, **written, **({ETAG: etag} if etag else {})}
            record = replace(
                record,
                processed={**processed, **written},
                snapshot=replace(snapshot, fields=stored),
            )
            # the write happened: record it at once, the state must not lag behind SharePoint
            self._rounds.commit_step(record)
            writes = 1
        else:
            self._defer(record)
        lines = tuple(
            f"{snapshot.name}: {describe(e, policy.timezone, policy.language)}"
            for e in effects
            if isinstance(e, Notify)
        )
        for line in lines:
            log.info("enforce.notice", library=lib.key, document=snapshot.name, notice=line)
        return EnforceReport(lines=lines, writes=writes)

    async def _write(
        self,
        lib: ResolvedLibrary,
        snapshot: DocumentSnapshot,
        values: Mapping[str, str | None],
        now: datetime,
        record: Step,
    ) -> dict[str, str | None] | None:
        """Write conditionally; return the values as SharePoint stored them, None on conflict.

        The whole step is announced with the write (see the module docstring).
        """
        try:
            return await write_fields(
                self._sharepoint, self._rounds, lib, snapshot, values, now, step=record
            )
        except PreconditionFailed:
            log.warning("enforce.conflict", library=lib.key, document=snapshot.name)
            return None

    def _record(
        self,
        library: str,
        policy: Policy,
        snapshot: DocumentSnapshot,
        effects: Sequence[Effect],
        processed: Mapping[str, str | None],
    ) -> Step:
        """The step to record: the effects as decided, ``Publish`` as the release it is. The
        field write is not among them: its values are in ``processed``."""
        recorded: list[StepEffect] = []
        released: VoteRound | None = None
        for e in effects:
            match e:
                case SetFields():
                    continue
                case EndRound(round=r, ending=Ending.RELEASED):
                    released = r
                    recorded.append(e)
                case Publish():
                    assert released is not None, "a release ends its round first"
                    recorded.append(self._release(library, policy, snapshot, e, released))
                case _:
                    recorded.append(e)
        return Step(
            library=library,
            document_id=snapshot.item_id,
            processed=processed,
            effects=tuple(recorded),
        )

    def _release(
        self, library: str, policy: Policy, snapshot: DocumentSnapshot, e: Publish, final: VoteRound
    ) -> Release:
        """The release ``e`` decided, with the document as it was released."""
        columns = self._settings.columns
        return Release(
            document_id=e.document_id,
            library=library,
            name=snapshot.name,
            title=as_text(snapshot.fields.get("Title")) or snapshot.name,
            summary=as_text(snapshot.fields.get(columns.summary)),
            document_type=as_text(snapshot.fields.get(columns.document_type)),
            web_url=snapshot.web_url,
            version=e.version,
            round=e.round_number,
            lead_org=e.lead_org,
            released_at=e.released_at,
            rule=ReleaseRule.of(policy.rule),
            votes={
                org: ReleaseVote.of(v) if (v := final.votes.get(org)) else None
                for org in policy.organisations
            },
            tally=e.tally,
        )

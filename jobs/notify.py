"""Notifications: every notice of the release process becomes one card in the outbox (the
votes one cycle saw on a document one card together, unless ``teams.vote_cards`` says
otherwise), and the outbox is delivered; reminders and the weekly digest are queued on their
schedules.

Notices are read from the state (where each step recorded them in its own transaction), so
a crash between deciding and queuing loses nothing; the outbox key is the notice's key (a
batch's: its first vote's), so queuing twice posts once. Stuck documents are read from the
state the same way: each problem that outlasts a retry gets one card, however many cycles it
lasts (``integration.teams.problems``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import structlog

from approval.documents import as_text
from config import LibrarySettings
from integration.state import StateStore
from integration.state.outbox import Outbox
from integration.state.problems import EXPORT_SITE, ProblemStore
from integration.teams import (
    Backoff,
    CardContext,
    DeliveryReport,
    DocumentRound,
    Notifier,
    VoteBatch,
    Wording,
    batch_votes,
    deliver_due,
    edit_form_url,
    enqueue_digest,
    enqueue_notice,
    enqueue_problem,
    enqueue_reminder,
    enqueue_votes,
    reminders_due,
)
from jobs.stage_settings import NotifySettings
from ports.clock import Clock
from ports.ledger import Ledger, RecordedNotice
from ports.libraries import ResolvedLibrary
from ports.problems import ItemProblem

__all__ = ["ANNOUNCE_AFTER", "NotifyReport", "NotifyStage"]

log = structlog.get_logger("freigabe.notify")

CHECKPOINT = "notify"

ANNOUNCE_AFTER = 2
"""Cycles a document must fail in a row before its card goes out: a throttled download or a
file open in Office for a minute is caught up by the next cycle, and is no news for the
channel; a symlink or a refused path fails again, and is."""


@dataclass(frozen=True, slots=True)
class NotifyReport:
    queued: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)


class NotifyStage:
    """Queues cards for new notices and delivers the outbox."""

    def __init__(
        self,
        settings: NotifySettings,
        store: StateStore,
        notifier: Notifier,
        *,
        ledger: Ledger,
        resolved: Callable[[LibrarySettings], Awaitable[ResolvedLibrary]],
        public_url: Callable[[str], str | None],
        clock: Clock,
    ) -> None:
        """``notifier`` delivers every channel of the outbox (``teams:``, ``mail:``)."""
        self._settings = settings
        self._teams = settings.teams
        self._store = store
        self._rounds = ledger
        self._problems = ProblemStore(store)
        self.outbox = Outbox(store)
        self._resolved = resolved
        self._public_url = public_url
        self._clock = clock
        self._specs = {spec.key: spec for spec in settings.libraries}
        self._names = settings.organisations
        self._router = notifier

    async def _context(self, library: str, document_id: str) -> CardContext:
        spec = self._specs[library]
        lib = await self._resolved(spec)
        snapshot = self._store.get_snapshots(library, [document_id]).get(document_id)
        item = snapshot.list_item_id if snapshot else None
        return CardContext(
            document_name=snapshot.name if snapshot else document_id,
            web_url=(snapshot.web_url if snapshot and snapshot.web_url else lib.web_url),
            library_name=lib.display_name,
            organisations=self._names,
            title=as_text(snapshot.fields.get("Title")) if snapshot else None,
            public_url=self._public_url(document_id),
            edit_url=edit_form_url(lib.web_url, item) if item else None,
            vote_columns=self._settings.vote_columns,
        )

    async def queue_notices(self) -> int:
        """Queue the cards for every notice recorded since the last pass."""
        start = last = self._store.get_checkpoint(CHECKPOINT)
        recorded: list[RecordedNotice] = []
        while batch := self._rounds.notices_after(last):
            recorded += batch
            last = batch[-1].seq
        queued = 0
        wording = Wording.from_settings(self._teams, self._settings.language)
        for entry in batch_votes(recorded, self._teams.vote_cards):
            spec = self._specs.get(entry.library)
            webhook = self._teams.channel_for(entry.library, spec.channel if spec else None)
            if spec is None or webhook is None:
                continue
            if isinstance(entry, VoteBatch):
                context = await self._context(entry.library, entry.document_id)
                queued += enqueue_votes(
                    self.outbox, entry, context, webhook=webhook, wording=wording, now=self._clock()
                )
            else:
                context = await self._context(entry.library, entry.notice.document_id)
                queued += enqueue_notice(
                    self.outbox,
                    entry.notice,
                    context,
                    webhook=webhook,
                    wording=wording,
                    now=self._clock(),
                )
        if last != start:
            self._store.set_checkpoint(CHECKPOINT, last)
        return queued

    async def queue_problems(self) -> int:
        """Queue the card of every stuck document not announced yet (once it failed
        ``ANNOUNCE_AFTER`` cycles in a row).

        A document's card goes to its library's channel; the export as a whole concerns
        every library, so its card goes to each of their channels.
        """
        queued = 0
        wording = Wording.from_settings(self._teams, self._settings.language)
        for problem in self._problems.all():
            if problem.attempts < ANNOUNCE_AFTER:
                continue
            for webhook, context in await self._problem_routes(problem):
                queued += enqueue_problem(
                    self.outbox,
                    problem,
                    context,
                    webhook=webhook,
                    wording=wording,
                    now=self._clock(),
                )
        return queued

    async def _problem_routes(self, problem: ItemProblem) -> list[tuple[str, CardContext | None]]:
        if problem.document_id == EXPORT_SITE:
            hooks = {self._teams.channel_for(s.key, s.channel) for s in self._specs.values()}
            return [(hook, None) for hook in sorted(h for h in hooks if h is not None)]
        spec = self._specs.get(problem.library)
        webhook = self._teams.channel_for(problem.library, spec.channel if spec else None)
        if spec is None or webhook is None:
            return []
        context = await self._context(problem.library, problem.document_id)
        return [(webhook, replace(context, document_name=problem.name))]

    async def deliver(self) -> DeliveryReport:
        """Send what is due from the outbox (retries with backoff; failures are recorded)."""
        return await deliver_due(
            self.outbox,
            self._router,
            self._clock(),
            max_attempts=self._teams.max_attempts,
            backoff=Backoff(),
        )

    async def run(self) -> NotifyReport:
        queued = await self.queue_notices() + await self.queue_problems()
        return NotifyReport(queued, await self.deliver())

    async def _open_rounds(self) -> list[tuple[str, DocumentRound]]:
        out = []
        for open_ in self._rounds.open_rounds():
            context = await self._context(open_.library, open_.round.document_id)
            out.append((open_.library, DocumentRound(open_.round, context)))
        return out

    async def remind(self) -> int:
        """Queue today's reminders for rounds whose deadline is near (once per round and day)."""
        now = self._clock()
        rounds = await self._open_rounds()
        by_doc = {r.round.document_id: lib for lib, r in rounds}
        added = 0
        for due in reminders_due(
            [r for _, r in rounds],
            now,
            days_before=self._teams.reminder_days_before,
            zone=self._teams.zone,
        ):
            library = by_doc[due.open_round.round.document_id]
            spec = self._specs[library]
            added += enqueue_reminder(
                self.outbox,
                due,
                webhook=self._teams.channel_for(library, spec.channel),
                wording=Wording.from_settings(self._teams, self._settings.language),
                now=now,
                mail_to=self._settings.approvers if self._teams.mail_reminders else None,
            )
        return added

    async def digest(self) -> int:
        """Queue this week's digest of open rounds, one per channel."""
        now = self._clock()
        per_channel: dict[str, list[DocumentRound]] = {}
        for library, open_round in await self._open_rounds():
            spec = self._specs[library]
            webhook = self._teams.channel_for(library, spec.channel)
            if webhook is not None:
                per_channel.setdefault(webhook, []).append(open_round)
        return sum(
            enqueue_digest(
                self.outbox,
                rounds,
                webhook=hook,
                wording=Wording.from_settings(self._teams, self._settings.language),
                now=now,
                status_url=self._settings.status_url,
            )
            for hook, rounds in per_channel.items()
        )

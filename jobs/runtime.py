"""The object graph one command runs on (built by ``jobs.bootstrap``), and its whole cycle."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from integration.export import Publisher
from integration.graph.client import GraphGateway
from integration.state import StateStore
from jobs.enforce import Enforcer, EnforceReport
from jobs.notify import NotifyReport, NotifyStage
from jobs.publish import PublishReport, PublishStage
from jobs.sync import CycleReport, Watcher
from ports.clock import Clock
from ports.ledger import Ledger
from ports.sharepoint import SharePoint

__all__ = ["FullCycle", "Runtime"]


@dataclass(frozen=True, slots=True)
class FullCycle:
    """What one whole cycle did: sync, enforcement, publishing, notifications."""

    sync: CycleReport
    enforce: EnforceReport
    publish: PublishReport
    notify: NotifyReport

    @property
    def failed(self) -> bool:
        """Whether a stage failed as a whole; a document held up alone does not count."""
        return self.publish.site_failed


@dataclass(frozen=True, slots=True)
class Runtime:
    """Everything a command needs, built from one Settings value."""

    settings: Settings
    clock: Clock
    store: StateStore
    ledger: Ledger
    graph: GraphGateway
    sharepoint: SharePoint
    watcher: Watcher
    enforcer: Enforcer
    publisher: Publisher
    publish: PublishStage
    notify: NotifyStage

    async def cycle(self) -> FullCycle:
        """One cycle: watch → enforce → publish → queue and deliver notifications.

        Publishing comes before notifying, so a "released" card carries the public link.
        Each cycle may wait out throttling for the configured budget afresh.
        """
        self.graph.throttle.start_cycle()
        sync = await self.watcher.cycle()
        enforce = await self.enforcer.run()
        publish = await self.publish.run()
        notify = await self.notify.run()
        return FullCycle(sync, enforce, publish, notify)

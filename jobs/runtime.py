"""The composition root: builds the object graph from settings, once per command."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import structlog

from config import Settings
from config.export import ExportSettings, FolderTargetSettings, default_export_folder
from integration.export import Publisher, open_publisher
from integration.graph.client import GraphGateway, build_gateway
from integration.graph.mail import GraphMailer
from integration.graph.sharepoint import GraphSharePoint
from integration.graph.throttle import Sleep
from integration.state import StateStore, audit_head
from integration.state.filesystem import network_share
from integration.state.publications import PublicationRepository
from integration.teams import Notifier
from jobs.enforce import Enforcer, EnforceReport
from jobs.logs import register_secret
from jobs.notify import NotifyReport, NotifyStage
from jobs.preflight import check_configuration
from jobs.publish import PublishReport, PublishStage
from jobs.sync import CycleReport, Watcher
from ports.sharepoint import SharePoint

__all__ = [
    "FullCycle",
    "Runtime",
    "export_settings",
    "open_runtime",
    "register_settings_secrets",
]

log = structlog.get_logger("freigabe.state")


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
    store: StateStore
    graph: GraphGateway
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


def register_settings_secrets(settings: Settings) -> None:
    """Tell the log redactor every secret the configuration holds."""
    cred = settings.credential
    secrets = [cred.client_secret, cred.certificate_password, cred.static_token]
    secrets += list(settings.teams.webhooks.values())
    target = settings.export.target if settings.export else None
    for name in ("connection_string", "account_key", "sas_token"):
        secrets.append(getattr(target, name, None))
    for secret in secrets:
        if secret is not None:
            register_secret(secret.get_secret_value())


def export_settings(settings: Settings) -> ExportSettings:
    """The configured export, or the default: a folder "export" beside the state file."""
    if settings.export is not None:
        return settings.export
    folder = default_export_folder(settings.state_path)
    return ExportSettings(
        target=FolderTargetSettings(path=folder, public_base_url=folder.resolve().as_uri())
    )


def _head(store: StateStore) -> tuple[int, str] | None:
    # a plain pair for the manifest: the export layer knows no records of the state's
    head = audit_head(store)
    return (head.seq, head.hash) if head else None


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    notifier: Notifier | None = None,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[Runtime]:
    """Open the state store, the Graph gateway and the export; close them however it ends.

    ``transport``, ``clock``, ``notifier`` and ``sleep`` (the throttling waits) are for tests.
    """
    register_settings_secrets(settings)
    check_configuration(settings, export_settings(settings))
    if (share := network_share(settings.state_path)) is not None:
        # a warning, not a refusal: some shares do lock, and a refusal would stop a worker
        # that has run there for months; the README says why it is unsafe
        log.warning(
            "state.network_share",
            path=str(settings.state_path),
            fstype=share.fstype,
            source=share.source,
            mount_point=share.point,
            note="SQLite cannot lock safely on a network file system; use a local volume",
        )
    with StateStore.open(settings.state_path, clock=clock) as store:
        async with build_gateway(settings, transport=transport, sleep=sleep) as graph:
            sharepoint: SharePoint = GraphSharePoint(graph, settings.libraries)
            watcher = Watcher(settings, sharepoint, store, clock=clock)
            enforcer = Enforcer(settings, sharepoint, store, resolved=watcher.resolved, clock=clock)
            publisher = open_publisher(
                export_settings(settings),
                PublicationRepository(store),
                clock=clock,
                audit_head=lambda: _head(store),
            )
            publish = PublishStage(
                settings, sharepoint, store, publisher, resolved=watcher.resolved, clock=clock
            )
            notify = NotifyStage(
                settings,
                GraphMailer(graph),
                store,
                resolved=watcher.resolved,
                public_url=publish.public_url,
                clock=clock,
                notifier=notifier,
            )
            try:
                yield Runtime(settings, store, graph, watcher, enforcer, publisher, publish, notify)
            finally:
                await notify.aclose()
                await publisher.aclose()

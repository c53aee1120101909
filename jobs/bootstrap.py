"""The composition root: every port, adapter and stage, built once per command from settings.

Each adapter is built from its own settings section and each stage is handed the ports and
its section (``jobs.stage_settings``), never the whole ``Settings``: the state store and the
one ledger over it, the Graph gateway and the mail sender behind it, the notifier routes,
the export publisher, and one clock for all of them. ``check``, ``provision`` and ``probe``
take the pieces they need from here (``preflight``, ``bootstrap_graph``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import structlog

from config import Settings
from config.export import ExportSettings, FolderTargetSettings, default_export_folder
from config.teams import TeamsSettings
from integration.errors import StateError
from integration.export import open_publisher
from integration.graph.client import GraphGateway, build_gateway
from integration.graph.mail import GraphMailer
from integration.graph.sharepoint import GraphSharePoint
from integration.graph.throttle import Sleep
from integration.state import StateStore, audit_head
from integration.state.filesystem import network_share
from integration.state.publications import PublicationRepository
from integration.state.rounds import RoundStore
from integration.teams import ChannelRouter, MailNotifier, Notifier, WorkflowsWebhookNotifier
from jobs.enforce import Enforcer
from jobs.logs import register_secret
from jobs.notify import NotifyStage
from jobs.preflight import check_configuration
from jobs.publish import PublishStage
from jobs.runtime import Runtime
from jobs.stage_settings import enforce_settings, notify_settings, publish_settings, sync_settings
from jobs.state import open_state
from jobs.sync import Watcher
from ports.clock import Clock, system_clock
from ports.mail import MailSender
from ports.sharepoint import SharePoint

__all__ = [
    "bootstrap",
    "bootstrap_graph",
    "export_settings",
    "preflight",
    "register_settings_secrets",
]

log = structlog.get_logger("freigabe.state")


def register_settings_secrets(settings: Settings) -> None:
    """Tell the log redactor every secret the configuration holds."""
    cred = settings.credential
    secrets = [cred.client_secret, cred.certificate_password, cred.static_token]
    secrets.append(settings.worker.status.token)
    secrets.append(settings.state_database.password)
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


def preflight(settings: Settings) -> ExportSettings:
    """Register the secrets, then refuse a configuration the service cannot run with
    (``ConfigError``); returns the export's settings, the default one if none is configured."""
    register_settings_secrets(settings)
    export = export_settings(settings)
    check_configuration(settings, export)
    return export


def bootstrap_graph(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    sleep: Sleep = asyncio.sleep,
) -> GraphGateway:
    """The Graph gateway of ``settings`` (an async context manager that closes it);
    ``transport`` replaces the network and ``sleep`` the throttling waits (both for tests)."""
    return build_gateway(settings, transport=transport, sleep=sleep)


def _warn_on_network_share(settings: Settings) -> None:
    if settings.state_url is not None:
        return
    share = network_share(settings.state_path)
    if share is None:
        return
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


def _head(store: StateStore) -> tuple[int, str] | None:
    # a plain pair for the manifest: the export layer knows no records of the state's
    head = audit_head(store)
    return (head.seq, head.hash) if head else None


def _channels(teams: TeamsSettings, teams_route: Notifier, mailer: MailSender) -> ChannelRouter:
    """The outbox's routes: Teams always, mail when reminders by mail are configured."""
    routes: dict[str, Notifier] = {"teams": teams_route}
    if teams.mail_reminders and teams.mail_sender:
        routes["mail"] = MailNotifier(mailer, teams.mail_sender)
    return ChannelRouter(routes)


@asynccontextmanager
async def bootstrap(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    notifier: Notifier | None = None,
    sleep: Sleep = asyncio.sleep,
    lead: bool = True,
) -> AsyncIterator[Runtime]:
    """Build the runtime of ``settings``; close what it opened however it ends.

    With ``lead`` the runtime leads from the start (``once``, ``adopt``): ``StateError``
    when a worker leads on the same database; the worker passes False and is elected
    (``jobs.worker.leadership``). ``transport`` (Graph's network), ``clock``, ``notifier``
    (in place of the Teams webhooks) and ``sleep`` (the throttling waits) are for tests.
    """
    now = clock or system_clock
    export = preflight(settings)
    _warn_on_network_share(settings)
    sync, enforce = sync_settings(settings), enforce_settings(settings)
    publish, notify = publish_settings(settings), notify_settings(settings)
    async with AsyncExitStack() as stack:
        store = stack.enter_context(open_state(settings, now))
        if lead:
            if not store.try_lead():
                raise StateError(
                    f"a freigabe worker is running on {store.name}: stop it first, or let it"
                    " do the cycles (it runs them every poll interval)"
                )
            stack.callback(store.resign)
        ledger = RoundStore(store)
        graph = await stack.enter_async_context(
            bootstrap_graph(settings, transport=transport, sleep=sleep)
        )
        if notifier is None:
            webhooks = WorkflowsWebhookNotifier(
                settings.teams.webhooks, timeout=settings.teams.request_timeout_seconds
            )
            stack.push_async_callback(webhooks.aclose)
            notifier = webhooks
        publisher = open_publisher(
            export,
            PublicationRepository(store),
            clock=now,
            audit_head=lambda: _head(store),
            language=settings.language,
        )
        stack.push_async_callback(publisher.aclose)
        sharepoint: SharePoint = GraphSharePoint(graph, settings.libraries)
        watcher = Watcher(sync, sharepoint, store, clock=now)
        publishing = PublishStage(
            publish,
            sharepoint,
            store,
            publisher,
            ledger=ledger,
            resolved=watcher.resolved,
            clock=now,
        )
        yield Runtime(
            settings=settings,
            clock=now,
            store=store,
            ledger=ledger,
            graph=graph,
            sharepoint=sharepoint,
            watcher=watcher,
            enforcer=Enforcer(
                enforce, sharepoint, store, ledger=ledger, resolved=watcher.resolved, clock=now
            ),
            publisher=publisher,
            publish=publishing,
            notify=NotifyStage(
                notify,
                store,
                _channels(settings.teams, notifier, GraphMailer(graph)),
                ledger=ledger,
                resolved=watcher.resolved,
                public_url=publishing.public_url,
                clock=now,
            ),
        )

"""Probe checks 10-13: listItem delta, change notifications, group members, user lookup."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from config import Settings
from config.sections import WatchStrategy
from integration.errors import AccessDenied, GraphError, NotFound
from integration.graph.delta import list_item_delta
from integration.graph.directory import resolve_users
from integration.graph.shapes import member_page
from integration.graph.subscriptions import (
    create_subscription,
    delete_subscription,
    drive_resource,
)
from jobs.logs import register_secret
from jobs.probe_rows import DIFFERS, FAILS, OK, UNCHECKED, Row, failed
from jobs.probe_run import ProbeRun
from ports.subscriptions import NOTIFICATION_PATH

__all__ = [
    "check_group_members",
    "check_list_item_delta",
    "check_subscription",
    "check_user_lookup",
    "first_group",
    "first_person",
]

_DELTA = "listItem-Delta mit Feldern"
_DELTA_WANT = "Felder inline"
_DRIVE_DELTA = "drive_delta bleibt die Wahl"


async def check_list_item_delta(run: ProbeRun) -> Row:
    """10: listItem delta with ``$expand=fields`` exists in v1.0 (Microsoft Learn,
    "listItem: delta"); whether it honours the expansion is unproven (GRAPH_NOTES.md), so
    ``drive_delta`` is the default and this row says whether the other strategy is open."""
    chosen = run.settings.graph.watch_strategy is WatchStrategy.LIST_ITEM_DELTA
    fix = "graph.watch_strategy: drive_delta setzen"
    try:
        page = await list_item_delta(run.gw, run.lib, None, ["Title"])
    except GraphError as err:
        if chosen:
            return failed("10", _DELTA, _DELTA_WANT, err, fix)
        return replace(failed("10", _DELTA, _DELTA_WANT, err, _DRIVE_DELTA), verdict=DIFFERS)
    items = [i for i in page.items if not i.deleted]
    if not items:
        return Row("10", _DELTA, _DELTA_WANT, "-", UNCHECKED, "die erste Seite ist leer")
    if any(i.fields is None for i in items):
        seen = "ohne Felder ($expand=fields ignoriert)"
    elif any(i.item_id.startswith("listitem:") for i in items):
        # the adapter's mark for an item whose driveItem did not come inline
        seen = "Felder, aber ohne driveItem"
    else:
        return Row("10", _DELTA, _DELTA_WANT, "Felder inline (list_item_delta möglich)", OK)
    if chosen:
        return Row("10", _DELTA, _DELTA_WANT, seen, FAILS, fix)
    return Row("10", _DELTA, _DELTA_WANT, seen, DIFFERS, _DRIVE_DELTA)


_SUBSCRIBE = "Änderungsbenachrichtigung (Abonnement)"
_SUBSCRIBE_WANT = "201, wieder gelöscht"
_PROBE_LIFETIME = timedelta(hours=1)


async def check_subscription(run: ProbeRun) -> Row:
    """11: ``POST /subscriptions`` on the drive root answers 201 once Graph's validation
    request to the notification URL was answered within 10 s (Microsoft Learn, "Create
    subscription" and "Receive change notifications through webhooks"). App-only drive
    subscriptions under Sites.Selected are not documented (graph_facts.md section 10)."""
    section = run.settings.notifications
    if not section.enabled or section.public_url is None:
        return Row(
            "11", _SUBSCRIBE, _SUBSCRIBE_WANT, "-", UNCHECKED, "notifications.enabled ist aus"
        )
    # a throwaway client state: the probe's subscription lives for seconds only
    client_state = secrets.token_urlsafe(32)
    register_secret(client_state)
    try:
        record = await create_subscription(
            run.gw,
            resource=drive_resource(run.lib.drive_id),
            notification_url=section.public_url + NOTIFICATION_PATH,
            client_state=client_state,
            expires_at=datetime.now(UTC) + _PROBE_LIFETIME,
        )
    except AccessDenied as err:
        return failed(
            "11",
            _SUBSCRIBE,
            _SUBSCRIBE_WANT,
            err,
            "Graph verweigert das Abonnement: mit Sites.Selected ist das nicht dokumentiert; "
            "notifications.enabled ausschalten (freigabe fragt dann nur ab); die Doku nennt "
            "für Laufwerks-Abonnements Files.ReadWrite.All",
        )
    except GraphError as err:
        return failed(
            "11",
            _SUBSCRIBE,
            _SUBSCRIBE_WANT,
            err,
            "Graph prüft die Adresse sofort: läuft `freigabe run` und ist es unter "
            "notifications.public_url aus dem Internet erreichbar?",
        )
    run.scratch.subscription_id = record.id
    try:
        await delete_subscription(run.gw, record.id)
    except GraphError as err:
        return failed(
            "11",
            _SUBSCRIBE,
            _SUBSCRIBE_WANT,
            err,
            f"angelegt, aber nicht gelöscht: es läuft nach {_PROBE_LIFETIME} von selbst ab",
        )
    run.scratch.subscription_id = None
    return Row("11", _SUBSCRIBE, _SUBSCRIBE_WANT, "201, gelöscht", OK)


def first_group(settings: Settings) -> str | None:
    """The first Entra group the configuration names (organisations, then steering group)."""
    groups = [g for org in settings.organisations for g in org.groups]
    groups += list(settings.process.steering_group.groups)
    return groups[0] if groups else None


def first_person(settings: Settings) -> str | None:
    """The first person the configuration names: approvers, deputies, the steering group."""
    people = [upn for org in settings.organisations for upn in org.approvers]
    people += [d.upn for org in settings.organisations for d in org.deputies]
    people += list(settings.process.steering_group.approvers)
    return people[0] if people else None


_MEMBERS = "Gruppenmitglieder"
_LIMITED = "nur Objekt-IDs"
_FULL = "vollständig (UPN, E-Mail)"


def _members_expected(user_read: bool | None) -> str:
    if user_read is None:
        return f"{_LIMITED} oder vollständig"
    if user_read:
        return "vollständig (mit Benutzer-Leserecht)"
    return f"{_LIMITED} (ohne Benutzer-Leserecht)"


async def check_group_members(run: ProbeRun) -> Row:
    """12: with GroupMember.Read(Basic).All alone, members come with their id only ("limited
    information", Microsoft Learn "List group members"; Q&A 2259512; pnp/powershell#5069);
    a user-read role beside it gives their properties. freigabe compares ids either way."""
    expected = _members_expected(run.user_read)
    group = first_group(run.settings)
    if group is None:
        return Row("12", _MEMBERS, expected, "-", UNCHECKED, "keine Entra-Gruppen konfiguriert")
    try:
        page = await member_page(run.gw, group)
    except AccessDenied as err:
        return failed(
            "12",
            _MEMBERS,
            expected,
            err,
            "GroupMember.ReadBasic.All fehlt: ohne sie zählt keine Stimme über Entra-Gruppen",
        )
    except NotFound as err:
        return failed(
            "12", _MEMBERS, expected, err, f"Gruppe {group} gibt es nicht: organisations prüfen"
        )
    except GraphError as err:
        return failed("12", _MEMBERS, expected, err)
    if not page.value:
        return Row(
            "12", _MEMBERS, expected, "keine Mitglieder", UNCHECKED, f"Gruppe {group} ist leer"
        )
    if any(not isinstance(m.get("id"), str) or not m.get("id") for m in page.value):
        return Row(
            "12",
            _MEMBERS,
            expected,
            "Mitglieder ohne id",
            FAILS,
            "freigabe erkennt Gruppenmitglieder an ihrer Objekt-ID",
        )
    full = any(m.get("userPrincipalName") or m.get("mail") for m in page.value)
    seen = _FULL if full else _LIMITED
    if run.user_read is None or full == run.user_read:
        return Row("12", _MEMBERS, expected, seen, OK)
    hint = (
        "Mitglieder kommen hier vollständig, auch ohne Benutzer-Leserecht; freigabe vergleicht "
        "ohnehin per Objekt-ID"
        if full
        else "trotz Benutzer-Leserecht nur Objekt-IDs; freigabe vergleicht ohnehin per Objekt-ID"
    )
    return Row("12", _MEMBERS, expected, seen, DIFFERS, hint)


_USERS = "Abstimmende auflösen (/users)"
_USERS_WANT = "Objekt-ID gefunden"


async def check_user_lookup(run: ProbeRun) -> Row:
    """13: ``GET /users/{upn}`` finds a configured approver (Microsoft Learn, "Get user":
    least privileged application permission User.Read.All)."""
    upn = first_person(run.settings)
    if upn is None:
        return Row("13", _USERS, _USERS_WANT, "-", UNCHECKED, "keine Personen konfiguriert")
    try:
        found = await resolve_users(run.gw, [upn])
    except AccessDenied as err:
        run.user_read = False
        return failed(
            "13",
            _USERS,
            _USERS_WANT,
            err,
            "User.ReadBasic.All oder User.Read.All fehlt (app-only: laut Microsoft Learn "
            "User.Read.All)",
        )
    except GraphError as err:
        return failed("13", _USERS, _USERS_WANT, err)
    run.user_read = True
    if upn in found:
        return Row("13", _USERS, _USERS_WANT, "gefunden", OK)
    return Row(
        "13",
        _USERS,
        _USERS_WANT,
        "404",
        FAILS,
        f"{upn} gibt es im Verzeichnis nicht: den Namen in der Konfiguration prüfen "
        "(Gäste mit ihrem UPN, z. B. name_firma.de#EXT#@…)",
    )

"""``freigabe check``: is this configuration ready to run against this tenant?"""

from __future__ import annotations

import base64
import json

from config import Settings
from integration.errors import GraphError
from integration.graph.client import GraphGateway
from integration.graph.credentials import fetch_token
from integration.graph.delta import drive_delta, list_item_delta
from integration.graph.models import ColumnInfo
from integration.graph.sites import list_columns, resolve_library
from integration.language import counted
from integration.state.filesystem import network_share
from jobs.bootstrap import bootstrap_graph, preflight
from jobs.column_updates import choice_diff
from jobs.expected_columns import ExpectedColumn, expected_columns
from jobs.fields import watched_fields
from jobs.policy import configured_groups, configured_people
from jobs.preflight import routing
from jobs.table import render_table
from ports.libraries import ResolvedLibrary

__all__ = [
    "USER_READ_ROLES",
    "column_status",
    "permission_report",
    "run_check",
    "token_roles",
]


LINK_COLUMN_KINDS = frozenset({"hyperlink_or_picture", "untyped"})
"""How an existing hyperlink column reads through Graph: with its facet or, as Graph really
answers list columns, without any (columndefinition.md)."""

LINK_COLUMN_ADVICE = (
    "Hyperlink-Spalte? Graph kann Hyperlink-Spalten nicht schreiben "
    "(Zeichenkette: 500, Objekt: 400). Abhilfe: die Spalte in SharePoint umbenennen oder "
    "löschen und `freigabe provision` ausführen (legt eine Textspalte an), oder "
    "columns.public_link auf einen neuen Namen setzen und `freigabe provision` ausführen"
)


def token_roles(token: str) -> list[str] | None:
    """The ``roles`` claim of a JWT access token, or None when the token is not a JWT.

    No signature check: the token is our own, obtained a moment ago from Entra ID.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    roles = claims.get("roles") if isinstance(claims, dict) else None
    return [str(r) for r in roles] if isinstance(roles, list) else []


_SITES_WRITE = (
    "Sites.Selected",
    "Sites.ReadWrite.All",
    "Sites.Manage.All",
    "Sites.FullControl.All",
)
_SITES_MANAGE = ("Sites.Manage.All", "Sites.FullControl.All")
# Microsoft Learn "List group members": least privileged GroupMember.ReadBasic.All; members
# come with their id only, which is all freigabe compares (integration/graph/directory.py).
_GROUP_READ = (
    "GroupMember.ReadBasic.All",
    "GroupMember.Read.All",
    "Group.Read.All",
    "Directory.Read.All",
)
# Microsoft Learn "Get user": least privileged application permission User.Read.All;
# User.ReadBasic.All exists as an application permission too, but reports differ on whether
# GET /users accepts it app-only (Q&A 6019739), so both count and `probe` shows which works.
USER_READ_ROLES = ("User.ReadBasic.All", "User.Read.All", "Directory.Read.All")
_SELECTED_HINT = "Sites.Selected mit {} -Freigabe auf den Websites der Allianz verwenden"
_BROADER = {
    "Sites.Read.All": "liest jede Website: " + _SELECTED_HINT.format("write"),
    "Sites.ReadWrite.All": "breiter als nötig: " + _SELECTED_HINT.format("write"),
    "Sites.Manage.All": "breiter als nötig: " + _SELECTED_HINT.format("manage"),
    "Sites.FullControl.All": "breiter als nötig: " + _SELECTED_HINT.format("write"),
    "Group.Read.All": "breiter als nötig: GroupMember.ReadBasic.All genügt",
    "Directory.Read.All": "breiter als nötig: User.ReadBasic.All (oder User.Read.All) "
    "und GroupMember.ReadBasic.All genügen",
}


def _present(roles: list[str], accepted: tuple[str, ...]) -> str | None:
    found = [r for r in accepted if r in roles]
    return ", ".join(found) if found else None


def _broader(role: str, *, groups: bool, people: bool) -> str | None:
    """Why ``role`` is broader than the configured features need, if it serves one of them."""
    if role.startswith("Sites."):
        return _BROADER.get(role)
    if role == "GroupMember.Read.All" and groups:
        return "breiter als nötig: GroupMember.ReadBasic.All genügt"
    if role == "Group.Read.All" and groups:
        return _BROADER[role]
    if role == "Directory.Read.All" and (groups or people):
        return _BROADER[role]
    return None


def permission_report(
    settings: Settings, roles: list[str]
) -> tuple[list[tuple[str, ...]], list[str], bool]:
    """Rows (permission, needed for, present), warnings, and whether every needed one is there.

    A warning names each role broader than the configured features need; ``Sites.Selected``
    needs a ``write`` grant on each site (``manage`` for provision) that the token cannot show.
    """
    mail = settings.teams.mail_reminders
    groups = bool(configured_groups(settings))
    people = bool(configured_people(settings))
    site = _present(roles, _SITES_WRITE)
    manage = _present(roles, _SITES_MANAGE)
    if site == "Sites.Selected":
        site = "ja (write-Freigabe je Website nötig)"
    rows: list[tuple[str, ...]] = [
        ("Sites.Selected + write-Freigabe", "once, run (Abgleich, Durchsetzung)", site or "FEHLT"),
        (
            "manage-Freigabe (oder Sites.Manage.All)",
            "provision (Spalten anlegen)",
            manage or ("manage-Freigabe nötig" if "Sites.Selected" in roles else "fehlt"),
        ),
        ("(keine weitere)", "Änderungsbenachrichtigungen", "-"),
    ]
    ok = site is not None
    needed = {"Sites.Selected"}
    if people:
        user = _present(roles, USER_READ_ROLES)
        if user == "User.ReadBasic.All":
            user += " (app-only umstritten: `freigabe probe` prüft es)"
        rows.append(
            (
                "User.ReadBasic.All oder User.Read.All",
                "Abstimmende per Objekt-ID erkennen",
                user or "FEHLT",
            )
        )
        ok = ok and user is not None
        needed |= {"User.ReadBasic.All", "User.Read.All"}
    if mail:
        rows.append(("Mail.Send", "E-Mail-Erinnerungen", "ja" if "Mail.Send" in roles else "FEHLT"))
        ok = ok and "Mail.Send" in roles
        needed.add("Mail.Send")
    if groups:
        member = _present(roles, _GROUP_READ)
        rows.append(
            ("GroupMember.ReadBasic.All", "Abstimmende über Entra-Gruppen", member or "FEHLT")
        )
        ok = ok and member is not None
        needed |= {"GroupMember.ReadBasic.All", "GroupMember.Read.All"}
    warnings: list[str] = []
    for role in roles:
        note = _broader(role, groups=groups, people=people)
        if note is not None:
            warnings.append(f"Warnung: {role} {note}")
        elif role not in needed:
            warnings.append(f"Warnung: {role} wird von der Konfiguration nicht benötigt")
    return rows, warnings, ok


async def _token_section(settings: Settings) -> tuple[list[str], bool]:
    try:
        token = await fetch_token(settings)
    except GraphError as err:
        return [f"Zugriffstoken: FEHLT: {err}"], False
    roles = token_roles(token.token)
    if roles is None:
        return ["Zugriffstoken: erhalten (kein JWT: Berechtigungen unbekannt, nicht geprüft)"], True
    rows, warnings, ok = permission_report(settings, roles)
    table = render_table(["Berechtigung", "benötigt für", "vorhanden"], rows)
    head = f"Zugriffstoken: erhalten, Rollen: {', '.join(roles) or 'keine'}"
    return [head, "", table, *warnings], ok


def _activity_type_advice(want: ExpectedColumn, col: ColumnInfo) -> str:
    """Why an activity column of an older version (text) is not ready, and the manual step."""
    return (
        f"Typ {col.kind}, erwartet Auswahl (choice) mit den Aktivitäten aus "
        "process.leadership: Textspalte einer älteren Version. freigabe ändert keinen "
        "Spaltentyp (Werte könnten verloren gehen). In SharePoint: Spalte "
        f"{want.name} → Spalteneinstellungen → Typ „Auswahl“, dann `freigabe provision` "
        "(ergänzt die Auswahlwerte)"
    )


def column_status(
    settings: Settings, want: ExpectedColumn, col: ColumnInfo | None
) -> tuple[str, bool]:
    """The status ``check`` shows for one expected column, and whether it is ready."""
    if col is None:
        return "FEHLT", False
    if want.name == settings.columns.public_link and col.kind in LINK_COLUMN_KINDS:
        return LINK_COLUMN_ADVICE, False
    if want.kind not in ("any", col.kind):
        if want.name == settings.columns.activity:
            return _activity_type_advice(want, col), False
        return f"Typ {col.kind}, erwartet {want.kind}", False
    if want.kind != "choice":
        return "ok", True
    diff = choice_diff(want, col)
    notes = []
    if diff.missing:
        notes.append(
            "Auswahl fehlt: " + ", ".join(diff.missing) + " (`freigabe provision` ergänzt)"
        )
    if diff.extra:
        # kept on purpose (jobs.column_updates): documents may still hold them
        notes.append(
            "zusätzliche Auswahl: " + ", ".join(diff.extra) + " (nicht in der Konfiguration; "
            "in SharePoint entfernen, wenn kein Dokument sie nutzt)"
        )
    if not notes:
        return "ok", True
    prefix = "" if diff.missing else "ok; "
    return prefix + "; ".join(notes), not diff.missing


async def _columns_rows(
    gw: GraphGateway, settings: Settings, lib: ResolvedLibrary
) -> tuple[list[tuple[str, ...]], bool]:
    present = {c.name: c for c in await list_columns(gw, lib)}
    rows: list[tuple[str, ...]] = []
    ok = True
    for want in expected_columns(settings):
        status, ready = column_status(settings, want, present.get(want.name))
        rows.append((lib.key, want.name, want.display_name, status))
        ok = ok and ready
    return rows, ok


async def _strategy_rows(
    gw: GraphGateway, settings: Settings, lib: ResolvedLibrary
) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    try:
        page = await drive_delta(gw, lib, None)
        files = [i for i in page.items if i.is_file]
        unhashed = sum(1 for i in files if not i.content_hash)
        # Graph lists a hash only after a first download (hashes resource); freigabe then
        # downloads a file once before a round binds to it, so this is no fault.
        note = f" ({unhashed} von {len(files)} Dateien noch ohne Hash)" if unhashed else ""
        rows.append((lib.key, "drive_delta", "korrekt" + note))
    except GraphError as err:
        rows.append((lib.key, "drive_delta", f"Fehler: {err}"))
    try:
        lpage = await list_item_delta(gw, lib, None, watched_fields(settings))
        files = [i for i in lpage.items if not i.deleted]
        if not files:
            verdict = "nicht prüfbar (leere Bibliothek)"
        elif all(i.fields is not None for i in files) and all(i.is_file for i in files):
            verdict = "korrekt"
        elif any(i.fields is None for i in files):
            verdict = "liefert keine Felder ($expand=fields ignoriert)"
        else:
            verdict = "liefert kein driveItem (kein Inhalts-Hash)"
        rows.append((lib.key, "list_item_delta", verdict))
    except GraphError as err:
        rows.append((lib.key, "list_item_delta", f"Fehler: {err}"))
    return rows


def _share_lines(settings: Settings) -> list[str]:
    """A warning when the state file lies on a network share (``filesystem``)."""
    share = network_share(settings.state_path)
    if share is None:
        return []
    return [
        f"Warnung: die Zustandsdatei {settings.state_path} liegt auf einem Netzlaufwerk "
        f"({share.fstype} {share.source} auf {share.point}); SQLite sperrt dort nicht sicher, "
        "die Datei kann unbemerkt beschädigt werden: state_path auf ein lokales Volume legen"
    ]


def _routing_lines(settings: Settings) -> list[str]:
    """Which library posts its cards to which Teams channel."""
    rows = [
        (r.library, r.webhook or "keiner: Ereignisse werden nicht gepostet")
        for r in routing(settings)
    ]
    lines = ["", render_table(["Bibliothek", "Teams-Kanal (Webhook)"], rows)]
    if not settings.teams.webhooks:
        lines.append("Hinweis: teams.webhooks ist leer, es werden keine Karten gepostet")
    return lines


async def run_check(settings: Settings) -> tuple[str, bool]:
    """Run every check; return the report and whether everything needed is in place."""
    # what once and run refuse to start with, check refuses too (a ConfigError: exit 2)
    preflight(settings)
    lines = [
        f"Konfiguration: gültig ({counted(len(settings.libraries), 'Bibliothek', 'Bibliotheken')}, "
        f"{counted(len(settings.organisations), 'Organisation', 'Organisationen')})",
        f"Cloud: {settings.cloud.value}, Graph: {settings.graph_base_url}, "
        f"Anmeldung: {settings.credential.mode}",
    ]
    lines += _share_lines(settings)
    lines += _routing_lines(settings)
    token_lines, ok = await _token_section(settings)
    lines += token_lines
    if token_lines[0].startswith("Zugriffstoken: FEHLT"):
        # Without a token every Graph request would fail the same way: stop here.
        return "\n".join([*lines, "", "Ergebnis: NICHT bereit"]), False
    lib_rows: list[tuple[str, ...]] = []
    col_rows: list[tuple[str, ...]] = []
    strat_rows: list[tuple[str, ...]] = []
    async with bootstrap_graph(settings) as gw:
        for spec in settings.libraries:
            try:
                lib = await resolve_library(gw, spec)
            except GraphError as err:
                lib_rows.append((spec.key, "-", "-", f"FEHLER: {err}"))
                ok = False
                continue
            lib_rows.append((spec.key, lib.display_name, lib.site_id, "ok"))
            rows, cols_ok = await _columns_rows(gw, settings, lib)
            col_rows += rows
            ok = ok and cols_ok
            strat_rows += await _strategy_rows(gw, settings, lib)
    lines += ["", render_table(["Bibliothek", "Name", "Website", "Status"], lib_rows)]
    if col_rows:
        lines += ["", render_table(["Bibliothek", "Spalte", "Anzeigename", "Status"], col_rows)]
    if strat_rows:
        lines += ["", render_table(["Bibliothek", "Strategie", "Antwort"], strat_rows)]
        chosen = settings.graph.watch_strategy
        lines.append(f"Gewählte Strategie: {chosen}")
    lines += ["", "Ergebnis: bereit" if ok else "Ergebnis: NICHT bereit"]
    return "\n".join(lines), ok

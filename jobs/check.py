"""``freigabe check``: is this configuration ready to run against this tenant?"""

from __future__ import annotations

import base64
import json

from config import Settings
from integration.errors import GraphError, StateError
from integration.graph.client import GraphGateway
from integration.graph.credentials import fetch_token
from integration.graph.delta import drive_delta, list_item_delta
from integration.graph.models import ColumnInfo
from integration.graph.sites import list_columns, resolve_library
from integration.language import Language
from integration.state.filesystem import network_share
from integration.state.postgres import POSTGRES_MIGRATIONS, PostgresDatabase
from jobs import messages as m
from jobs.bootstrap import bootstrap_graph, preflight
from jobs.column_updates import choice_diff
from jobs.expected_columns import ExpectedColumn, expected_columns
from jobs.fields import watched_fields
from jobs.policy import configured_groups, configured_people
from jobs.preflight import routing
from jobs.state import database_login
from jobs.table import render_table
from ports.libraries import ResolvedLibrary

__all__ = [
    "USER_READ_ROLES",
    "column_status",
    "permission_report",
    "run_check",
    "state_lines",
    "token_roles",
]


LINK_COLUMN_KINDS = frozenset({"hyperlink_or_picture", "untyped"})
"""How an existing hyperlink column reads through Graph: with its facet or, as Graph really
answers list columns, without any (columndefinition.md)."""


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
_SITE_GRANTS = {
    "Sites.Read.All": "write",
    "Sites.ReadWrite.All": "write",
    "Sites.Manage.All": "manage",
    "Sites.FullControl.All": "write",
}


def _present(roles: list[str], accepted: tuple[str, ...]) -> str | None:
    found = [r for r in accepted if r in roles]
    return ", ".join(found) if found else None


def _broader(role: str, lang: Language, *, groups: bool, people: bool) -> str | None:
    """Why ``role`` is broader than the configured features need, if it serves one of them."""
    if role.startswith("Sites."):
        grant = _SITE_GRANTS.get(role)
        if grant is None:
            return None
        hint = m.USE_SELECTED(lang, grant=grant)
        wording = m.READS_EVERY_SITE if role == "Sites.Read.All" else m.BROADER
        return wording(lang, hint=hint)
    if role in ("GroupMember.Read.All", "Group.Read.All") and groups:
        return m.BROADER(lang, hint=m.GROUP_MEMBER_ENOUGH(lang))
    if role == "Directory.Read.All" and (groups or people):
        return m.BROADER(lang, hint=m.USER_AND_GROUP_ENOUGH(lang))
    return None


def permission_report(
    settings: Settings, roles: list[str]
) -> tuple[list[tuple[str, ...]], list[str], bool]:
    """Rows (permission, needed for, present), warnings, and whether every needed one is there.

    A warning names each role broader than the configured features need; ``Sites.Selected``
    needs a ``write`` grant on each site (``manage`` for provision) that the token cannot show.
    """
    lang = settings.language
    sites_row, once_use, manage_row, provision_use, manage_needed, absent, none_more = (
        t(lang) for t in m.PERMISSION_ROWS[:7]
    )
    notifications, user_row, user_use, mail_use, group_use = (
        t(lang) for t in m.PERMISSION_ROWS[7:]
    )
    missing = m.MISSING(lang)
    mail = settings.teams.mail_reminders
    groups = bool(configured_groups(settings))
    people = bool(configured_people(settings))
    site = _present(roles, _SITES_WRITE)
    manage = _present(roles, _SITES_MANAGE)
    if site == "Sites.Selected":
        site = m.SELECTED_PRESENT(lang)
    rows: list[tuple[str, ...]] = [
        (sites_row, once_use, site or missing),
        (
            manage_row,
            provision_use,
            manage or (manage_needed if "Sites.Selected" in roles else absent),
        ),
        (none_more, notifications, "-"),
    ]
    ok = site is not None
    needed = {"Sites.Selected"}
    if people:
        user = _present(roles, USER_READ_ROLES)
        if user == "User.ReadBasic.All":
            user += m.APP_ONLY_DISPUTED(lang)
        rows.append((user_row, user_use, user or missing))
        ok = ok and user is not None
        needed |= {"User.ReadBasic.All", "User.Read.All"}
    if mail:
        rows.append(("Mail.Send", mail_use, m.YES(lang) if "Mail.Send" in roles else missing))
        ok = ok and "Mail.Send" in roles
        needed.add("Mail.Send")
    if groups:
        member = _present(roles, _GROUP_READ)
        rows.append(("GroupMember.ReadBasic.All", group_use, member or missing))
        ok = ok and member is not None
        needed |= {"GroupMember.ReadBasic.All", "GroupMember.Read.All"}
    warnings: list[str] = []
    for role in roles:
        note = _broader(role, lang, groups=groups, people=people)
        if note is not None:
            warnings.append(m.WARNING(lang, role=role, note=note))
        elif role not in needed:
            warnings.append(m.NOT_NEEDED(lang, role=role))
    return rows, warnings, ok


async def _token_section(settings: Settings) -> tuple[list[str], bool | None]:
    """The token's lines and whether every needed permission is there (None: no token)."""
    lang = settings.language
    try:
        token = await fetch_token(settings)
    except GraphError as err:
        return [m.TOKEN_MISSING(lang, error=err)], None
    roles = token_roles(token.token)
    if roles is None:
        return [m.TOKEN_NO_JWT(lang)], True
    rows, warnings, ok = permission_report(settings, roles)
    table = render_table([h(lang) for h in m.PERMISSION_HEADINGS], rows)
    head = m.TOKEN_ROLES(lang, roles=", ".join(roles) or m.NO_ROLES(lang))
    return [head, "", table, *warnings], ok


def column_status(
    settings: Settings, want: ExpectedColumn, col: ColumnInfo | None
) -> tuple[str, bool]:
    """The status ``check`` shows for one expected column, and whether it is ready."""
    lang = settings.language
    if col is None:
        return m.MISSING(lang), False
    if want.name == settings.columns.public_link and col.kind in LINK_COLUMN_KINDS:
        return m.LINK_COLUMN_ADVICE(lang), False
    if want.kind not in ("any", col.kind):
        if want.name == settings.columns.activity:
            # a text column of an older version: its type is the admin's manual step
            return m.ACTIVITY_IS_TEXT(lang, kind=col.kind, column=want.name), False
        return m.WRONG_TYPE(lang, kind=col.kind, wanted=want.kind), False
    if want.kind != "choice":
        return m.OK(lang), True
    diff = choice_diff(want, col)
    notes = []
    if diff.missing:
        notes.append(m.CHOICES_MISSING(lang, choices=", ".join(diff.missing)))
    if diff.extra:
        # kept on purpose (jobs.column_updates): documents may still hold them
        notes.append(m.CHOICES_EXTRA(lang, choices=", ".join(diff.extra)))
    if not notes:
        return m.OK(lang), True
    prefix = "" if diff.missing else m.OK_PREFIX(lang)
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
    lang = settings.language
    rows: list[tuple[str, ...]] = []
    try:
        page = await drive_delta(gw, lib, None)
        files = [i for i in page.items if i.is_file]
        unhashed = sum(1 for i in files if not i.content_hash)
        # Graph lists a hash only after a first download (hashes resource); freigabe then
        # downloads a file once before a round binds to it, so this is no fault.
        note = m.UNHASHED(lang, unhashed=unhashed, files=len(files)) if unhashed else ""
        rows.append((lib.key, "drive_delta", m.STRATEGY_OK(lang) + note))
    except GraphError as err:
        rows.append((lib.key, "drive_delta", m.STRATEGY_ERROR(lang, error=err)))
    try:
        lpage = await list_item_delta(gw, lib, None, watched_fields(settings))
        files = [i for i in lpage.items if not i.deleted]
        if not files:
            verdict = m.EMPTY_LIBRARY(lang)
        elif all(i.fields is not None for i in files) and all(i.is_file for i in files):
            verdict = m.STRATEGY_OK(lang)
        elif any(i.fields is None for i in files):
            verdict = m.NO_FIELDS(lang)
        else:
            verdict = m.NO_DRIVE_ITEM(lang)
        rows.append((lib.key, "list_item_delta", verdict))
    except GraphError as err:
        rows.append((lib.key, "list_item_delta", m.STRATEGY_ERROR(lang, error=err)))
    return rows


def _share_lines(settings: Settings) -> list[str]:
    """A warning when the state file lies on a network share (``filesystem``)."""
    share = network_share(settings.state_path)
    if share is None:
        return []
    return [
        m.NETWORK_SHARE(
            settings.language,
            path=settings.state_path,
            fstype=share.fstype,
            source=share.source,
            point=share.point,
        )
    ]


def state_lines(settings: Settings) -> tuple[list[str], bool]:
    """The PostgreSQL database of ``state_url``: reachable, its server, its schema version.

    Only looks: the schema is created or migrated by ``run`` and ``once``.
    """
    if settings.state_url is None:
        return [], True
    lang = settings.language
    newest = len(POSTGRES_MIGRATIONS)
    try:
        db = PostgresDatabase.connect(settings.state_url, **database_login(settings))
        try:
            url, server, version = db.url, db.server_version(), db.schema_version()
        finally:
            db.close()
    except StateError as err:
        return [m.STATE_DB_ERROR(lang, error=err)], False
    if version == newest:
        schema = m.SCHEMA_CURRENT(lang, version=version)
    elif version == 0:
        schema = m.SCHEMA_EMPTY(lang)
    else:
        schema = m.SCHEMA_BEHIND(lang, version=version, newest=newest)
    return [m.STATE_DB(lang, url=url, server=server, schema=schema)], True


def _routing_lines(settings: Settings) -> list[str]:
    """Which library posts its cards to which Teams channel."""
    lang = settings.language
    rows = [(r.library, r.webhook or m.NO_WEBHOOK(lang)) for r in routing(settings)]
    lines = ["", render_table([m.LIBRARY(lang), m.WEBHOOK(lang)], rows)]
    if not settings.teams.webhooks:
        lines.append(m.NO_WEBHOOKS(lang))
    return lines


async def run_check(settings: Settings) -> tuple[str, bool]:
    """Run every check; return the report and whether everything needed is in place."""
    # what once and run refuse to start with, check refuses too (a ConfigError: exit 2)
    preflight(settings)
    lang = settings.language
    lines = [
        m.CONFIG_VALID(
            lang,
            libraries=m.LIBRARIES(lang, len(settings.libraries)),
            organisations=m.ORGANISATIONS(lang, len(settings.organisations)),
        ),
        m.CLOUD(
            lang,
            cloud=settings.cloud.value,
            graph=settings.graph_base_url,
            mode=settings.credential.mode,
        ),
    ]
    if settings.state_url is None:
        lines += _share_lines(settings)
    state, ok = state_lines(settings)
    lines += state
    lines += _routing_lines(settings)
    token_lines, token_ok = await _token_section(settings)
    lines += token_lines
    if token_ok is None:
        # Without a token every Graph request would fail the same way: stop here.
        return "\n".join([*lines, "", m.NOT_READY(lang)]), False
    ok = ok and token_ok
    lib_rows: list[tuple[str, ...]] = []
    col_rows: list[tuple[str, ...]] = []
    strat_rows: list[tuple[str, ...]] = []
    async with bootstrap_graph(settings) as gw:
        for spec in settings.libraries:
            try:
                lib = await resolve_library(gw, spec)
            except GraphError as err:
                lib_rows.append((spec.key, "-", "-", m.LIBRARY_ERROR(lang, error=err)))
                ok = False
                continue
            lib_rows.append((spec.key, lib.display_name, lib.site_id, m.OK(lang)))
            rows, cols_ok = await _columns_rows(gw, settings, lib)
            col_rows += rows
            ok = ok and cols_ok
            strat_rows += await _strategy_rows(gw, settings, lib)
    lines += ["", render_table([h(lang) for h in m.LIBRARY_CHECK_HEADINGS], lib_rows)]
    if col_rows:
        lines += ["", render_table([h(lang) for h in m.COLUMN_HEADINGS], col_rows)]
    if strat_rows:
        lines += ["", render_table([h(lang) for h in m.STRATEGY_HEADINGS], strat_rows)]
        lines.append(m.CHOSEN_STRATEGY(lang, strategy=settings.graph.watch_strategy))
    lines += ["", m.READY(lang) if ok else m.NOT_READY(lang)]
    return "\n".join(lines), ok

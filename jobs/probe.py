"""``freigabe probe LIBRARY``: does this tenant behave as freigabe assumes?

For IT, against the real tenant, in a scratch library: it uploads two small files, writes and
reads them, creates a temporary column and a subscription where the configuration allows,
reads the directory, prints one line per check as it completes and then one table
(Prüfung, erwartet, gesehen, Urteil), and removes everything it created, also after a
failure in the middle. Each check's expectation is SharePoint Online's real behaviour, as
the project's simulator models it by default; the sources are named beside each check.

LIBRARY is the key of a configured library, or a library name: in the site given with
``--site HOSTNAME:/sites/PATH``, else in the site of the first configured library.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from pydantic import ValidationError

from config import LibrarySettings, Settings
from integration.errors import GraphError, NotFound, UsageError
from integration.graph.client import GraphGateway
from integration.graph.files import delete_item
from integration.graph.listitems import delete_column
from integration.graph.sites import list_columns, resolve_library
from integration.graph.subscriptions import delete_subscription
from integration.language import counted
from jobs.bootstrap import bootstrap_graph, register_settings_secrets
from jobs.check import USER_READ_ROLES, token_roles
from jobs.probe_columns import check_hyperlink_column
from jobs.probe_files import (
    check_listed_hash,
    check_office_download,
    check_text_download,
    check_upload,
)
from jobs.probe_identities import check_app_identity, check_person_identity
from jobs.probe_items import check_if_match, check_listing, check_version_paging
from jobs.probe_rows import FAILS, OK, Row, answer_of, progress_line, render_rows
from jobs.probe_run import ProbeRun
from jobs.probe_tenant import (
    check_group_members,
    check_list_item_delta,
    check_subscription,
    check_user_lookup,
)
from ports.libraries import ResolvedLibrary

__all__ = ["run_probe", "target_spec"]

Check = Callable[[ProbeRun], Awaitable[Row | list[Row]]]

# The order they run in: the hash is read before any download, the person lookup (13) before
# the group members (12), whose expectation depends on whether the app may read users.
CHECKS: tuple[Check, ...] = (
    check_upload,
    check_listed_hash,
    check_text_download,
    check_office_download,
    check_if_match,
    check_app_identity,
    check_person_identity,
    check_version_paging,
    check_listing,
    check_hyperlink_column,
    check_list_item_delta,
    check_subscription,
    check_user_lookup,
    check_group_members,
)


_SITE_FORM = "HOSTNAME:/sites/PATH"


def _site(text: str) -> dict[str, str]:
    host, colon, path = text.partition(":")
    if not colon or not host or not path.startswith("/"):
        raise UsageError(f'--site "{text}": expected {_SITE_FORM}')
    return {"hostname": host, "path": path}


def target_spec(settings: Settings, library: str, site: str | None) -> LibrarySettings:
    """The library ``probe`` works in: a configured one by key, or one by name (see module)."""
    if site is None:
        for spec in settings.libraries:
            if spec.key == library:
                return spec
    where = _site(site) if site is not None else settings.libraries[0].site.model_dump()
    try:
        return LibrarySettings.model_validate(
            {"key": "probe", "site": where, "library": {"name": library}}
        )
    except ValidationError as err:
        wrong = "; ".join(str(e["msg"]) for e in err.errors())
        raise UsageError(f"LIBRARY/--site unusable: {wrong}") from None


def _where(spec: LibrarySettings) -> str:
    site = spec.site
    return site.id or f"{site.hostname}:{site.path}"


async def _resolve(gw: GraphGateway, settings: Settings, spec: LibrarySettings) -> ResolvedLibrary:
    try:
        return await resolve_library(gw, spec)
    except NotFound as err:
        keys = ", ".join(s.key for s in settings.libraries)
        # English as every error the CLI prints after "Error: " (jobs.cli)
        raise UsageError(
            f'library "{spec.library.label}" not found in {_where(spec)} ({err}). LIBRARY is '
            f"the key of a configured library ({keys}) or the name of a library, with --site "
            f"{_SITE_FORM} also in another site"
        ) from None


_CLEAN = "Aufräumen"
_CLEAN_WANT = "alles entfernt (204)"


async def _remove(what: str, step: Awaitable[object], left: list[str]) -> None:
    try:
        await step
    except NotFound:
        pass  # already gone: nothing is left behind
    except GraphError as err:
        left.append(f"{what} ({answer_of(err)})")


async def clean_up(run: ProbeRun) -> Row:
    """14: delete what the probe created: files to the recycle bin and the column (Microsoft
    Learn, "Delete a DriveItem" and "Delete columnDefinition": 204), the subscription."""
    scratch = run.scratch
    left: list[str] = []
    removed: list[str] = []
    if scratch.subscription_id is not None:
        await _remove(
            f"Abonnement {scratch.subscription_id}",
            delete_subscription(run.gw, scratch.subscription_id),
            left,
        )
        removed.append("Abonnement")
    if scratch.column_name is not None:
        column_id = scratch.column_id or await _column_id(run, scratch.column_name, left)
        if column_id is not None:
            await _remove(
                f"Spalte {scratch.column_name}", delete_column(run.gw, run.lib, column_id), left
            )
            removed.append("1 Spalte")
    for up in scratch.files.values():
        await _remove(f"Datei {up.name}", delete_item(run.gw, run.lib, up.item_id), left)
    if scratch.files:
        removed.append(f"{counted(len(scratch.files), 'Datei', 'Dateien')} (Papierkorb)")
    if left:
        return Row(
            "15",
            _CLEAN,
            _CLEAN_WANT,
            f"übrig: {', '.join(left)}",
            FAILS,
            f"bitte von Hand in {run.lib.web_url} entfernen: {', '.join(left)}",
        )
    return Row(
        "15",
        _CLEAN,
        _CLEAN_WANT,
        ", ".join(removed) + " entfernt" if removed else "nichts angelegt",
        OK,
    )


async def _column_id(run: ProbeRun, name: str, left: list[str]) -> str | None:
    try:
        found = [c.column_id for c in await list_columns(run.gw, run.lib) if c.name == name]
    except GraphError as err:
        left.append(f"Spalte {name} ({answer_of(err)})")
        return None
    if not found or not found[0]:
        return None
    return found[0]


async def _checks(run: ProbeRun, done: Callable[[Row], None]) -> None:
    for check in CHECKS:
        result = await check(run)
        for row in result if isinstance(result, list) else [result]:
            done(row)


async def run_probe(
    settings: Settings, *, library: str, site: str | None, echo: Callable[[str], None]
) -> bool:
    """Run every check in ``library``; print progress and the table; whether none failed."""
    register_settings_secrets(settings)
    spec = target_spec(settings, library, site)
    rows: list[Row] = []

    def done(row: Row) -> None:
        rows.append(row)
        echo(progress_line(row))

    async with bootstrap_graph(settings) as gw:
        lib = await _resolve(gw, settings, spec)
        suffix = secrets.token_hex(4)
        echo(
            f"Bibliothek: {lib.display_name} ({lib.web_url}); Prüfdateien freigabe-probe-{suffix}.*"
        )
        run = ProbeRun(gw=gw, lib=lib, settings=settings, suffix=suffix)
        run.roles = token_roles(await gw.bearer())
        if run.roles is not None:
            run.user_read = any(r in USER_READ_ROLES for r in run.roles)
        try:
            await _checks(run, done)
        finally:
            done(await clean_up(run))
    ok = all(r.verdict != FAILS for r in rows)
    echo("")
    echo(render_rows(rows))
    echo("")
    echo("Ergebnis: alle Annahmen halten" if ok else "Ergebnis: NICHT alle Annahmen halten")
    return ok

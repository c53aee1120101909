"""``freigabe provision``: create the columns the release process needs, where missing, and
bring the choices of existing choice columns up to the configuration (adding, never removing).

It never deletes a column and never changes a column's type: a type change through Graph is
not documented to keep the values (Microsoft Learn "Update columnDefinition" names no type
change), so a column of the wrong type is reported and left to the admin (README).
"""

from __future__ import annotations

from config import Settings
from integration.graph.listitems import create_column, update_column
from integration.graph.models import ColumnInfo
from integration.graph.sites import list_columns, resolve_library
from integration.language import Language
from jobs import messages as m
from jobs.bootstrap import bootstrap_graph, register_settings_secrets
from jobs.check import LINK_COLUMN_KINDS
from jobs.column_updates import column_update
from jobs.expected_columns import ExpectedColumn, column_definition, expected_columns
from jobs.table import render_table

__all__ = ["run_provision"]


def _existing_note(settings: Settings, want: ExpectedColumn, col: ColumnInfo) -> str | None:
    """What ``provision`` says about an existing column it cannot fix; None when it can."""
    if want.name == settings.columns.public_link and col.kind in LINK_COLUMN_KINDS:
        return m.HYPERLINK_PRESENT(settings.language)
    if want.kind not in ("any", col.kind):
        return m.TYPE_PRESENT(settings.language, kind=col.kind, wanted=want.kind)
    return None


def _update_note(
    added: tuple[str, ...], kept: tuple[str, ...], lang: Language, *, renamed: bool
) -> str:
    parts = []
    if renamed:
        parts.append(m.DISPLAY_NAME_SET(lang))
    if added:
        parts.append(m.CHOICES_ADDED(lang, choices=", ".join(added)))
    if kept:
        parts.append(m.CHOICES_KEPT(lang, choices=", ".join(kept)))
    return "; ".join(parts)


async def run_provision(settings: Settings, *, dry_run: bool) -> tuple[str, int]:
    """Create missing columns and update existing ones (or say which it would); returns the
    table and how many columns it created."""
    register_settings_secrets(settings)
    lang = settings.language
    rows: list[tuple[str, ...]] = []
    created = changed = 0
    async with bootstrap_graph(settings) as gw:
        for spec in settings.libraries:
            lib = await resolve_library(gw, spec)
            present = {col.name: col for col in await list_columns(gw, lib)}
            for want in expected_columns(settings):
                col = present.get(want.name)
                label = (spec.key, want.name, want.display_name)
                if col is None:
                    if not dry_run:
                        await create_column(gw, lib, column_definition(want))
                    created += 1
                    rows.append((*label, (m.WOULD_BE_CREATED if dry_run else m.CREATED)(lang)))
                    continue
                note = _existing_note(settings, want, col)
                if note is not None:
                    rows.append((*label, note))
                    continue
                update = column_update(want, col)
                if update.changes:
                    if not dry_run:
                        await update_column(gw, lib, col.column_id, update.changes)
                    changed += 1
                renamed = "displayName" in update.changes
                detail = _update_note(update.added, update.kept, lang, renamed=renamed)
                if update.changes and dry_run:
                    detail = m.WOULD_BE_CHANGED(lang, detail=detail)
                rows.append(
                    (*label, m.PRESENT_WITH(lang, detail=detail) if detail else m.PRESENT(lang))
                )
    table = render_table([h(lang) for h in m.PROVISION_HEADINGS], rows)
    return f"{table}\n\n{_summary(created, changed, lang, dry_run=dry_run)}", created


def _summary(created: int, changed: int, lang: Language, *, dry_run: bool) -> str:
    """``1 Spalte angelegt, 2 geändert.``; in German the verb in the number of its count."""
    columns = m.COLUMNS(lang, created)
    if not dry_run:
        return m.PROVISIONED(lang, columns=columns, changed=changed)
    return m.WOULD_PROVISION(
        lang,
        columns=columns,
        would_create=m.WOULD.many(lang) if created != 1 else m.WOULD.one(lang),
        changed=changed,
        would_change=m.WOULD.many(lang) if changed != 1 else m.WOULD.one(lang),
    )

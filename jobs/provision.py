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
from integration.language import counted
from jobs.bootstrap import bootstrap_graph, register_settings_secrets
from jobs.check import LINK_COLUMN_KINDS
from jobs.column_updates import column_update
from jobs.expected_columns import ExpectedColumn, column_definition, expected_columns
from jobs.table import render_table

__all__ = ["run_provision"]


def _existing_note(settings: Settings, want: ExpectedColumn, col: ColumnInfo) -> str | None:
    """What ``provision`` says about an existing column it cannot fix; None when it can."""
    if want.name == settings.columns.public_link and col.kind in LINK_COLUMN_KINDS:
        return "vorhanden als Hyperlink-Spalte: nicht beschreibbar, siehe check"
    if want.kind not in ("any", col.kind):
        return f"vorhanden, Typ {col.kind} statt {want.kind}: nicht geändert, siehe check"
    return None


def _update_note(added: tuple[str, ...], kept: tuple[str, ...], *, renamed: bool) -> str:
    parts = []
    if renamed:
        parts.append("Anzeigename gesetzt")
    if added:
        parts.append("Auswahl ergänzt: " + ", ".join(added))
    if kept:
        parts.append("behalten, nicht in der Konfiguration: " + ", ".join(kept))
    return "; ".join(parts)


async def run_provision(settings: Settings, *, dry_run: bool) -> tuple[str, int]:
    """Create missing columns and update existing ones (or say which it would); returns the
    table and how many columns it created."""
    register_settings_secrets(settings)
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
                    rows.append((*label, "würde angelegt" if dry_run else "angelegt"))
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
                detail = _update_note(update.added, update.kept, renamed=renamed)
                if update.changes and dry_run:
                    detail = f"würde geändert: {detail}"
                rows.append((*label, f"vorhanden; {detail}" if detail else "vorhanden"))
    table = render_table(["Bibliothek", "Spalte", "Anzeigename", "Aktion"], rows)
    return f"{table}\n\n{_summary(created, changed, dry_run=dry_run)}.", created


def _summary(created: int, changed: int, *, dry_run: bool) -> str:
    """``1 Spalte angelegt, 2 geändert``; the verb in the number of its count."""
    if not dry_run:
        return f"{counted(created, 'Spalte', 'Spalten')} angelegt, {changed} geändert"
    would = ("würde" if created == 1 else "würden", "würde" if changed == 1 else "würden")
    return (
        f"{counted(created, 'Spalte', 'Spalten')} {would[0]} angelegt, "
        f"{changed} {would[1]} geändert"
    )

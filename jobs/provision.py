"""``freigabe provision``: create the columns the release process needs, where missing."""

from __future__ import annotations

from typing import Any

from approval.vocabulary import Choice, Status
from config import Settings
from integration.graph.listitems import create_column
from integration.graph.sites import list_columns, resolve_library
from jobs.bootstrap import bootstrap_graph, register_settings_secrets
from jobs.check import LINK_COLUMN_KINDS, ExpectedColumn, expected_columns
from jobs.table import render_table

__all__ = ["column_definition", "run_provision"]


def column_definition(settings: Settings, want: ExpectedColumn) -> dict[str, Any]:
    """The Graph columnDefinition that creates ``want``."""
    base: dict[str, Any] = {"name": want.name, "displayName": want.purpose}
    c = settings.columns
    if want.name == c.status:
        return {
            **base,
            "choice": {"choices": [s.value for s in Status], "displayAs": "dropDownMenu"},
        }
    if want.name == c.lead:
        return {
            **base,
            "choice": {"choices": list(settings.org_codes), "displayAs": "dropDownMenu"},
        }
    if want.kind == "choice":
        return {
            **base,
            "choice": {"choices": [v.value for v in Choice], "displayAs": "dropDownMenu"},
        }
    if want.kind == "date_time":
        return {**base, "dateTime": {"format": "dateTime"}}
    if want.kind == "text":
        return {**base, "text": {"allowMultipleLines": False, "maxLength": 255}}
    # notes and the configured required columns: multi-line text fits any summary
    return {**base, "text": {"allowMultipleLines": True}}


async def run_provision(settings: Settings, *, dry_run: bool) -> tuple[str, int]:
    """Create missing columns (or say which it would); returns the table and how many."""
    register_settings_secrets(settings)
    rows: list[tuple[str, ...]] = []
    created = 0
    async with bootstrap_graph(settings) as gw:
        for spec in settings.libraries:
            lib = await resolve_library(gw, spec)
            present = {col.name: col for col in await list_columns(gw, lib)}
            for want in expected_columns(settings):
                col = present.get(want.name)
                if col is not None:
                    note = "vorhanden"
                    if want.name == settings.columns.public_link and col.kind in LINK_COLUMN_KINDS:
                        note = "vorhanden als Hyperlink-Spalte: nicht beschreibbar, siehe check"
                    elif want.kind not in ("any", col.kind):
                        note = f"vorhanden, Typ {col.kind} statt {want.kind}: bitte prüfen"
                    rows.append((spec.key, want.name, want.purpose, note))
                    continue
                if not dry_run:
                    await create_column(gw, lib, column_definition(settings, want))
                created += 1
                rows.append(
                    (spec.key, want.name, want.purpose, "würde angelegt" if dry_run else "angelegt")
                )
    table = render_table(["Bibliothek", "Spalte", "Zweck", "Aktion"], rows)
    verb = "würden angelegt" if dry_run else "angelegt"
    return f"{table}\n\n{created} Spalten {verb}.", created

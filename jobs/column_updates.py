"""What ``provision`` changes on a column that exists, and how ``check`` compares its choices.

Removed choices are kept. SharePoint stamps a choice onto the item as text when it is chosen;
editing the column's choices leaves the values items already hold as they were (art-break.net
"SharePoint 「選択肢」列で陥りやすいトラブル", tech/?p=584), so dropping a value would leave
documents with a value the form no longer offers, and finding out whether any document holds
it would mean reading every item. ``provision`` therefore only adds, names what it keeps, and
``check`` reports the kept values without failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from integration.graph.models import ColumnInfo
from jobs.expected_columns import LEGACY_DISPLAY_NAME, ExpectedColumn

__all__ = ["ChoiceDiff", "ColumnUpdate", "choice_diff", "column_update"]


@dataclass(frozen=True, slots=True)
class ChoiceDiff:
    """Configured choices the column lacks, and choices it offers beyond the configuration."""

    missing: tuple[str, ...]
    extra: tuple[str, ...]


def choice_diff(want: ExpectedColumn, col: ColumnInfo) -> ChoiceDiff:
    """How the choices of ``col`` differ from those ``want`` configures (exact spelling)."""
    return ChoiceDiff(
        missing=tuple(c for c in want.choices if c not in col.choices),
        extra=tuple(c for c in col.choices if c not in want.choices),
    )


@dataclass(frozen=True, slots=True)
class ColumnUpdate:
    """A PATCH of an existing column; ``changes`` empty means none is needed.

    Attributes:
        added: choices the PATCH adds.
        kept: choices the column keeps although the configuration no longer has them.
    """

    changes: dict[str, Any] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


def column_update(want: ExpectedColumn, col: ColumnInfo) -> ColumnUpdate:
    """The columnDefinition changes that bring ``col`` to ``want`` without losing anything."""
    changes: dict[str, Any] = {}
    if col.display_name == LEGACY_DISPLAY_NAME and want.display_name != LEGACY_DISPLAY_NAME:
        # only the placeholder older versions wrote; a name an admin chose stays
        changes |= {"displayName": want.display_name, "description": want.description}
    if want.kind != "choice" or col.kind != "choice":
        return ColumnUpdate(changes)
    diff = choice_diff(want, col)
    if diff.missing:
        # the whole list: Graph's PATCH takes the choices as one value (README, probe list)
        changes["choice"] = {"choices": [*want.choices, *diff.extra]}
    return ColumnUpdate(changes, diff.missing, diff.extra)

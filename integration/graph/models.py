"""A library's columns as `freigabe check` and `provision` read them, free of SDK types."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ColumnInfo"]


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """A column of a list, as ``freigabe check`` and ``provision`` need it.

    Attributes:
        kind: the facet's name (``choice``, ``text``, ``note`` for multi-line text,
            ``date_time``, ...) or ``untyped`` when Graph shows none (hyperlink columns).
    """

    name: str
    display_name: str
    kind: str
    read_only: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)
    column_id: str = ""

"""Sizes and dates in German notation (text cleaning is ``integration.text.clean``)."""

from __future__ import annotations

__all__ = ["file_size", "german_date"]


def file_size(size: int) -> str:
    """``size`` bytes in German notation, e.g. ``1,2 MB``."""
    if size < 1024:
        return f"{size} Bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}".replace(".", ",")


def german_date(moment: object) -> str:
    """``moment`` (a date or datetime) as ``TT.MM.JJJJ``."""
    return format(moment, "%d.%m.%Y")

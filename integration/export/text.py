"""Text from SharePoint made safe to show: no control, bidi-override or non-XML characters."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "file_size", "german_date"]

# C0/C1 controls but tab and newline, lone surrogates, the two XML non-characters, and the
# bidi embeddings/overrides/isolates that could make a title display as something else
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str) -> str:
    """``text`` in NFC without the characters that would break or disguise a page or feed."""
    return _UNSAFE.sub("", unicodedata.normalize("NFC", text)).strip()


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

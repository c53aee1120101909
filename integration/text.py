"""Text from SharePoint and people made safe to show anywhere freigabe shows it.

The one helper for every output: the HTML pages, ``manifest.json``, ``feed.xml`` and the Teams
cards. It removes what could break a file (NUL, control characters, lone surrogates, the XML
non-characters) or disguise a text (bidi marks, embeddings, overrides and isolates: a title
``Rechnung\u202efdp.exe`` would display as ``Rechnungexe.pdf``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean"]

# every line break Unicode knows, as one; \v and \f end a line too
_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls but tab and newline, lone surrogates, the two XML non-characters, the
# direction marks (LRM, RLM, ALM) and the bidi embeddings/overrides/isolates
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str, *, lines: bool = False) -> str:
    """``text`` in NFC without the characters that would break or disguise it, trimmed.

    One line unless ``lines``: line breaks and tabs become spaces, so a title cannot start a
    new paragraph (or a list) on a card. With ``lines`` every line break becomes ``\\n``.
    """
    text = _BREAK.sub("\n" if lines else " ", unicodedata.normalize("NFC", text))
    return _UNSAFE.sub("", text.replace("\t", " ")).strip()

"""Texts from SharePoint and people on a card: shown as typed, never formatted as markdown.

Teams formats the text of a TextBlock and the title and value of a fact as markdown (bold,
italic, lists, links). A document titled ``[Jetzt hier abstimmen](https://evil.example/x)``
would otherwise show as a link to wherever its author chose. So every text that comes from
SharePoint, the directory or the configuration (titles, file names, library and organisation
names, people, column names, versions) goes through ``plain``: cleaned like every output
(``integration.text.clean``: no controls, NUL or bidi characters, one line), cut to its
length, then escaped with a backslash before each character markdown could read as syntax
(CommonMark lets any ASCII punctuation be escaped so). The service's own words and the
operators' templates (``teams.templates``) are markdown on purpose and stay as they are.
"""

from __future__ import annotations

import re

from integration.text import clean

__all__ = ["cut", "literal", "plain", "shorten"]

_TEXT_LIMIT = 300
# emphasis, links and images, code, autolinks and HTML, entities, strikethrough, escapes
_INLINE = re.compile(r"([\\*_\[\]`<&~])")
# what starts a heading, quote, list, thematic break or setext underline at a line's start
_BLOCK = re.compile(r"^(?:([#>+\-=])|(\d{1,9})([.)]))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    # a leading "*", "_" or "`" is escaped already; the block markers only matter here
    return _BLOCK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def plain(text: str, limit: int = _TEXT_LIMIT) -> str:
    """``text`` as card markdown that shows it as typed: cleaned, cut to ``limit``
    characters (before escaping, so a cut never splits an escape), escaped."""
    return _escape(shorten(clean(text), limit))


def cut(markdown: str, limit: int) -> str:
    """``markdown`` cut to ``limit`` characters with "…", never inside an escape."""
    if len(markdown) <= limit:
        return markdown
    head = markdown[: limit - 1]
    if (len(head) - len(head.rstrip("\\"))) % 2:
        head = head[:-1]  # a lone backslash would escape nothing, and show
    return head + "…"


def literal(markdown: str) -> str:
    """``markdown`` without its backslash escapes: the text as a reader sees it on the card
    (for the fallback text, which clients show without markdown)."""
    return _ESCAPED.sub(r"\1", markdown)

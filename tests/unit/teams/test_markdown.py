"""Texts from SharePoint on a card: cleaned, cut and escaped so markdown shows them as typed."""

from __future__ import annotations

import pytest

from integration.teams.markdown import cut, literal, plain
from tests.unit.teams.samples import MARKDOWN_TRAPS, PHISH


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        (PHISH, "\\[Jetzt hier abstimmen\\](https://evil.example/phish)"),
        ("**fett** _kursiv_", "\\*\\*fett\\*\\* \\_kursiv\\_"),
        ("# Titel", "\\# Titel"),
        ("- Punkt", "\\- Punkt"),
        ("+ Punkt", "\\+ Punkt"),
        ("> Zitat", "\\> Zitat"),
        ("= Titel", "\\= Titel"),
        ("12. Tagung", "12\\. Tagung"),
        ("3) Punkt", "3\\) Punkt"),
        ("<https://evil.example>", "\\<https://evil.example>"),
        ("`x` ~~y~~", "\\`x\\` \\~\\~y\\~\\~"),
        ("&lt;", "\\&lt;"),
        ("C:\\Temp", "C:\\\\Temp"),
        ("Bericht 2026 - Teil 1.2 (neu)!", "Bericht 2026 - Teil 1.2 (neu)!"),
        ("Straßen-Bau #3 > 2", "Straßen-Bau #3 > 2"),
    ],
)
def test_plain_escapes_what_markdown_would_format(text: str, escaped: str) -> None:
    """Inline syntax is escaped anywhere, block syntax where a line starts; the rest stays."""
    assert plain(text) == escaped


def test_plain_cleans_and_keeps_one_line() -> None:
    """Controls, bidi characters and NUL go; a line break cannot start a list or heading."""
    assert plain("Titel\x00\u202e\n- Punkt\r\n# Kopf") == "Titel - Punkt # Kopf"


def test_plain_cuts_before_escaping() -> None:
    """The limit counts the characters people see, so a cut never splits an escape."""
    assert plain("[" * 10, 5) == "\\[\\[\\[\\[…"


@pytest.mark.parametrize("trap", MARKDOWN_TRAPS)
def test_literal_undoes_plain(trap: str) -> None:
    """The fallback text (no markdown) reads the same as the card shows it."""
    assert literal(plain(trap)) == trap


@pytest.mark.parametrize(
    ("markdown", "limit", "expected"),
    [
        ("abcdef", 10, "abcdef"),
        ("abcdef", 4, "abc…"),
        ("ab\\[cd", 4, "ab…"),  # the cut would leave a lone backslash before "…"
        ("a\\\\bcd", 4, "a\\\\…"),  # an escaped backslash stays whole
    ],
)
def test_cut_never_leaves_half_an_escape(markdown: str, limit: int, expected: str) -> None:
    """A card text cut to its limit ends in "…", never in a backslash that escapes it."""
    assert cut(markdown, limit) == expected

"""The languages freigabe writes in, and the two-language texts every surface is built from.

Each surface keeps its own catalogue of :class:`Text` and :class:`Plural` values beside the
code that shows them (the CLI in ``jobs.messages``, the export pages in
``integration.export.wording``, the cards in ``integration.teams.texts``); this module holds
only what they share, so every layer may import it. A text's placeholders are ``{name}``
fields for ``str.format``; the card templates use ``$name``, which operators may override.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Language", "Plural", "Text", "counted", "date_in", "time_in"]


class Language(StrEnum):
    """A language freigabe writes its cards, pages and terminal output in."""

    DE = "de"
    EN = "en"


def counted(count: int, one: str, many: str) -> str:
    """``count`` with the noun in its number: ``1 Bibliothek``, ``0 Bibliotheken``."""
    return f"{count} {one if count == 1 else many}"


def date_in(moment: object, language: Language) -> str:
    """``moment`` (a date or datetime) as ``27.10.2026`` in German, ``2026-10-27`` in English.

    ISO dates in English: neither the British nor the American order misleads the other.
    """
    return format(moment, "%Y-%m-%d" if language is Language.EN else "%d.%m.%Y")


def time_in(moment: object, language: Language) -> str:
    """``moment`` (a datetime, already in the reader's zone) with the time of day, as
    ``27.10.2026 17:00`` or ``2026-10-27 17:00``."""
    return f"{date_in(moment, language)} {format(moment, '%H:%M')}"


@dataclass(frozen=True, slots=True)
class Text:
    """One text in both languages, side by side so a change to one is seen beside the other."""

    de: str
    en: str

    def __call__(self, language: Language, /, **values: object) -> str:
        """The text in ``language`` with ``values`` filled into its ``{name}`` fields."""
        text = self.en if language is Language.EN else self.de
        return text.format(**values) if values else text


@dataclass(frozen=True, slots=True)
class Plural:
    """A noun (or phrase) in both numbers and both languages."""

    one: Text
    many: Text

    def __call__(self, language: Language, count: int, /) -> str:
        """``count`` with the phrase in its number, e.g. ``2 libraries``."""
        return counted(count, self.one(language), self.many(language))

"""The wording of the cards: the language, the time zone and the operators' overrides.

The default headline and sentence of each kind are in ``integration.teams.templates``, the
labels and buttons in ``integration.teams.words``. Operators may replace a headline or a
sentence through the settings (``teams.templates``); the kinds and the placeholders, the same
for every kind, are named in ``config.teams``, and a value that does not apply to a kind
reads ``–``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from string import Template

from approval.leadership import Contradiction
from approval.protocol import REASON_WORDS, REASON_WORDS_EN
from config.teams import PLACEHOLDERS, TeamsSettings
from integration.language import Language, Plural, Text, time_in
from integration.teams.templates import DEFAULTS

__all__ = ["REASONS_DE", "REASONS_EN", "Wording"]

# The protocol's German words, except that a card names the contradiction from the
# submitter's side.
REASONS_DE: dict[str, str] = {
    **REASON_WORDS,
    Contradiction.NOT_TABLE_LEAD: "nicht die federführende Organisation",
}
REASONS_EN: dict[str, str] = {
    **REASON_WORDS_EN,
    Contradiction.NOT_TABLE_LEAD: "not the lead organisation",
}
"""The reason codes in English, the same keys as ``REASONS_DE``."""


@dataclass(frozen=True, slots=True)
class Wording:
    """The language, the time zone and the text overrides cards are written with.

    Attributes:
        zone: the time zone times are shown in.
        overrides: kind -> (title, text) templates replacing the defaults; None keeps one.
        language: the language of the default texts, labels and buttons.
    """

    zone: tzinfo
    overrides: Mapping[str, tuple[str | None, str | None]]
    language: Language = Language.DE

    @classmethod
    def from_settings(cls, settings: TeamsSettings, language: Language) -> Wording:
        """The time zone and the text overrides the Teams settings configure, in ``language``."""
        overrides = {kind: (t.title, t.text) for kind, t in settings.templates.items()}
        return cls(settings.zone, overrides, language)

    def render(self, kind: str, values: Mapping[str, str]) -> tuple[str, str]:
        """The title and sentence of ``kind`` with ``values`` filled in (missing ones ``–``)."""
        title, text = DEFAULTS[kind]
        custom_title, custom_text = self.overrides.get(kind, (None, None))
        filled = {name: values.get(name) or "–" for name in PLACEHOLDERS}
        return (
            Template(custom_title or title(self.language)).safe_substitute(filled),
            Template(custom_text or text(self.language)).safe_substitute(filled),
        )

    def __call__(self, text: Text, /, **values: object) -> str:
        """``text`` (a label, a button) in the card's language."""
        return text(self.language, **values)

    def count(self, phrase: Plural, count: int, /) -> str:
        """``count`` with ``phrase`` in its number, in the card's language."""
        return phrase(self.language, count)

    def time(self, at: datetime) -> str:
        """``at`` as people in the card's zone read it: ``27.10.2026 17:00``."""
        return time_in(at.astimezone(self.zone), self.language)

    def reason(self, code: str | None) -> str:
        """A reason code in words; an unknown code as it is."""
        words = REASONS_EN if self.language is Language.EN else REASONS_DE
        return words.get(code or "", code or "–")

"""The two-language texts: the plural helper, and every catalogue complete in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from string import Formatter
from types import ModuleType

import pytest

from approval.protocol import REASON_WORDS, REASON_WORDS_EN
from integration.export import wording as export_words
from integration.language import Language, Plural, Text, counted, date_in, time_in
from integration.teams import texts
from integration.teams import words as card_words
from integration.teams.templates import DEFAULTS
from jobs import messages

LIBRARIES = Plural(Text("Bibliothek", "library"), Text("Bibliotheken", "libraries"))
_DOLLAR = re.compile(r"\$(\w+)")


@pytest.mark.parametrize(
    ("count", "language", "text"),
    [
        (0, Language.DE, "0 Bibliotheken"),
        (1, Language.DE, "1 Bibliothek"),
        (2, Language.DE, "2 Bibliotheken"),
        (0, Language.EN, "0 libraries"),
        (1, Language.EN, "1 library"),
        (2, Language.EN, "2 libraries"),
    ],
)
def test_plural_takes_the_singular_for_one_only(count: int, language: Language, text: str) -> None:
    """One is singular, every other count plural, in both languages."""
    assert LIBRARIES(language, count) == text
    assert counted(count, *(LIBRARIES.one(language), LIBRARIES.many(language))) == text


def test_text_fills_its_fields_in_the_chosen_language() -> None:
    """A text gives its German or English form with the values filled in."""
    more = Text("… und {count} weitere", "… and {count} more")
    assert (more(Language.DE, count=3), more(Language.EN, count=3)) == (
        "… und 3 weitere",
        "… and 3 more",
    )


def test_dates_read_as_each_language_expects() -> None:
    """German ``TT.MM.JJJJ``, English ISO dates."""
    at = datetime(2026, 10, 27, 17, 5)
    assert (time_in(at, Language.DE), time_in(at, Language.EN)) == (
        "27.10.2026 17:05",
        "2026-10-27 17:05",
    )
    assert date_in(at.date(), Language.EN) == "2026-10-27"


def _texts(module: ModuleType) -> Iterator[tuple[str, Text]]:
    for name, value in vars(module).items():
        if isinstance(value, Text):
            yield name, value
        elif isinstance(value, Plural):
            yield f"{name}.one", value.one
            yield f"{name}.many", value.many
        elif isinstance(value, tuple) and all(isinstance(v, Text) for v in value):
            yield from ((f"{name}[{n}]", v) for n, v in enumerate(value))


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


# words German and English share
SAME_IN_BOTH = {
    "Export:",
    "Details",
    "Version",
    "Organisation",
    "Name",
    "Status",
    "ok",
    "ok; ",
    "Hash",
}
CATALOGUE = [
    pytest.param(name, text, id=f"{module.__name__}.{name}")
    for module in (messages, export_words, card_words)
    for name, text in _texts(module)
]


@pytest.mark.parametrize(("name", "text"), CATALOGUE)
def test_every_text_has_both_languages_with_the_same_fields(name: str, text: Text) -> None:
    """Neither language is empty or left untranslated by accident; both fill the same fields."""
    assert text.de.strip(), name
    assert text.en.strip(), name
    assert text.de != text.en or text.de in SAME_IN_BOTH, name
    assert _fields(text.de) == _fields(text.en), name


@pytest.mark.parametrize("kind", sorted(DEFAULTS))
def test_every_card_template_has_both_languages_with_the_same_placeholders(kind: str) -> None:
    """A card's headline and sentence name the same ``$`` placeholders in both languages."""
    for template in DEFAULTS[kind]:
        assert template.de.strip()
        assert template.en.strip()
        assert set(_DOLLAR.findall(template.de)) == set(_DOLLAR.findall(template.en))


def test_every_reason_has_english_words() -> None:
    """Each reason code a card may name reads in English too."""
    assert texts.REASONS_EN.keys() == texts.REASONS_DE.keys()
    assert REASON_WORDS_EN.keys() == REASON_WORDS.keys()

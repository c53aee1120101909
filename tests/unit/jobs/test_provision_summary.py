"""``provision``'s last line counts columns in their number, the verb too."""

from __future__ import annotations

import pytest

from integration.language import Language
from jobs.provision import _summary


@pytest.mark.parametrize(
    ("created", "changed", "dry_run", "language", "line"),
    [
        (1, 0, False, Language.DE, "1 Spalte angelegt, 0 geändert."),
        (13, 2, False, Language.DE, "13 Spalten angelegt, 2 geändert."),
        (1, 1, True, Language.DE, "1 Spalte würde angelegt, 1 würde geändert."),
        (0, 2, True, Language.DE, "0 Spalten würden angelegt, 2 würden geändert."),
        (1, 0, False, Language.EN, "1 column created, 0 changed."),
        (0, 2, True, Language.EN, "0 columns would be created, 2 would be changed."),
    ],
)
def test_summary_takes_the_number_of_each_count(
    created: int, changed: int, dry_run: bool, language: Language, line: str
) -> None:
    """One column is "1 Spalte", and a German dry run's verb follows its count."""
    assert _summary(created, changed, language, dry_run=dry_run) == line

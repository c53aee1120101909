"""``provision``'s last line counts columns in their number, the verb too."""

from __future__ import annotations

import pytest

from jobs.provision import _summary


@pytest.mark.parametrize(
    ("created", "changed", "dry_run", "line"),
    [
        (1, 0, False, "1 Spalte angelegt, 0 geändert"),
        (13, 2, False, "13 Spalten angelegt, 2 geändert"),
        (1, 1, True, "1 Spalte würde angelegt, 1 würde geändert"),
        (0, 2, True, "0 Spalten würden angelegt, 2 würden geändert"),
    ],
)
def test_summary_takes_the_number_of_each_count(
    created: int, changed: int, dry_run: bool, line: str
) -> None:
    """One column is "1 Spalte", and a dry run's verb follows its count."""
    assert _summary(created, changed, dry_run=dry_run) == line

"""Backoff between delivery attempts: exponential, capped, jittered, honouring Retry-After."""

from __future__ import annotations

import pytest

from integration.teams.delivery import Backoff

BACKOFF = Backoff(base=30, factor=2, cap=600, jitter=0.25)


@pytest.mark.parametrize(
    ("attempt", "rand", "expected"),
    [
        (1, 0.5, 30.0),
        (2, 0.5, 60.0),
        (3, 0.0, 90.0),  # 120 s less a quarter
        (3, 1.0, 150.0),  # 120 s plus a quarter
        (10, 0.5, 600.0),  # capped
    ],
)
def test_delay_grows_exponentially_within_the_jitter(
    attempt: int, rand: float, expected: float
) -> None:
    """The wait doubles per attempt, varies by ±jitter and stops growing at the cap."""
    assert BACKOFF.delay(attempt, None, lambda: rand) == pytest.approx(expected)


@pytest.mark.parametrize(("retry_after", "expected"), [(120.0, 120.0), (5.0, 30.0)])
def test_delay_is_never_shorter_than_retry_after(retry_after: float, expected: float) -> None:
    """A receiver's Retry-After is honoured; a shorter one does not shorten the backoff."""
    assert BACKOFF.delay(1, retry_after, lambda: 0.5) == pytest.approx(expected)


@pytest.mark.parametrize("retry_after", [601.0, 1e14, float("inf")])
def test_retry_after_beyond_the_cap_waits_the_cap(retry_after: float) -> None:
    """However long a receiver asks to wait, the wait stays a date the outbox can store."""
    assert BACKOFF.delay(1, retry_after, lambda: 0.5) == pytest.approx(600.0)


@pytest.mark.parametrize(
    "options", [{"base": 0}, {"factor": 0.5}, {"cap": 1, "base": 5}, {"jitter": 1.0}]
)
def test_nonsense_backoff_is_refused(options: dict[str, float]) -> None:
    """A backoff that would never wait, or shrink, is a programming error."""
    with pytest.raises(ValueError, match=r"backoff|jitter"):
        Backoff(**options)

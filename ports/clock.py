"""The clock: what "now" is for the stages and the adapters that stamp what they write.

One clock is made by the composition root and handed to everything that asks the time, so a
test (or the reliability test's "later" run) moves the whole service's time at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "system_clock"]

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime."""


def system_clock() -> datetime:
    """The machine's time, in UTC."""
    return datetime.now(UTC)

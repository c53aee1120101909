"""Reading a ``Retry-After`` header, shared by every adapter that is asked to wait.

RFC 9110 section 10.2.3 allows two forms: delay-seconds (ASCII digits) and an HTTP date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["parse_retry_after"]

# delay-seconds are ASCII digits; str.isdigit (and float) would also take "²" or "١٢٠"
_DELAY_SECONDS = re.compile(r"[0-9]+")


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait; None when absent or malformed.

    A date in the past means no wait. Callers cap the result to what they are willing to wait.
    """
    if not value:
        return None
    text = value.strip()
    if _DELAY_SECONDS.fullmatch(text):
        # float, not int: int() refuses very long digit strings, float() reads them as inf
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return max(0.0, (when - now).total_seconds())
    except OverflowError:
        return None

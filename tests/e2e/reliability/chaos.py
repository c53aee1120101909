"""The Graph faults injected during the story, step by step (aligned with ``STORY``).

Every rule is limited by ``count`` so that it is used up within its step's cycles; the
runner checks that each one did fire. ``Retry-After`` is 1 s to keep the run short.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.reliability.story import LIBRARY, STORY

__all__ = ["CHAOS", "RESYNC"]

DELTA = "GET /drives/{id}/root/delta"
LISTING = "GET /sites/{id}/lists/{id}/items"
FIELDS = "PATCH /sites/{id}/lists/{id}/items/{id}/fields"
VERSIONS = "GET /sites/{id}/lists/{id}/items/{id}/versions"
DOWNLOAD = "GET /_sim/download/{token}"
WEBHOOKS = "/_sim/webhooks/*"

# Sent as a control action before the step's cycle: the next delta request answers 410.
RESYNC: dict[str, Any] = {"action": "expire_delta_tokens", "library": LIBRARY}


def _status(endpoint: str, status: int, count: int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "status",
        "endpoint": endpoint,
        "status": status,
        "count": count,
        "retry_after": 1,
        **extra,
    }


def _drop(endpoint: str) -> dict[str, Any]:
    return {"kind": "drop", "endpoint": endpoint, "count": 1}


CHAOS: tuple[tuple[dict[str, Any], ...], ...] = (
    (_status(DELTA, 429, 2), _drop("GET /sites/{id}/lists/{id}")),
    # three changed files of four: listing them (2 operations) is cheaper than 3 field reads
    (_status(LISTING, 429, 2), _status(FIELDS, 503, 1), _drop(VERSIONS)),
    (RESYNC, _status(DOWNLOAD, 503, 1), _status(WEBHOOKS, 429, 1), _drop(FIELDS)),
    (_drop(DELTA), _status("*", 429, 3)),
    # the two own writes of a four-file library: listing it (one page, with the delta link
    # just read) is cheaper than two field reads, so no step reads fields in a batch; a
    # throttled read inside $batch is covered by test_real_tenant_faults' storm instead
    (_status(LISTING, 503, 1), _status(DELTA, 503, 2)),
    (RESYNC,),
)
assert len(CHAOS) == len(STORY)

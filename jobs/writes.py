"""The service's field writes to SharePoint: announced in the state, then conditional."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from approval.documents import DocumentSnapshot, as_text
from integration.errors import (
    AccessDenied,
    AuthError,
    ForeignHostRefused,
    GraphError,
    GraphUnreachable,
    PreconditionFailed,
    ResyncRequired,
    Throttled,
)
from ports.ledger import Ledger, Step
from ports.libraries import ResolvedLibrary
from ports.sharepoint import SharePoint

__all__ = ["ETAG", "is_item_failure", "write_fields"]

ETAG = "@odata.etag"
"""Where a snapshot's fields keep the list item's eTag."""


# Failures that concern the whole cycle, not one document: no connection, no token, no grant,
# throttled past the budget, a hostile link. Everything else Graph answers about one item
# (423 while it is open in Office, 400 or 500 for one value, 404 when it was just deleted)
# holds up that item only.
_CYCLE_FAILURES = (
    GraphUnreachable,
    AuthError,
    AccessDenied,
    Throttled,
    ForeignHostRefused,
    ResyncRequired,
)


def is_item_failure(err: GraphError) -> bool:
    """Whether ``err`` concerns only the document it was raised for (see above)."""
    return err.status is not None and not isinstance(err, _CYCLE_FAILURES)


async def write_fields(
    sharepoint: SharePoint,
    rounds: Ledger,
    lib: ResolvedLibrary,
    snapshot: DocumentSnapshot,
    values: Mapping[str, str | None],
    at: datetime,
    *,
    step: Step | None = None,
) -> dict[str, str | None]:
    """Announce ``values`` (with the step they belong to), then write them only if
    the item still has the eTag ``snapshot`` saw; return them as SharePoint stored them,
    with the item's new eTag under ``@odata.etag`` (the next conditional write needs it, and
    the next may come in the same cycle: the public link after a release).

    Raises ``PreconditionFailed`` when someone wrote first (the announcement is withdrawn:
    nothing was written) and any other ``GraphError`` as it comes (the announcement stays,
    since the write may have arrived; see ``jobs.enforce``).
    """
    assert snapshot.list_item_id is not None
    rounds.announce_write(lib.key, snapshot.item_id, values, at, step=step)
    etag = snapshot.fields.get(ETAG)
    try:
        result = await sharepoint.update_fields(
            lib, snapshot.list_item_id, values, etag=str(etag) if etag else snapshot.etag
        )
    except PreconditionFailed:
        rounds.drop_write(snapshot.item_id)
        raise
    stored = {k: as_text(result.fields.get(k)) for k in values}
    written = {k: stored.get(k) if k in result.fields else v for k, v in values.items()}
    return {**written, ETAG: result.etag} if result.etag else written

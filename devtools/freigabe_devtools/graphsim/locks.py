"""Locks a person holds on a file (open for editing, checked out) and the 423 Graph answers.

SharePoint refuses Graph writes to a locked file with 423 Locked (Microsoft Learn, "Upload
small files", "Update driveItem", "Delete driveItem"), while the person holding the lock goes
on editing. ``Quirks.locked_writes_fail`` turns the refusal off.
"""

from __future__ import annotations

from freigabe_devtools.graphsim.messages import GraphProblem
from freigabe_devtools.graphsim.model import Item, Quirks

__all__ = ["LOCKED_CODE", "LOCKED_MESSAGE", "ensure_unlocked"]

LOCKED_CODE = "resourceLocked"
LOCKED_MESSAGE = "The resource you are attempting to access is locked"


def ensure_unlocked(item: Item, quirks: Quirks) -> None:
    """Raise 423 ``resourceLocked`` when a person holds a lock on ``item``."""
    if item.locked_by is not None and quirks.locked_writes_fail:
        raise GraphProblem(423, LOCKED_CODE, LOCKED_MESSAGE)

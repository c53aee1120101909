"""A document the service could not bring up to date, and at which stage.

The stages record it in the state store; the Teams adapter writes the card about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["ItemProblem", "Stage"]


class Stage(StrEnum):
    """Where a document got stuck."""

    ENFORCE = "enforce"  # a field write of the release process
    PUBLISH = "publish"  # putting the released bytes on the export
    LINK = "link"  # writing the public link back to SharePoint


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """One document stuck at one stage.

    Attributes:
        document_id: the document (or the state store's record of the export as a whole).
        stage: where it got stuck.
        library: the configuration key of its library.
        name: the document's file name.
        status: the HTTP status Graph answered, or None when the failure was not an answer.
        code: Graph's error code, when it named one.
        message: what failed, in one line (never a secret: Graph error texts name paths).
        first_at: when it first failed (since the last success).
        last_at: when it failed last.
        attempts: cycles that tried and failed since the first failure.
    """

    document_id: str
    stage: Stage
    library: str
    name: str
    status: int | None
    code: str | None
    message: str
    first_at: datetime
    last_at: datetime
    attempts: int

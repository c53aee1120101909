"""``@odata.nextLink`` paging of the small collections: versions, group members, columns.

Graph's ``$skiptoken`` is opaque; here it encodes the offset of the next page, so a page
costs O(page). Each link repeats the request's other query options (``$top``, ``$select``,
``$expand``). With ``Quirks.paging`` off every collection comes in one page.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.messages import GraphProblem

__all__ = [
    "COLUMNS",
    "DRIVE_ITEM_VERSIONS",
    "GROUP_MEMBERS",
    "LIST_ITEM_VERSIONS",
    "PageSize",
    "collection",
    "page",
]

T = TypeVar("T")
_PREFIX = "graphsim-skip:"


@dataclass(frozen=True, slots=True)
class PageSize:
    """Entries per page without ``$top``, and the most ``$top`` may ask for."""

    default: int
    maximum: int


LIST_ITEM_VERSIONS = PageSize(10, 50)
DRIVE_ITEM_VERSIONS = PageSize(10, 50)
GROUP_MEMBERS = PageSize(100, 999)
COLUMNS = PageSize(20, 100)


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def _offset(call: Call, total: int) -> int:
    raw = call.query.get("$skiptoken")
    if raw is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        offset = int(text.removeprefix(_PREFIX)) if text.startswith(_PREFIX) else -1
    except (ValueError, UnicodeDecodeError):
        offset = -1
    if not 0 <= offset <= total:
        raise GraphProblem(400, "invalidRequest", "The $skiptoken is not valid.")
    return offset


def page(
    call: Call, entries: Sequence[T], size: PageSize, path: str
) -> tuple[Sequence[T], str | None]:
    """The entries of the requested page and the absolute nextLink (None on the last page).

    ``path`` is the collection's Graph path below ``/v1.0`` (canonical ids), so the link
    works whichever spelling the client used.
    """
    if not call.tenant.quirks.paging:
        return entries, None
    top = call.top(size.default, size.maximum)
    start = _offset(call, len(entries))
    end = min(start + top, len(entries))
    if end >= len(entries):
        return entries[start:end], None
    params = {k: v for k, v in call.query.items() if k != "$skiptoken"}
    return entries[start:end], call.link(path, {**params, "$skiptoken": _token(end)})


def collection(value: list[Any], link: str | None) -> dict[str, Any]:
    """A collection's JSON: ``value`` and, unless it is the last page, ``@odata.nextLink``."""
    return {"value": value} if link is None else {"value": value, "@odata.nextLink": link}

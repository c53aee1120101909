"""Estimated SharePoint resource units of the Graph operations a cycle made.

SharePoint Online throttles an app per tenant by resource units (RU) a minute and a day, and
Microsoft Graph requests have a fixed cost (Microsoft Learn, "Avoid getting throttled or
blocked in SharePoint Online",
https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online
, "Resource units"):

- 1 RU: a single item query (get item), a delta request with a token, a file download;
- 2 RU: a multi-item query (list children, list items) and a delta request without a token;
  create, update, delete, upload;
- 5 RU: every permission resource operation (``$expand=permissions`` included).

The requests inside a ``$batch`` are counted one by one, as the simulator counts operations.
The simulator's counters are by endpoint key, without the query, so a delta request cannot be
told apart by its token: every one is costed 1. That holds for the benchmark's runs, whose
delta requests follow a stored link or ask for ``token=latest`` (a first sync takes its delta
link that way, ``integration.graph.delta.latest_delta_link``); only a pass by delta from no
token at all would pay 2 for its first page.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["operation_units", "resource_units"]

_PERMISSION_OPERATION = 5
_MULTI_ITEM_OR_WRITE = 2
_SINGLE_ITEM = 1
# Last template segments of the GET routes that answer a collection (a multi-item query).
_COLLECTIONS = frozenset(
    {
        "columns",
        "drives",
        "items",
        "lists",
        "members",
        "subscriptions",
        "transitiveMembers",
        "versions",
    }
)


def operation_units(key: str) -> int:
    """The RU of one operation on the endpoint key ``key`` (``"GET /sites/{id}/lists"``)."""
    method, _, path = key.partition(" ")
    segments = path.split("/")
    if "permissions" in segments:
        return _PERMISSION_OPERATION
    if method != "GET":
        return _MULTI_ITEM_OR_WRITE
    if segments[-1] == "delta":
        return _SINGLE_ITEM  # with a token: see the module docstring
    if segments[-1] in _COLLECTIONS:
        return _MULTI_ITEM_OR_WRITE
    return _SINGLE_ITEM


def resource_units(by_route: Iterable[tuple[str, int]]) -> int:
    """The estimated RU of ``(endpoint key, operations)`` pairs."""
    return sum(operation_units(key) * count for key, count in by_route)

"""Graph's JSON answers read as plain data, without the SDK's models.

The SDK's models import their whole graph of related models the first time one is parsed:
1,260 modules, about 1.1 s of CPU, for the first driveItem, which every command that saw a
change paid. So the adapter reads the answers of its frequent calls (delta pages, version
histories, listings, sites, columns, group members) here, field by field, as the Graph
resources document them. The requests themselves still go through the SDK's authenticated
pipeline (``GraphGateway.send``: token, middleware, the throttling layer, the link guard).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiota_abstractions.method import Method

from integration.errors import GraphError
from integration.graph.client import GraphGateway

__all__ = ["JsonPage", "entries", "get_json", "instant", "integer", "mapping", "pages", "text"]

_EMPTY: Mapping[str, Any] = {}


def mapping(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else _EMPTY


def text(value: object) -> str | None:
    """A non-empty string, or None."""
    return value if isinstance(value, str) and value else None


def integer(value: object) -> int:
    """A JSON number as an int (0 for anything else)."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def instant(value: object) -> datetime | None:
    """An ISO 8601 timestamp as Graph writes it (``2026-12-01T09:00:00Z``), aware; None if not."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def entries(body: object) -> tuple[Mapping[str, Any], ...]:
    """The JSON objects in a collection's ``value`` (anything else left out)."""
    value = mapping(body).get("value")
    return tuple(e for e in value if isinstance(e, Mapping)) if isinstance(value, list) else ()


@dataclass(frozen=True, slots=True)
class JsonPage:
    """One page of a Graph collection.

    Attributes:
        value: its entries, as Graph sent them (entries that are no JSON objects left out).
        next_link: the ``@odata.nextLink`` to the following page, None on the last.
    """

    value: tuple[Mapping[str, Any], ...]
    next_link: str | None


async def get_json(
    gw: GraphGateway, target: str, *, what: str, headers: dict[str, str] | None = None
) -> Mapping[str, Any]:
    """The JSON object Graph answers to ``GET target`` (a path or a link Graph handed out)."""
    answer = await gw.send(Method.GET, target, what=what, headers=headers)
    return mapping(answer.body)


async def pages(gw: GraphGateway, path: str, *, what: str) -> AsyncGenerator[JsonPage, None]:
    """The pages of the collection at ``path``, following nextLinks while the caller reads.

    A nextLink handed out twice is a loop on Graph's side: ``GraphError`` instead of pages
    without end.
    """
    target: str | None = path
    followed: set[str] = set()
    while target is not None:
        body = await get_json(gw, target, what=what)
        page = JsonPage(entries(body), text(body.get("@odata.nextLink")))
        yield page
        target = page.next_link
        if target is not None and target in followed:
            raise GraphError(f"{what}: Graph handed out a nextLink seen before; stopped")
        followed.add(target or "")

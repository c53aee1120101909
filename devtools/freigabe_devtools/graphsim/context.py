"""What a route handler gets: the tenant, the request, the ids from the path, the caller.

Lookups raise ``GraphProblem`` 404 with Graph's codes, and the OData options (``$top``,
``$select``, ``$expand=fields($select=...)``) are parsed here once for every handler.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from freigabe_devtools.graphsim.ids import parse_etag
from freigabe_devtools.graphsim.messages import GraphProblem, SimRequest
from freigabe_devtools.graphsim.model import Item, Library, Site, TokenGrant
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["Call", "FieldsExpansion"]


@dataclass(frozen=True, slots=True)
class FieldsExpansion:
    """``$expand=fields`` (``wanted``) and its inner ``$select`` (None: all fields)."""

    wanted: bool
    select: frozenset[str] | None = None


def _not_found(message: str) -> GraphProblem:
    return GraphProblem(404, "itemNotFound", message)


@dataclass(frozen=True, slots=True)
class Call:
    """One routed Graph request.

    Attributes:
        tenant: the simulated tenant.
        request: the request as received.
        ids: the ``{id}`` segments of the route template, in order (decoded).
        query: decoded query parameters (``$top``, ``token``, ...).
        grant: the token's application and roles.
    """

    tenant: Tenant
    request: SimRequest
    ids: tuple[str, ...]
    query: Mapping[str, str]
    grant: TokenGrant

    def link(self, path: str, params: Mapping[str, str] | None = None) -> str:
        """An absolute Graph URL on the host the client used, e.g. for ``@odata.nextLink``."""
        tail = f"?{urlencode(params)}" if params else ""
        return f"{self.request.origin}/v1.0{path}{tail}"

    def site(self) -> Site:
        """The site named by the first id."""
        try:
            return self.tenant.site(self.ids[0])
        except KeyError:
            raise _not_found("Requested site could not be found") from None

    def library(self) -> Library:
        """The list (by id or display name) named by the second id, within the site."""
        site = self.site()
        lib = site.libraries.get(self.ids[1]) or site.libraries.get(self.ids[1].lower())
        if lib is None:
            raise _not_found("List not found")
        return lib

    def drive(self) -> Library:
        """The drive named by the first id."""
        lib = self.tenant.drives.get(self.ids[0])
        if lib is None:
            raise _not_found("The drive could not be found")
        return lib

    def list_item(self, lib: Library) -> Item:
        """The live list item named by the third id."""
        raw = self.ids[2]
        item = lib.item_by_number(int(raw)) if raw.isdigit() else None
        if item is None or item.deleted:
            raise _not_found("The resource could not be found.")
        return item

    def drive_item(self, lib: Library) -> Item:
        """The live driveItem named by the second id."""
        item = lib.by_item_id.get(self.ids[1])
        if item is None or item.deleted:
            raise _not_found("The resource could not be found.")
        return item

    def check_if_match(self, item: Item) -> None:
        """412 ``resourceModified`` unless ``If-Match`` is absent, ``*`` or ``item``'s eTag."""
        header = self.request.header("If-Match")
        if header is None or header.strip() == "*":
            return
        if parse_etag(header) != (item.unique_id, item.etag_n):
            raise GraphProblem(
                412,
                "resourceModified",
                "The resource has changed since the caller last read it; usually an eTag mismatch.",
            )

    def top(self, default: int, maximum: int) -> int:
        """``$top`` clamped to ``1..maximum``; 400 when it is not a number."""
        raw = self.query.get("$top")
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) < 1:
            raise GraphProblem(400, "invalidRequest", f"Invalid value '{raw}' for $top.")
        return min(int(raw), maximum)

    def select(self) -> frozenset[str] | None:
        """The names in ``$select``, or None when absent."""
        raw = self.query.get("$select")
        return frozenset(s.strip() for s in raw.split(",") if s.strip()) if raw else None

    def expands(self, relation: str) -> bool:
        """Whether ``$expand`` names ``relation`` (with or without options)."""
        raw = self.query.get("$expand") or self.query.get("expand") or ""
        wanted = relation.lower()
        return any(p.partition("(")[0].strip().lower() == wanted for p in _split_top_level(raw))

    def expand_fields(self) -> FieldsExpansion:
        """Whether ``$expand`` asks for ``fields``, and which."""
        raw = self.query.get("$expand") or self.query.get("expand") or ""
        for part in _split_top_level(raw):
            name, _, inner = part.partition("(")
            if name.strip().lower() != "fields":
                continue
            inner = inner.rstrip(")")
            options = dict(o.split("=", 1) for o in inner.split(";") if "=" in o)
            chosen = options.get("$select") or options.get("select")
            if chosen is None:
                return FieldsExpansion(True)
            return FieldsExpansion(True, frozenset(c.strip() for c in chosen.split(",")))
        return FieldsExpansion(False)


def _split_top_level(raw: str) -> list[str]:
    """Split on commas outside parentheses: ``fields($select=A,B),x`` -> 2 parts."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in raw:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += char == "("
        depth -= char == ")"
        current += char
    if current:
        parts.append(current)
    return [p.strip() for p in parts if p.strip()]

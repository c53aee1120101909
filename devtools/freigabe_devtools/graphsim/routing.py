"""From a raw request path to a route, its endpoint key and the ids in the path.

The SDK percent-encodes path parameters (a site id's ``,`` as ``%2C``, ``host:/path:`` as
``host%3A%2Fsites%2Fx%3A``, a drive id's ``!`` as ``%21``); hand-written URLs often don't.
Both arrive here: each segment is decoded on its own, and an unencoded ``host:/path:`` site
reference spanning several segments is joined back into one. A drive path reference
(``root:/a b.docx:`` or ``{parent-id}:/a b.docx:``, one encoded segment from the SDK or
several from a hand-written URL) becomes the two segments ``root:`` and ``a b.docx:``, which
a template matches with ``root:/{id}:`` or ``{id}:/{id}:``. ``delta()`` (the SDK's spelling)
is ``delta``, and ``/drives/{d}/items/root`` is ``/drives/{d}/root``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import unquote

__all__ = ["Route", "Router", "split_path"]

H = TypeVar("H")


def _join_site_reference(segments: list[str]) -> list[str]:
    """Join ``["sites", "host:", "sites", "x:", ...]`` into ``["sites", "host:/sites/x:", ...]``."""
    if len(segments) < 3 or segments[0] != "sites" or not segments[1].endswith(":"):
        return segments
    if ":/" in segments[1]:
        return segments
    parts = [segments[1]]
    rest = segments[2:]
    while rest:
        part = rest.pop(0)
        parts.append(part)
        if part.endswith(":"):
            break
    return ["sites", parts[0] + "/" + "/".join(parts[1:]), *rest]


def _split_drive_reference(segments: list[str]) -> list[str]:
    """Split a drive path reference into ``root:`` (or ``{id}:``) and ``{name}:``.

    ``["drives", d, "root:/a b.docx:", "content"]`` and the same spread over segments both
    become ``["drives", d, "root:", "a b.docx:", "content"]``; likewise after ``items``.
    """
    if len(segments) < 3 or segments[0] != "drives":
        return segments
    start = 3 if segments[2] == "items" else 2
    if start >= len(segments) or ":" not in segments[start]:
        return segments
    head, sep, tail = "/".join(segments[start:]).partition(":/")
    if not sep:
        return segments
    name, _, after = tail.partition(":")
    if start == 3 and head.lower() == "root":
        start = 2  # items/root:/x: is root:/x:
    return [*segments[:start], f"{head}:", f"{name}:", *(p for p in after.split("/") if p)]


def split_path(raw_path: str) -> list[str]:
    """The decoded, normalised segments of a Graph path below ``/v1.0``."""
    segments = [unquote(s) for s in raw_path.split("/") if s]
    segments = _join_site_reference(segments)
    segments = _split_drive_reference(segments)
    segments = [s[:-2] if s.endswith("()") else s for s in segments]
    if len(segments) >= 4 and segments[0] == "drives" and segments[2:4] == ["items", "root"]:
        segments = [*segments[:2], "root", *segments[4:]]
    return segments


@dataclass(frozen=True, slots=True)
class Route(Generic[H]):
    """A method and a path template; ``{id}`` segments capture ids, ``{id}:`` path parts."""

    method: str
    template: tuple[str, ...]
    handler: H

    @property
    def key(self) -> str:
        """The endpoint key, e.g. ``"GET /sites/{id}/lists/{id}"``."""
        return f"{self.method} /" + "/".join(self.template)

    def match(self, segments: Sequence[str]) -> tuple[str, ...] | None:
        """The captured ids when ``segments`` fit the template, else None."""
        if len(segments) != len(self.template):
            return None
        captured: list[str] = []
        for want, got in zip(self.template, segments, strict=True):
            if want == "{id}":
                captured.append(got)
            elif want == "{id}:":
                if not got.endswith(":"):
                    return None
                captured.append(got[:-1])
            elif want.lower() != got.lower():
                return None
        return tuple(captured)


class Router(Generic[H]):
    """Routes tried in the order added, so literal routes go before ``{id}`` ones."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, int], list[Route[H]]] = {}

    def add(self, method: str, template: str, handler: H) -> None:
        """Register ``handler`` for ``method`` and a template like ``/sites/{id}/lists``."""
        parts = tuple(p for p in template.split("/") if p)
        self._routes.setdefault((method, len(parts)), []).append(Route(method, parts, handler))

    def route(
        self, method: str, segments: Sequence[str]
    ) -> tuple[Route[H], tuple[str, ...]] | None:
        """The first route matching, with its captured ids."""
        for route in self._routes.get((method, len(segments)), ()):
            captured = route.match(segments)
            if captured is not None:
                return route, captured
        return None

    def allows(self, segments: Sequence[str]) -> bool:
        """Whether some method has a route for this path (to tell 405 from 400)."""
        return any(
            route.match(segments) is not None
            for (_, length), routes in self._routes.items()
            if length == len(segments)
            for route in routes
        )

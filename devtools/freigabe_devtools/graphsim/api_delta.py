"""driveItem delta and listItem delta, both answered from the library's change log.

Tokens are opaque, URL-safe and bound to the log's epoch: after ``expire_delta_tokens`` every
older token answers 410 ``resyncRequired`` with a ``Location`` to start over. A token from a
deltaLink starts a new window at its sequence number; a token from a nextLink continues a
window (fixed upper bound, so items changed meanwhile come in the next round, never lost).

SharePoint habits mimicked: a first delta (no token) lists the root and every live file; an
incremental one lists changed files and deleted ones (``deleted`` facet, no ``name``) and, for
driveItems, the root folder too unless the ``deltaExcludeParent`` header (or Prefer) is sent.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.messages import GraphProblem, SimResponse, json_response
from freigabe_devtools.graphsim.model import Item, Library
from freigabe_devtools.graphsim.render import (
    deleted_drive_item_json,
    deleted_list_item_json,
    drive_item_json,
    list_item_json,
    root_json,
)

__all__ = ["drive_delta", "list_delta"]

_PAGE_DEFAULT = 200
_PAGE_MAX = 1000
_CARRIED = ("$top", "$select", "$expand")
_LATEST = "latest"  # the documented token value meaning "from now on"
Json = dict[str, object]


@dataclass(frozen=True, slots=True)
class _Window:
    """Changes ``since+1 .. hi`` of one delta round, continued at ``pos``."""

    full: bool
    since: int
    hi: int
    pos: int
    first: bool


def _encode(*parts: object) -> str:
    text = ".".join(str(p) for p in parts)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _window(call: Call, lib: Library, kind: str, fresh: str) -> _Window | None:
    """The window the request's token asks for; None for ``token=latest``."""
    token = call.query.get("token")
    if token is None:
        return _Window(full=True, since=0, hi=lib.log.head, pos=0, first=True)
    if token == _LATEST:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        parts = text.split(".")
        if parts[0] != kind:
            raise ValueError(kind)
        if parts[1] == "n" and len(parts) == 4:
            epoch, seq = int(parts[2]), int(parts[3])
            window = _Window(full=False, since=seq, hi=lib.log.head, pos=seq, first=True)
        elif parts[1] == "p" and len(parts) == 7:
            full, epoch, since, hi, pos = (int(p) for p in parts[2:])
            window = _Window(full=bool(full), since=since, hi=hi, pos=pos, first=False)
        else:
            raise ValueError(text)
    except (ValueError, IndexError, UnicodeDecodeError):
        raise GraphProblem(400, "invalidRequest", "The delta token is not valid.") from None
    if epoch != lib.log.epoch:
        raise GraphProblem(
            410,
            "resyncRequired",
            "Resync required. Replace any local items with the server's version.",
            headers=[("Location", call.link(fresh))],
        )
    if not 0 <= window.since <= window.pos <= window.hi <= lib.log.head:
        raise GraphProblem(400, "invalidRequest", "The delta token is not valid.")
    return window


def _page(
    call: Call,
    lib: Library,
    kind: str,
    path: str,
    render: Callable[[Item], Json],
    root: Json | None,
) -> SimResponse:
    """One delta page: ``root`` (if given) leads the first page of a non-empty window."""
    window = _window(call, lib, kind, path)
    head = lib.log.head
    params = {k: v for k, v in call.query.items() if k in _CARRIED}
    if window is None:
        link = call.link(path, {**params, "token": _encode(kind, "n", lib.log.epoch, head)})
        return json_response({"value": [], "@odata.deltaLink": link})
    keep: Callable[[Item], bool] | None = (lambda i: not i.deleted) if window.full else None
    top = call.top(_PAGE_DEFAULT, _PAGE_MAX)
    value: list[Json] = []
    if (
        root is not None
        and window.first
        and (window.full or lib.log.has_live(window.since, window.hi, keep))
    ):
        value.append(root)
    items, pos = lib.log.scan(window.pos, window.hi, top - len(value), keep)
    value.extend(render(item) for item in items)
    if pos < window.hi and lib.log.has_live(pos, window.hi, keep):
        token = _encode(kind, "p", int(window.full), lib.log.epoch, window.since, window.hi, pos)
        return json_response(
            {"value": value, "@odata.nextLink": call.link(path, {**params, "token": token})}
        )
    token = _encode(kind, "n", lib.log.epoch, window.hi)
    return json_response(
        {"value": value, "@odata.deltaLink": call.link(path, {**params, "token": token})}
    )


def _excludes_parent(call: Call) -> bool:
    if call.request.header("deltaExcludeParent") is not None:
        return True
    return "deltaexcludeparent" in (call.request.header("Prefer") or "").lower()


def _selected(body: Json, select: frozenset[str] | None) -> Json:
    if select is None:
        return body
    keep = select | {"id", "deleted"}
    return {k: v for k, v in body.items() if k in keep}


def drive_delta(call: Call) -> SimResponse:
    """``GET /drives/{d}/root/delta`` (also ``/items/root/delta()``)."""
    lib = call.drive()
    select = call.select()

    def render(item: Item) -> Json:
        if item.deleted:
            return deleted_drive_item_json(lib, item)
        return _selected(drive_item_json(lib, item, call.tenant.quirks), select)

    root = None if _excludes_parent(call) else _selected(root_json(lib), select)
    return _page(call, lib, "d", f"/drives/{lib.drive_id}/root/delta", render, root)


def list_delta(call: Call) -> SimResponse:
    """``GET /sites/{s}/lists/{l}/items/delta`` (also ``delta()``)."""
    lib = call.library()
    quirks = call.tenant.quirks
    expand = call.expand_fields()
    with_fields = expand.wanted and quirks.list_item_delta_fields
    # the same quirk switch covers the driveItem expansion: both are what `check` probes
    with_drive_item = call.expands("driveItem") and quirks.list_item_delta_fields

    def render(item: Item) -> Json:
        if item.deleted:
            return deleted_list_item_json(item)
        body = list_item_json(lib, item, quirks, fields=with_fields, select=expand.select)
        if with_drive_item:
            body["driveItem"] = drive_item_json(lib, item, quirks)
        return body

    path = f"/sites/{lib.site.id}/lists/{lib.list_id}/items/delta"
    return _page(call, lib, "l", path, render, None)

"""Graph request paths reduced to endpoint templates, the ``endpoint`` label of the metrics.

``/v1.0/drives/b%21x/items/root/delta()`` becomes ``GET /drives/{id}/root/delta``: the same
keys the simulator counts under, so its figures and the worker's can be compared. Every
segment that is not one of Graph's resource names is an id, which keeps the number of label
values bounded by the number of endpoints, not of documents. A path outside the versioned API
is a pre-authenticated download URL that ``/content`` redirected to: ``GET (download)``.
"""

from __future__ import annotations

from urllib.parse import unquote

__all__ = ["endpoint_key"]

_RESOURCES = {
    name.lower(): name
    for name in (
        "$batch",
        "children",
        "columns",
        "content",
        "delta",
        "drive",
        "driveItem",
        "drives",
        "fields",
        "groups",
        "items",
        "listItem",
        "lists",
        "members",
        "root",
        "sendMail",
        "sites",
        "subscriptions",
        "transitiveMembers",
        "users",
        "versions",
    )
}
_VERSIONS = {"v1.0", "beta"}


def _without_site_paths(segments: list[str]) -> list[str]:
    """Fold an unencoded ``host:/sites/x:`` site reference, split by its slashes, into one."""
    out: list[str] = []
    rest = iter(segments)
    for segment in rest:
        if segment.endswith(":") and out[-1:] == ["sites"]:
            for part in rest:
                if part.endswith(":"):
                    break
        out.append(segment)
    return out


def endpoint_key(method: str, path: str) -> str:
    """``METHOD /template`` for a Graph request path (query already removed)."""
    segments = [s.removesuffix("()") for s in path.split("/") if s]
    if not segments or segments[0] not in _VERSIONS:
        return f"{method.upper()} (download)"
    segments = segments[1:]
    template = [_RESOURCES.get(unquote(s).lower(), "{id}") for s in _without_site_paths(segments)]
    if template[:1] == ["drives"] and template[2:4] == ["items", "root"]:
        # Graph's alias: /drives/{d}/items/root is /drives/{d}/root
        template = template[:2] + template[3:]
    return f"{method.upper()} /" + "/".join(template)

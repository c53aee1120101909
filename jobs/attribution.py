"""Who set a column: read from the list item's version history, never from "modified by".

The current "modified by" names whoever touched the item last, which may be the service or a
person editing another column. The version history shows for each column the version in which
it took its current value, and so the person who set it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from approval import Actor, principal_key
from approval.documents import FieldValue
from integration.graph.client import GraphGateway
from integration.graph.listitems import group_member_keys, item_versions
from integration.state.records import ResolvedLibrary

__all__ = ["Attributor", "as_text"]


def as_text(value: FieldValue) -> str | None:
    """A field value as the release process compares it: text, or None when empty."""
    if value is None:
        return None
    if isinstance(value, list):
        text = ", ".join(value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    return text if text.strip() else None


def _same(a: FieldValue, b: str | None) -> bool:
    return (as_text(a) or "").strip() == (b or "").strip()


class Attributor:
    """Attributes changed columns to people, and knows their configured Entra groups.

    Group memberships are read once per instance (one request per configured group), and
    only when an attribution actually needs them.
    """

    def __init__(self, gateway: GraphGateway, groups: frozenset[str]) -> None:
        self._gw = gateway
        self._groups = groups
        self._members: dict[str, frozenset[str]] | None = None

    async def _groups_of(self, principal: str) -> frozenset[str]:
        if not self._groups:
            return frozenset()
        if self._members is None:
            self._members = {}
            for gid in sorted(self._groups):
                keys = await group_member_keys(self._gw, gid)
                self._members[gid] = frozenset(principal_key(k) for k in keys)
        key = principal_key(principal)
        return frozenset(gid for gid, keys in self._members.items() if key in keys)

    async def actors(
        self,
        lib: ResolvedLibrary,
        list_item_id: str,
        columns: Collection[str],
        current: Mapping[str, str | None],
    ) -> dict[str, Actor]:
        """column -> the person who gave it its current value (one versions request)."""
        if not columns:
            return {}
        versions = await item_versions(self._gw, lib, list_item_id)
        out: dict[str, Actor] = {}
        for column in columns:
            setter = None
            for version in versions:  # newest first: walk back while the value is unchanged
                if not _same(version.fields.get(column), current.get(column)):
                    break
                setter = version
            if setter is None or not setter.principal or setter.principal.startswith("app:"):
                continue  # the service's own value, or history too short: unattributed
            groups = await self._groups_of(setter.principal)
            out[column] = Actor(setter.principal, groups, setter.modified_at)
        return out

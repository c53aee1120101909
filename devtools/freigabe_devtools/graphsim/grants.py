"""Application permissions of the simulated tenant: tenant-wide app roles and per-site grants.

``Sites.Selected`` gives an application nothing by itself; an administrator grants it a role
on single sites (``POST /sites/{id}/permissions``). The ``Sites.*.All`` roles reach every site
at a fixed level. Levels are ordered: read < write < manage < fullcontrol. Reading users and
groups of the directory needs directory roles of its own (``USER_READ_ROLES``,
``GROUP_READ_ROLES``), as Microsoft Learn lists them for ``GET /users/{id}`` and
``GET /groups/{id}/members``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "GROUP_READ_ROLES",
    "LEVELS",
    "SITES_SELECTED",
    "TENANT_WIDE",
    "USER_READ_ROLES",
    "SiteGrant",
    "SiteGrants",
    "level_rank",
]

LEVELS = ("read", "write", "manage", "fullcontrol")
SITES_SELECTED = "Sites.Selected"
TENANT_WIDE = {
    "Sites.Read.All": "read",
    "Sites.ReadWrite.All": "write",
    "Sites.Manage.All": "manage",
    "Sites.FullControl.All": "fullcontrol",
}
USER_READ_ROLES = frozenset(
    {
        "User.ReadBasic.All",
        "User.Read.All",
        "User.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)
"""Any of these lets an application read users (and group members' properties)."""
GROUP_READ_ROLES = frozenset(
    {
        # Microsoft Learn "List group members" (2025): least privileged GroupMember.ReadBasic.All
        "GroupMember.ReadBasic.All",
        "GroupMember.Read.All",
        "GroupMember.ReadWrite.All",
        "Group.ReadBasic.All",
        "Group.Read.All",
        "Group.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)
"""Any of these lets an application read groups and their members."""


def level_rank(level: str) -> int:
    """The position of ``level`` in :data:`LEVELS`; ValueError for an unknown role name."""
    try:
        return LEVELS.index(level.lower())
    except ValueError:
        raise ValueError(f"unknown site role {level!r} (one of {', '.join(LEVELS)})") from None


@dataclass(frozen=True, slots=True)
class SiteGrant:
    """One site permission of an application, as ``/sites/{id}/permissions`` lists it.

    Attributes:
        id: the permission's id.
        site_id: the composite id of the site.
        app_id: the application (client) id granted.
        app_name: its display name.
        roles: the granted roles (``read``, ``write``, ``manage``, ``fullcontrol``).
    """

    id: str
    site_id: str
    app_id: str
    app_name: str
    roles: tuple[str, ...]


class SiteGrants:
    """The per-site grants of every application, by site id."""

    def __init__(self) -> None:
        self._by_site: dict[str, list[SiteGrant]] = {}

    def add(
        self, grant_id: str, site_id: str, app_id: str, app_name: str, roles: Iterable[str]
    ) -> SiteGrant:
        """Record a grant; ValueError when a role is unknown or none is given."""
        chosen = tuple(r.lower() for r in roles)
        if not chosen:
            raise ValueError("a site grant needs at least one role")
        for role in chosen:
            level_rank(role)
        grant = SiteGrant(grant_id, site_id, app_id, app_name, chosen)
        self._by_site.setdefault(site_id, []).append(grant)
        return grant

    def update(self, site_id: str, grant_id: str, roles: Iterable[str]) -> SiteGrant:
        """Replace the roles of one grant; KeyError when the site has no such grant."""
        chosen = tuple(r.lower() for r in roles)
        if not chosen:
            raise ValueError("a site grant needs at least one role")
        for role in chosen:
            level_rank(role)
        grants = self._by_site.get(site_id, [])
        for index, grant in enumerate(grants):
            if grant.id == grant_id:
                grants[index] = SiteGrant(grant.id, site_id, grant.app_id, grant.app_name, chosen)
                return grants[index]
        raise KeyError(grant_id)

    def of_site(self, site_id: str) -> list[SiteGrant]:
        """The grants on a site, oldest first."""
        return list(self._by_site.get(site_id, ()))

    def level(self, site_id: str, app_id: str, app_roles: Iterable[str]) -> int:
        """The highest level rank the application holds on the site; -1 for none.

        ``app_roles`` are the token's app roles: a ``Sites.*.All`` role counts on every site,
        a grant only with ``Sites.Selected``.
        """
        roles = tuple(app_roles)
        best = max((level_rank(TENANT_WIDE[r]) for r in roles if r in TENANT_WIDE), default=-1)
        if SITES_SELECTED in roles:
            for grant in self._by_site.get(site_id, ()):
                if grant.app_id == app_id:
                    best = max(best, *(level_rank(r) for r in grant.roles))
        return best

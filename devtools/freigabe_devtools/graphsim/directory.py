"""Users, groups and application tokens of the simulated tenant (the Entra side)."""

from __future__ import annotations

from collections.abc import Iterable

from freigabe_devtools.graphsim.ids import IdFactory
from freigabe_devtools.graphsim.model import Group, Principal, TokenGrant

__all__ = ["APP_LOOKUP_ID", "DEFAULT_TOKEN", "Directory", "guest_mail"]

DEFAULT_TOKEN = "sim-token"  # noqa: S105 - the simulator's well-known fake bearer token
APP_LOOKUP_ID = 1073741822
"""SharePoint's user-list id of "SharePoint App", the editor of every app-only write."""


def guest_mail(upn: str) -> str:
    """The mail address behind a user principal name (guests: ``x_gmail.com#EXT#@...``)."""
    local, sep, _ = upn.partition("#EXT#")
    if sep and "_" in local:
        user, _, domain = local.rpartition("_")
        return f"{user}@{domain}"
    return upn


class Directory:
    """Lookup of principals by UPN, id or application name, and of tokens."""

    def __init__(self, ids: IdFactory) -> None:
        self._ids = ids
        self._users: dict[str, Principal] = {}  # lower-case UPN
        self._by_id: dict[str, Principal] = {}  # users and apps
        self._apps: dict[str, Principal] = {}  # lower-case app name
        self.groups: dict[str, Group] = {}
        self.tokens: dict[str, TokenGrant] = {}
        self._next_lookup = 7  # SharePoint's first ids belong to system accounts

    def add_user(
        self, upn: str, display_name: str, *, mail: str | None = None, user_id: str | None = None
    ) -> Principal:
        """Create a user; a UPN that exists already is an error."""
        if upn.lower() in self._users:
            raise ValueError(f"user {upn!r} exists already")
        user = Principal(
            kind="user",
            id=user_id or self._ids.guid(),
            display_name=display_name,
            upn=upn,
            email=mail or guest_mail(upn),
            lookup_id=self._next_lookup,
        )
        self._next_lookup += 1
        self._users[upn.lower()] = user
        self._by_id[user.id] = user
        return user

    def add_group(
        self, display_name: str, members: Iterable[str], *, group_id: str | None = None
    ) -> Group:
        """Create a group of existing users (given by UPN)."""
        upns = tuple(self.user(m).upn or m for m in members)
        group = Group(id=group_id or self._ids.guid(), display_name=display_name, members=upns)
        self.groups[group.id] = group
        return group

    def add_token(
        self,
        token: str,
        *,
        roles: Iterable[str] = ("Sites.ReadWrite.All",),
        app_id: str | None = None,
        app_name: str = "freigabe",
    ) -> TokenGrant:
        """Make ``token`` a valid bearer token of application ``app_name``."""
        app = self._apps.get(app_name.lower())
        if app is None or (app_id is not None and app.id != app_id):
            app = Principal(
                kind="application",
                id=app_id or self._ids.guid(),
                display_name=app_name,
                lookup_id=APP_LOOKUP_ID,
            )
            self._apps[app_name.lower()] = app
            self._by_id[app.id] = app
        grant = TokenGrant(app=app, roles=tuple(roles))
        self.tokens[token] = grant
        return grant

    def user(self, upn_or_id: str) -> Principal:
        """The user with this UPN (any case) or object id; KeyError if unknown."""
        found = self._users.get(upn_or_id.lower()) or self._by_id.get(upn_or_id)
        if found is None or found.kind != "user":
            raise KeyError(f"unknown user {upn_or_id!r}")
        return found

    def principal(self, by: str | Principal) -> Principal:
        """Resolve ``by``: a Principal, a user's UPN or id, or ``app:<application name>``."""
        if isinstance(by, Principal):
            return by
        if by.startswith("app:"):
            app = self._apps.get(by.removeprefix("app:").lower())
            if app is None:
                raise KeyError(f"unknown application {by!r}")
            return app
        return self.user(by)

    def users(self) -> list[Principal]:
        """All users in creation order."""
        return list(self._users.values())

    def members(self, group_id: str) -> list[Principal]:
        """The users of a group; KeyError if the group is unknown."""
        return [self.user(upn) for upn in self.groups[group_id].members]

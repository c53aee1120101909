"""Who set a column: read from the list item's version history, never from "modified by".

The current "modified by" names whoever touched the item last, which may be the service or a
person editing another column. The version history shows for each column the version in which
it took its current value, and so the person who set it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime

import structlog

from approval import Actor, principal_key
from approval.documents import FieldValue, as_text
from integration.errors import AccessDenied
from ports.directory import GroupMembers
from ports.documents import Identity, ItemVersion
from ports.libraries import ResolvedLibrary
from ports.sharepoint import SharePoint

__all__ = ["Attribution", "Attributor"]

log = structlog.get_logger("freigabe.attribution")


def _same(a: FieldValue, b: str | None) -> bool:
    return (as_text(a) or "").strip() == (b or "").strip()


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who gave the changed columns their current values.

    Attributes:
        actors: column -> the person who set it.
        own: columns the service itself set (its values came back without the state knowing
            them, e.g. after an older state file was restored): not a person's change.
    """

    actors: Mapping[str, Actor]
    own: frozenset[str] = frozenset()


class Attributor:
    """Attributes changed columns to people, named as the configuration names them.

    SharePoint names a person by Entra object id and mail address, never by user principal
    name (``integration.graph.identities``). So the configured principal names are resolved
    to object ids once per instance (one ``$batch`` per 20 names), and a person whose id is
    one of them is named by their configured name; anyone else by their mail address (which
    still matches a configured name equal to it, e.g. when the directory may not be read).
    Group memberships are read once per instance (one request per configured group), and
    compared by object id. Both happen only when an attribution actually needs them.

    A value set by an application is the service's own when the application is
    ``own_app_id``, or names no application id (the user-only "SharePoint App" capture), or
    when the service does not know its own id (managed identity without a configured id):
    app-only writes to these columns are freigabe's business. Another application's value
    stays unattributed, so the release process refuses it as any unknown author.
    """

    def __init__(
        self,
        sharepoint: SharePoint,
        people: frozenset[str],
        groups: frozenset[str],
        *,
        own_app_id: str | None = None,
    ) -> None:
        self._sharepoint = sharepoint
        self._people = people
        self._groups = groups
        self._own_app = own_app_id.casefold() if own_app_id else None
        self._by_id: dict[str, str] | None = None
        self._resolved: frozenset[str] = frozenset()
        self._members: dict[str, GroupMembers] | None = None

    async def _directory(self) -> dict[str, str]:
        """Object id -> configured principal name, for every configured name that exists."""
        if self._by_id is None:
            try:
                users = await self._sharepoint.resolve_users(sorted(self._people))
            except AccessDenied as err:
                # Matching falls back to mail addresses; check and probe name the permission.
                log.warning("attribution.directory_unreadable", error=str(err))
                users = {}
            self._by_id = {user.id: upn for upn, user in users.items()}
            self._resolved = frozenset(principal_key(upn) for upn in users)
        return self._by_id

    async def _groups_of(self, person: Identity) -> frozenset[str]:
        if not self._groups:
            return frozenset()
        if self._members is None:
            self._members = {
                g: await self._sharepoint.group_members(g) for g in sorted(self._groups)
            }
        uid = (person.id or "").casefold()
        mail = (person.email or "").casefold()
        return frozenset(
            gid
            for gid, members in self._members.items()
            if (uid and uid in members.ids) or (mail and mail in members.keys)
        )

    async def actor(self, author: Identity | None, at: datetime | None) -> Actor | None:
        """The person behind ``author`` as the release process compares them; None for an
        application (the service itself, or another app) or an identity naming nobody."""
        if author is None or author.kind != "person":
            return None
        by_id = await self._directory()
        principal = by_id.get((author.id or "").casefold())
        if principal is None and author.email:
            # A mail address equal to a configured name that belongs to someone else's id
            # must not pass for that person.
            taken = author.id and principal_key(author.email) in self._resolved
            principal = author.id if taken else author.email
        principal = principal or author.id
        if principal is None:
            return None
        return Actor(principal, await self._groups_of(author), at)

    def _is_own(self, author: Identity | None) -> bool:
        if author is None or author.kind != "app":
            return False
        return self._own_app is None or author.id is None or author.id.casefold() == self._own_app

    async def actors(
        self,
        lib: ResolvedLibrary,
        list_item_id: str,
        columns: Collection[str],
        current: Mapping[str, str | None],
    ) -> Attribution:
        """Who gave each of ``columns`` its current value.

        The version history is read newest first, page by page, only as far back as the
        oldest of the columns' current values reaches.
        """
        if not columns:
            return Attribution({})
        pending = set(columns)
        setters: dict[str, ItemVersion] = {}
        async with aclosing(self._sharepoint.item_versions(lib, list_item_id)) as versions:
            async for version in versions:  # walk back while each value is unchanged
                for column in list(pending):
                    if _same(version.fields.get(column), current.get(column)):
                        setters[column] = version
                    else:
                        pending.discard(column)
                if not pending:
                    break
        out: dict[str, Actor] = {}
        own: set[str] = set()
        for column, setter in setters.items():
            if self._is_own(setter.author):
                own.add(column)
                continue
            actor = await self.actor(setter.author, setter.modified_at)
            if actor is not None:  # another app's value, or nobody named: unattributed
                out[column] = actor
        return Attribution(out, frozenset(own))

"""The Entra side of attribution: configured people by object id, and group members' ids.

Votes are attributed by Entra object id (``identities.py``), while the configuration names
people by user principal name. ``resolve_users`` maps those names to ids with
``GET /users/{upn}`` (Microsoft Learn, "Get user": least privileged application permission
``User.Read.All``; ``User.ReadBasic.All`` where the tenant accepts it app-only, which
``freigabe probe`` shows), twenty to a ``$batch``. A guest's ``#`` must be sent as ``%23``
("Get user", tip on guest principal names).

Under ``GroupMember.Read.All`` alone, group members come with their ``id`` and ``@odata.type``
only ("limited information", Microsoft Learn "List group members"; pnp/powershell#5069), so
membership is a set of object ids; mail and principal name are kept as well when the app may
read them. Members page at 100 by default and 999 at most (``$top``), with nextLinks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import aclosing
from typing import Any
from urllib.parse import quote

from integration.graph.answers import pages
from integration.graph.batch import BatchRequest, send_batches
from integration.graph.client import GraphGateway
from ports.directory import DirectoryUser, GroupMembers

__all__ = ["group_members", "resolve_users"]

_MEMBERS_PAGE = 999


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


async def resolve_users(gw: GraphGateway, upns: Iterable[str]) -> dict[str, DirectoryUser]:
    """The directory entry of each principal name that exists, keyed by the name as given.

    Raises ``AccessDenied`` when the app may not read users at all, so the caller can say which
    permission is missing; a name without a user is simply absent.
    """
    names = list(dict.fromkeys(u for u in upns if u.strip()))
    requests = [
        BatchRequest(
            id=str(n),
            url=f"/users/{quote(upn, safe='@')}?$select=id,userPrincipalName,mail",
        )
        for n, upn in enumerate(names)
    ]
    answers = await send_batches(gw, requests) if requests else {}
    out: dict[str, DirectoryUser] = {}
    for n, upn in enumerate(names):
        resp = answers.get(str(n))
        if resp is None or resp.status == 404:
            continue
        if (err := resp.error(f"directory entry of {upn}")) is not None:
            raise err
        body: Mapping[str, Any] = resp.body if isinstance(resp.body, Mapping) else {}
        uid = _text(body.get("id"))
        if uid is not None:
            out[upn] = DirectoryUser(
                uid.casefold(), _text(body.get("userPrincipalName")) or upn, _text(body.get("mail"))
            )
    return out


async def group_members(gw: GraphGateway, group_id: str) -> GroupMembers:
    """Every transitive member of a group, following nextLinks to the last page."""
    path = (
        f"/groups/{quote(group_id, safe='')}/transitiveMembers"
        f"?$select=id,userPrincipalName,mail&$top={_MEMBERS_PAGE}"
    )
    ids: set[str] = set()
    keys: set[str] = set()
    async with aclosing(pages(gw, path, what=f"members of group {group_id}")) as reading:
        async for page in reading:
            for member in page.value:
                if member_id := _text(member.get("id")):
                    ids.add(member_id.casefold())
                for value in (member.get("userPrincipalName"), member.get("mail")):
                    if known := _text(value):
                        keys.add(known.casefold())
    return GroupMembers(frozenset(ids), frozenset(keys))

"""The people and groups of Entra ID, as attribution compares them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DirectoryUser", "GroupMembers"]


@dataclass(frozen=True, slots=True)
class DirectoryUser:
    """A user as Entra ID knows them.

    Attributes:
        id: the object id, case-folded.
        upn: the user principal name.
        mail: the mail address, if the user has one.
    """

    id: str
    upn: str
    mail: str | None = None


@dataclass(frozen=True, slots=True)
class GroupMembers:
    """The transitive members of a group.

    Attributes:
        ids: their object ids, case-folded (always known).
        keys: their mail addresses and principal names, case-folded, when Graph gave them.
    """

    ids: frozenset[str]
    keys: frozenset[str] = frozenset()

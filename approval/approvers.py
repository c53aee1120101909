"""Who may act for which organisation: approvers, deputies, and the steering group.

Principals are compared by ``principal_key``: user principal names are case-insensitive, and
a guest's ``#EXT#`` name is reduced to the external address the guest was invited with, so the
configuration may list either form. Entra group membership is resolved by the caller into the
set of group ids a person belongs to; this module only compares ids.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

__all__ = ["Approvers", "Deputy", "Principals", "principal_key"]

_GUEST_MARK = "#ext#@"


def principal_key(principal: str) -> str:
    """The comparable form of a user principal name.

    ``Anna.Muster_verband-a.de#EXT#@alliance.onmicrosoft.com`` and ``anna.muster@verband-a.de``
    give the same key. The last underscore before ``#EXT#`` separates local part and domain,
    because a domain name cannot contain one.
    """
    key = principal.strip().casefold()
    head, mark, _tenant = key.partition(_GUEST_MARK)
    if not mark:
        return key
    local, underscore, domain = head.rpartition("_")
    return f"{local}@{domain}" if underscore and local and domain else key


@dataclass(frozen=True, slots=True)
class Deputy:
    """A further approver for a limited time.

    Attributes:
        principal: the deputy's user principal name (or a guest's invited address).
        valid_from: first instant the deputy may act; None means always before ``valid_until``.
        valid_until: first instant the deputy may no longer act; None means open-ended.
    """

    principal: str
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def __post_init__(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError(f"deputy period of {self.principal!r} ends before it starts")

    def covers(self, at: datetime) -> bool:
        """True when the deputy may act at ``at`` (``valid_from <= at < valid_until``)."""
        started = self.valid_from is None or self.valid_from <= at
        return started and (self.valid_until is None or at < self.valid_until)


@dataclass(frozen=True, slots=True)
class Principals:
    """A set of people: named users, members of Entra groups, and deputies.

    Attributes:
        users: user principal names; stored as ``principal_key`` values.
        groups: Entra group object ids; stored case-folded.
        deputies: further users, each with an optional validity period.
    """

    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    deputies: tuple[Deputy, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "users", frozenset(principal_key(u) for u in self.users))
        object.__setattr__(self, "groups", frozenset(g.strip().casefold() for g in self.groups))

    def includes(self, principal: str, groups: Collection[str], at: datetime) -> bool:
        """True when ``principal`` (member of ``groups``) belongs to this set at ``at``."""
        if not principal.strip():
            return False
        key = principal_key(principal)
        if key in self.users:
            return True
        if any(g.strip().casefold() in self.groups for g in groups):
            return True
        return any(principal_key(d.principal) == key and d.covers(at) for d in self.deputies)


@dataclass(frozen=True, slots=True)
class Approvers:
    """The approvers of each organisation and the members of the steering group.

    Attributes:
        by_org: organisation code -> the people who may set its vote (and, for the lead
            organisation, withdraw a submission).
        steering: the steering group (Lenkungskreis), who may withdraw any document.
    """

    by_org: Mapping[str, Principals]
    steering: Principals = Principals()

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_org", MappingProxyType(dict(self.by_org)))

    def is_authorised(
        self, org: str, voter: str, voter_groups: Collection[str], at: datetime
    ) -> bool:
        """True when ``voter`` may act for ``org`` at ``at``; unknown organisations have none."""
        approvers = self.by_org.get(org)
        return approvers is not None and approvers.includes(voter, voter_groups, at)

    def is_steering(self, person: str, groups: Collection[str], at: datetime) -> bool:
        """True when ``person`` belongs to the steering group at ``at``."""
        return self.steering.includes(person, groups, at)

"""The member organisations of the alliance and who votes for each."""

from __future__ import annotations

from pydantic import model_validator

from config.base import Section
from config.fields import Guid, OrgCode, Text, Upn, reject
from config.process import DeputySettings

__all__ = ["OrganisationSettings"]


class OrganisationSettings(Section):
    """One member organisation; it has exactly one vote, cast by any of its approvers.

    Attributes:
        code: short code, also the suffix of its vote column (``Votum_DWV``).
        name: full name, shown in notifications.
        approvers: user principal names of its approvers, lower-cased.
        groups: ids of Entra groups whose members approve for it, lower-cased.
        deputies: further approvers, each optionally for a limited period.
    """

    code: OrgCode
    name: Text
    approvers: tuple[Upn, ...] = ()
    groups: tuple[Guid, ...] = ()
    deputies: tuple[DeputySettings, ...] = ()

    @model_validator(mode="after")
    def _has_voters(self) -> OrganisationSettings:
        findings: list[tuple[tuple[str | int, ...], str]] = []
        if not self.approvers and not self.groups and not self.deputies:
            findings.append(((), "needs at least one approver or group"))
        for field, values in (("approvers", self.approvers), ("groups", self.groups)):
            findings.extend(
                ((field, index), "listed twice")
                for index, value in enumerate(values)
                if value in values[:index]
            )
        reject("OrganisationSettings", findings)
        return self

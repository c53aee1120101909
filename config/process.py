"""How the alliance runs its release process: decision rule, deadlines, steering group, leads."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, model_validator

from config.base import Section
from config.fields import CaseInsensitive, Guid, OrgCode, Text, Upn, reject

__all__ = [
    "DeputySettings",
    "LeadSettings",
    "OnEditChoice",
    "ProcessSettings",
    "RejectionChoice",
    "RuleKindChoice",
    "RuleSettings",
    "SilenceChoice",
    "SteeringSettings",
]


class RuleKindChoice(StrEnum):
    CONSENSUS = "consensus"
    MAJORITY = "majority"
    QUORUM = "quorum"


class SilenceChoice(StrEnum):
    CONSENT = "consent"
    ABSTAIN = "abstain"
    BLOCK = "block"


class RejectionChoice(StrEnum):
    IMMEDIATELY = "immediately"
    AT_DEADLINE = "at_deadline"


class OnEditChoice(StrEnum):
    RESTART = "restart"
    FREEZE = "freeze"


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(
            f"unknown time zone (use an IANA name like Europe/Berlin): {err}"
        ) from None
    return name


class RuleSettings(Section):
    """The decision rule (see ``approval.rules``).

    Attributes:
        kind: consensus (every organisation voted, at least one Zustimmung, no Ablehnung),
            majority, or quorum.
        quorum: share of all organisations that must vote themselves (kind quorum only).
        veto: with majority or quorum, one Ablehnung prevents the release.
        silence: what not voting by the deadline counts as: consent, abstain or block.
        rejection: a round that can no longer pass ends immediately or at the deadline.
        on_edit: a content edit during a round restarts it, or the round stays on the
            voted content (freeze).
    """

    kind: Annotated[RuleKindChoice, CaseInsensitive] = RuleKindChoice.CONSENSUS
    quorum: float = Field(default=0.5, gt=0, le=1)
    veto: bool = True
    silence: Annotated[SilenceChoice, CaseInsensitive] = SilenceChoice.BLOCK
    rejection: Annotated[RejectionChoice, CaseInsensitive] = RejectionChoice.AT_DEADLINE
    on_edit: Annotated[OnEditChoice, CaseInsensitive] = OnEditChoice.RESTART


class DeputySettings(Section):
    """A further approver of an organisation, optionally for a limited period."""

    upn: Upn
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    @model_validator(mode="after")
    def _period(self) -> DeputySettings:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            reject("DeputySettings", [(("valid_until",), "must lie after valid_from")])
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                reject("DeputySettings", [((name,), "needs a time zone offset, e.g. +01:00")])
        return self


class LeadSettings(Section):
    """One row of the steering group's table: ``lead`` leads ``activity`` in a period."""

    activity: Text
    lead: OrgCode
    valid_from: date
    valid_until: date | None = None

    @model_validator(mode="after")
    def _period(self) -> LeadSettings:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            reject("LeadSettings", [(("valid_until",), "must not lie before valid_from")])
        return self


class SteeringSettings(Section):
    """The steering group (Lenkungskreis): may withdraw any document."""

    approvers: tuple[Upn, ...] = ()
    groups: tuple[Guid, ...] = ()


class ProcessSettings(Section):
    """The release process of the alliance.

    Attributes:
        rule: the decision rule for every library (a library may override it).
        vote_period_days: days from submission to the deadline.
        timezone: the alliance's time zone (deadlines, the leadership table, schedules).
        steering_group: the Lenkungskreis.
        leadership: which organisation leads which activity, and when.
    """

    rule: RuleSettings = RuleSettings()
    vote_period_days: int = Field(default=14, ge=1, le=365)
    timezone: Annotated[str, AfterValidator(_time_zone)] = "Europe/Berlin"
    steering_group: SteeringSettings = SteeringSettings()
    leadership: tuple[LeadSettings, ...] = ()

"""The release policy of a library, built from the configuration."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from approval import (
    Approvers,
    Columns,
    DecisionRule,
    Deputy,
    LeadAssignment,
    LeadershipTable,
    OnEdit,
    Policy,
    Principals,
    RejectionTiming,
    RuleKind,
    Silence,
)
from config import LibrarySettings, Settings
from config.process import RuleSettings
from integration.errors import ConfigError, Problem

__all__ = ["columns_of", "configured_groups", "configured_people", "policy_for"]


def columns_of(settings: Settings) -> Columns:
    c = settings.columns
    return Columns(
        status=c.status,
        lead=c.lead,
        vote_prefix=c.vote_prefix,
        version_under_vote=c.version_under_vote,
        deadline=c.deadline,
        public_link=c.public_link,
        protocol=c.protocol,
        activity=c.activity,
        required=tuple(c.required),
    )


def _rule(rule: RuleSettings) -> DecisionRule:
    return DecisionRule(
        kind=RuleKind(rule.kind.value),
        quorum=Fraction(rule.quorum).limit_denominator(1000),
        veto=rule.veto,
        silence=Silence(rule.silence.value),
        rejection=RejectionTiming(rule.rejection.value),
        on_edit=OnEdit(rule.on_edit.value),
    )


def configured_groups(settings: Settings) -> frozenset[str]:
    """Every Entra group id the configuration names (organisations and steering group)."""
    groups = {g for org in settings.organisations for g in org.groups}
    return frozenset(groups | set(settings.process.steering_group.groups))


def configured_people(settings: Settings) -> frozenset[str]:
    """Every person the configuration names: approvers, deputies, the steering group."""
    people = {upn for org in settings.organisations for upn in org.approvers}
    people |= {d.upn for org in settings.organisations for d in org.deputies}
    return frozenset(people | set(settings.process.steering_group.approvers))


def policy_for(settings: Settings, library: LibrarySettings) -> Policy:
    """The policy of ``library``; a ``ConfigError`` when the tables contradict each other."""
    process = settings.process
    by_org = {
        org.code: Principals(
            users=frozenset(org.approvers),
            groups=frozenset(org.groups),
            deputies=tuple(Deputy(d.upn, d.valid_from, d.valid_until) for d in org.deputies),
        )
        for org in settings.organisations
    }
    steering = Principals(
        users=frozenset(process.steering_group.approvers),
        groups=frozenset(process.steering_group.groups),
    )
    try:
        leadership = LeadershipTable(
            tuple(
                LeadAssignment(row.activity, row.lead, row.valid_from, row.valid_until)
                for row in process.leadership
            )
        )
    except ValueError as err:
        raise ConfigError([Problem("process.leadership", str(err))]) from None
    unknown = sorted({row.lead for row in process.leadership} - set(settings.org_codes))
    if unknown:
        raise ConfigError(
            [Problem("process.leadership", f"names unknown organisations: {', '.join(unknown)}")]
        )
    return Policy(
        organisations=settings.org_codes,
        approvers=Approvers(by_org, steering),
        columns=columns_of(settings),
        rule=_rule(library.rule or process.rule),
        leadership=leadership,
        vote_period=timedelta(days=process.vote_period_days),
        timezone=ZoneInfo(process.timezone),
        language=settings.language.value,
    )

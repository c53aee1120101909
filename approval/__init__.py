"""The release process (Freigabeprozess) as pure policy: standard library only.

Frozen values in, decisions and effects out; time is always passed in. The adapters observe
documents, call ``step`` and apply the effects; ``decide`` is the decision rule on its own.
"""

from approval.approvers import Approvers, Deputy, Principals, principal_key
from approval.columns import Columns, format_instant, is_blank, parse_instant
from approval.decide import Decision, Pending, Reason, Rejected, Released, Tally, decide
from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
    FieldValue,
)
from approval.effects import (
    Effect,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    Publish,
    RecordAudit,
    RevertReason,
    SetFields,
    StartRound,
    UpdateRound,
    Withdraw,
)
from approval.leadership import (
    Contradiction,
    LeadAssignment,
    LeadCheck,
    LeadConfirmed,
    LeadContradiction,
    LeadershipTable,
    LeadFilledIn,
    LeadMissing,
)
from approval.observation import Actor, Observation
from approval.policy import Policy
from approval.process import step
from approval.protocol import describe, describe_tally
from approval.rounds import VotedVersion, VoteRound
from approval.rules import DecisionRule, OnEdit, RejectionTiming, RuleKind, Silence
from approval.vocabulary import Choice, Status, parse_choice, parse_status
from approval.votes import Vote

__all__ = [
    "Actor",
    "Approvers",
    "Choice",
    "Columns",
    "Contradiction",
    "Decision",
    "DecisionRule",
    "Deputy",
    "DocumentAdded",
    "DocumentChanged",
    "DocumentEvent",
    "DocumentRemoved",
    "DocumentSnapshot",
    "Effect",
    "EndRound",
    "Ending",
    "FieldValue",
    "LeadAssignment",
    "LeadCheck",
    "LeadConfirmed",
    "LeadContradiction",
    "LeadFilledIn",
    "LeadMissing",
    "LeadershipTable",
    "NoticeKind",
    "Notify",
    "Observation",
    "OnEdit",
    "Pending",
    "Policy",
    "Principals",
    "Publish",
    "Reason",
    "RecordAudit",
    "Rejected",
    "RejectionTiming",
    "Released",
    "RevertReason",
    "RuleKind",
    "SetFields",
    "Silence",
    "StartRound",
    "Status",
    "Tally",
    "UpdateRound",
    "Vote",
    "VoteRound",
    "VotedVersion",
    "Withdraw",
    "decide",
    "describe",
    "describe_tally",
    "format_instant",
    "is_blank",
    "parse_choice",
    "parse_instant",
    "parse_status",
    "principal_key",
    "step",
]

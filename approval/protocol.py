"""The protocol column (``FreigabeProtokoll``): one line per event of the round, in German or
English (the policy's ``language``).

The protocol is for people reading the document's properties; the audit log is the record.
It starts afresh with each round and keeps only its latest lines, so it never outgrows the
column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from approval.decide import Reason, Tally
from approval.effects import NoticeKind, Notify, RevertReason
from approval.leadership import Contradiction

__all__ = [
    "MAX_LINES",
    "REASON_WORDS",
    "REASON_WORDS_EN",
    "append",
    "describe",
    "describe_tally",
]

MAX_LINES = 200

REASON_WORDS: Mapping[str, str] = {
    RevertReason.NOT_AUTHORISED: "keine Berechtigung",
    RevertReason.UNATTRIBUTED: "Urheber nicht feststellbar",
    RevertReason.INVALID_VALUE: "ungültiger Wert",
    RevertReason.NO_OPEN_ROUND: "keine laufende Abstimmung",
    RevertReason.TOO_LATE: "Frist bereits abgelaufen",
    RevertReason.SERVICE_ONLY: "diesen Wert setzt nur der Dienst",
    RevertReason.ROUND_FIXED: "während der Abstimmung festgelegt",
    Reason.CONSENSUS: "Konsens",
    Reason.MAJORITY: "Mehrheit",
    Reason.VETO: "Veto durch Ablehnung",
    Reason.NO_APPROVAL: "keine Zustimmung",
    Reason.NO_MAJORITY: "keine Mehrheit",
    Reason.QUORUM_MISSED: "Quorum nicht erreicht",
    Contradiction.UNKNOWN_ORG: "keine Mitgliedsorganisation",
    Contradiction.NOT_TABLE_LEAD: "laut Lenkungskreis federführend",
}


REASON_WORDS_EN: Mapping[str, str] = {
    RevertReason.NOT_AUTHORISED: "not authorised",
    RevertReason.UNATTRIBUTED: "author cannot be determined",
    RevertReason.INVALID_VALUE: "invalid value",
    RevertReason.NO_OPEN_ROUND: "no vote under way",
    RevertReason.TOO_LATE: "deadline already passed",
    RevertReason.SERVICE_ONLY: "only the service sets this value",
    RevertReason.ROUND_FIXED: "fixed while the vote runs",
    Reason.CONSENSUS: "consensus",
    Reason.MAJORITY: "majority",
    Reason.VETO: "veto by rejection",
    Reason.NO_APPROVAL: "no approval",
    Reason.NO_MAJORITY: "no majority",
    Reason.QUORUM_MISSED: "quorum not reached",
    Contradiction.UNKNOWN_ORG: "not a member organisation",
    Contradiction.NOT_TABLE_LEAD: "the steering group's lead",
}
"""``REASON_WORDS`` in English, for a protocol written in English."""

# The sentences of each language; the vote values (Zustimmung, ...) are the tenant's and
# stay as they are.
_SENTENCES: Mapping[str, Mapping[str, str]] = {
    "de": {
        "opened": "Runde {number} eröffnet: {version}, Federführung {lead}, Frist {deadline}",
        "reopened": "Inhalt geändert, Runde {number} eröffnet: {version}, Federführung {lead}, "
        "Frist {deadline}",
        "missing": "Zurück zum Entwurf, es fehlt: {missing}",
        "lead": "Zurück zum Entwurf, Federführung {org}: {reason}{expected}",
        "expected": " ist {expected}",
        "cast": "Votum {org}: {choice} ({actor})",
        "retracted": "Votum {org} zurückgenommen ({actor})",
        "reverted": "Änderung an {column} von {actor} zurückgesetzt: {reason}",
        "extended": "Frist verlängert bis {deadline} ({actor})",
        "released": "Freigegeben: {version} ({reason}; {tally})",
        "rejected": "Abgelehnt: {reason} ({tally})",
        "withdrawn": "Zurückgezogen ({actor})",
        "cancelled": "Abstimmung abgebrochen, zurück zum Entwurf ({actor})",
        "new_draft": "Inhalt nach der Freigabe geändert: neuer Entwurf, öffentlich bleibt die "
        "Freigabe",
        "unknown": "unbekannt",
        "silent": "ohne Votum",
        "counts_as": " (zählt als {value})",
    },
    "en": {
        "opened": "Round {number} opened: {version}, lead {lead}, deadline {deadline}",
        "reopened": "Content changed, round {number} opened: {version}, lead {lead}, "
        "deadline {deadline}",
        "missing": "Back to draft, missing: {missing}",
        "lead": "Back to draft, lead {org}: {reason}{expected}",
        "expected": " is {expected}",
        "cast": "Vote {org}: {choice} ({actor})",
        "retracted": "Vote {org} retracted ({actor})",
        "reverted": "Change to {column} by {actor} reverted: {reason}",
        "extended": "Deadline extended to {deadline} ({actor})",
        "released": "Released: {version} ({reason}; {tally})",
        "rejected": "Rejected: {reason} ({tally})",
        "withdrawn": "Withdrawn ({actor})",
        "cancelled": "Vote cancelled, back to draft ({actor})",
        "new_draft": "Content changed after the release: new draft, the release stays public",
        "unknown": "unknown",
        "silent": "not voted",
        "counts_as": " (counts as {value})",
    },
}
_KINDS = {
    NoticeKind.MISSING_METADATA: "missing",
    NoticeKind.LEAD_CONTRADICTION: "lead",
    NoticeKind.VOTE_CAST: "cast",
    NoticeKind.VOTE_RETRACTED: "retracted",
    NoticeKind.CHANGE_REVERTED: "reverted",
    NoticeKind.REJECTED: "rejected",
    NoticeKind.WITHDRAWN: "withdrawn",
    NoticeKind.CANCELLED: "cancelled",
    NoticeKind.NEW_DRAFT: "new_draft",
}
_ROUND_KINDS = {
    NoticeKind.SUBMITTED: "opened",
    NoticeKind.ROUND_RESTARTED: "reopened",
    NoticeKind.DEADLINE_EXTENDED: "extended",
    NoticeKind.RELEASED: "released",
}


def _time(at: datetime, tz: tzinfo, language: str) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M" if language == "en" else "%d.%m.%Y %H:%M")


def describe_tally(tally: Tally, language: str = "de") -> str:
    """The tally, e.g. ``Zustimmung: A, B; Ablehnung: –; ...`` (``language`` "de" or "en";
    the vote values are the tenant's words in both)."""
    words = _SENTENCES[language]
    parts = [
        ("Zustimmung", tally.approve),
        ("Ablehnung", tally.reject),
        ("Enthaltung", tally.abstain),
        (words["silent"], tally.silent),
    ]
    text = "; ".join(f"{label}: {', '.join(orgs) or '–'}" for label, orgs in parts)
    if tally.silence_as and tally.silent:
        return text + words["counts_as"].format(value=tally.silence_as)
    return text


def _sentence(notice: Notify, tz: tzinfo, language: str) -> str:
    words, round_ = _SENTENCES[language], notice.round
    reasons = REASON_WORDS_EN if language == "en" else REASON_WORDS
    values: dict[str, object] = {
        "actor": notice.actor or words["unknown"],
        "reason": reasons.get(notice.reason or "", notice.reason or ""),
        "tally": describe_tally(notice.tally, language) if notice.tally else "",
        "org": notice.org,
        "choice": notice.choice,
        "column": notice.column,
        "missing": ", ".join(notice.missing),
        "expected": words["expected"].format(expected=notice.expected) if notice.expected else "",
    }
    if notice.kind in _ROUND_KINDS:
        if round_ is None:
            raise ValueError(f"notice {notice.kind} lacks the round it describes")
        values |= {
            "number": round_.number,
            "version": round_.version,
            "lead": round_.lead_org,
            "deadline": _time(round_.deadline, tz, language),
        }
        return words[_ROUND_KINDS[notice.kind]].format(**values)
    return words[_KINDS[notice.kind]].format(**values)


def describe(notice: Notify, tz: tzinfo, language: str = "de") -> str:
    """One protocol line for ``notice`` in ``language`` ("de" or "en"), stamped with its time
    in ``tz``."""
    return f"{_time(notice.at, tz, language)} {_sentence(notice, tz, language)}"


def append(protocol: str | None, lines: list[str]) -> str:
    """``protocol`` with ``lines`` added, keeping the last ``MAX_LINES`` lines."""
    kept = [*(protocol or "").splitlines(), *lines]
    return "\n".join(line for line in kept[-MAX_LINES:] if line.strip())

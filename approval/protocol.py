"""The protocol column (``FreigabeProtokoll``): one German line per event of the round.

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

__all__ = ["MAX_LINES", "REASON_WORDS", "append", "describe", "describe_tally"]

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


def _time(at: datetime, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def describe_tally(tally: Tally) -> str:
    """The tally in German, e.g. ``Zustimmung: A, B; Ablehnung: –; ...``."""
    parts = [
        ("Zustimmung", tally.approve),
        ("Ablehnung", tally.reject),
        ("Enthaltung", tally.abstain),
        ("ohne Votum", tally.silent),
    ]
    text = "; ".join(f"{label}: {', '.join(orgs) or '–'}" for label, orgs in parts)
    return f"{text} (zählt als {tally.silence_as})" if tally.silence_as and tally.silent else text


def _sentence(notice: Notify, tz: tzinfo) -> str:
    round_, actor = notice.round, notice.actor or "unbekannt"
    reason = REASON_WORDS.get(notice.reason or "", notice.reason or "")
    tally = describe_tally(notice.tally) if notice.tally else ""
    match notice.kind:
        case NoticeKind.SUBMITTED | NoticeKind.ROUND_RESTARTED if round_ is not None:
            opening = "Inhalt geändert, " if notice.kind is NoticeKind.ROUND_RESTARTED else ""
            return (
                f"{opening}Runde {round_.number} eröffnet: {round_.version}, "
                f"Federführung {round_.lead_org}, Frist {_time(round_.deadline, tz)}"
            )
        case NoticeKind.MISSING_METADATA:
            return f"Zurück zum Entwurf, es fehlt: {', '.join(notice.missing)}"
        case NoticeKind.LEAD_CONTRADICTION:
            expected = f" ist {notice.expected}" if notice.expected else ""
            return f"Zurück zum Entwurf, Federführung {notice.org}: {reason}{expected}"
        case NoticeKind.VOTE_CAST:
            return f"Votum {notice.org}: {notice.choice} ({actor})"
        case NoticeKind.VOTE_RETRACTED:
            return f"Votum {notice.org} zurückgenommen ({actor})"
        case NoticeKind.CHANGE_REVERTED:
            return f"Änderung an {notice.column} von {actor} zurückgesetzt: {reason}"
        case NoticeKind.DEADLINE_EXTENDED if round_ is not None:
            return f"Frist verlängert bis {_time(round_.deadline, tz)} ({actor})"
        case NoticeKind.RELEASED if round_ is not None:
            return f"Freigegeben: {round_.version} ({reason}; {tally})"
        case NoticeKind.REJECTED:
            return f"Abgelehnt: {reason} ({tally})"
        case NoticeKind.WITHDRAWN:
            return f"Zurückgezogen ({actor})"
        case NoticeKind.CANCELLED:
            return f"Abstimmung abgebrochen, zurück zum Entwurf ({actor})"
        case NoticeKind.NEW_DRAFT:
            return (
                "Inhalt nach der Freigabe geändert: neuer Entwurf, öffentlich bleibt die Freigabe"
            )
    raise ValueError(f"notice {notice.kind} lacks the round it describes")


def describe(notice: Notify, tz: tzinfo) -> str:
    """One German protocol line for ``notice``, stamped with its time in ``tz``."""
    return f"{_time(notice.at, tz)} {_sentence(notice, tz)}"


def append(protocol: str | None, lines: list[str]) -> str:
    """``protocol`` with ``lines`` added, keeping the last ``MAX_LINES`` lines."""
    kept = [*(protocol or "").splitlines(), *lines]
    return "\n".join(line for line in kept[-MAX_LINES:] if line.strip())

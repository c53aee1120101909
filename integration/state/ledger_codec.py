"""The ledger's records as the state file keeps them: rounds, tallies, notices, releases.

Each ``*_to_json`` gives JSON-ready data (for ``canonical_json``), each ``*_from_json`` the
value back. The shapes are the ones stored since the first release of the state file, and
the decoders read every shape ever stored: release records written before the summary and
the document type were kept, and those taken over from an export (rule "übernommen", votes
without voter). Decoding raises ``KeyError``, ``TypeError`` or ``ValueError`` (or
``StateError`` for a timestamp) on data of another shape; the store turns that into one
``StateError`` naming the file (``integration.state.transactions.decoding``).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from approval import (
    Choice,
    NoticeKind,
    Notify,
    RuleKind,
    Silence,
    Tally,
    Vote,
    VotedVersion,
    VoteRound,
)
from integration.state.codec import decode_datetime, encode_datetime
from ports.ledger import Release, ReleaseRule, ReleaseVote

__all__ = [
    "ADOPTED_AT",
    "ADOPTED_RULE",
    "notice_from_json",
    "notice_to_json",
    "release_from_json",
    "release_to_json",
    "round_from_json",
    "round_to_json",
    "tally_from_json",
    "tally_to_json",
]

ADOPTED_AT = "adopted_at"
"""The key in a release record that marks it as taken over from an existing export."""

ADOPTED_RULE = "übernommen"
"""The rule kind of a release record taken over from an existing export (no rule known)."""

# Release records taken over from an export before the ledger was typed name the export's
# word for an organisation without a vote as its choice.
_NOT_VOTED = "keine Stimme"


def round_to_json(r: VoteRound) -> dict[str, Any]:
    """A round as JSON-ready data."""
    return {
        "document_id": r.document_id,
        "number": r.number,
        "version": {"label": r.version.label, "content_hash": r.version.content_hash},
        "opened_at": encode_datetime(r.opened_at),
        "deadline": encode_datetime(r.deadline),
        "lead_org": r.lead_org,
        "votes": {
            org: {"choice": v.choice.value, "voter": v.voter, "cast_at": encode_datetime(v.cast_at)}
            for org, v in sorted(r.votes.items())
        },
    }


def round_from_json(data: Mapping[str, Any]) -> VoteRound:
    """The round :func:`round_to_json` wrote."""
    return VoteRound(
        document_id=_text(data, "document_id"),
        number=int(data["number"]),
        version=VotedVersion(data["version"]["label"], data["version"]["content_hash"]),
        opened_at=decode_datetime(data["opened_at"]),
        deadline=decode_datetime(data["deadline"]),
        lead_org=_text(data, "lead_org"),
        votes={
            org: Vote(org, Choice(v["choice"]), v["voter"], decode_datetime(v["cast_at"]))
            for org, v in _object(data, "votes").items()
        },
    )


def tally_to_json(t: Tally) -> dict[str, Any]:
    """A tally as JSON-ready data: lists of organisation codes, silence as a choice."""
    return {
        "approve": list(t.approve),
        "reject": list(t.reject),
        "abstain": list(t.abstain),
        "silent": list(t.silent),
        "silence_as": t.silence_as.value if t.silence_as else None,
    }


def tally_from_json(data: Mapping[str, Any]) -> Tally:
    """The tally :func:`tally_to_json` wrote (a list left out counts as empty)."""
    silence = data.get("silence_as")
    return Tally(
        approve=_codes(data, "approve"),
        reject=_codes(data, "reject"),
        abstain=_codes(data, "abstain"),
        silent=_codes(data, "silent"),
        silence_as=Choice(silence) if silence else None,
    )


def notice_to_json(n: Notify) -> dict[str, Any]:
    """A notice as JSON-ready data; what it leaves empty is left out."""
    data: dict[str, Any] = {
        "kind": n.kind.value,
        "document_id": n.document_id,
        "key": n.key,
        "at": encode_datetime(n.at),
        "round": round_to_json(n.round) if n.round else None,
        "actor": n.actor,
        "org": n.org,
        "choice": n.choice.value if n.choice else None,
        "column": n.column,
        "reason": n.reason,
        "missing": list(n.missing),
        "expected": n.expected,
        "tally": tally_to_json(n.tally) if n.tally else None,
    }
    return {k: v for k, v in data.items() if v not in (None, [])}


def notice_from_json(data: Mapping[str, Any]) -> Notify:
    """The notice :func:`notice_to_json` wrote."""
    round_data = data.get("round")
    tally = data.get("tally")
    choice = data.get("choice")
    return Notify(
        kind=NoticeKind(data["kind"]),
        document_id=_text(data, "document_id"),
        key=_text(data, "key"),
        at=decode_datetime(data["at"]),
        round=round_from_json(round_data) if round_data else None,
        actor=_optional_text(data, "actor"),
        org=_optional_text(data, "org"),
        choice=Choice(choice) if choice else None,
        column=_optional_text(data, "column"),
        reason=_optional_text(data, "reason"),
        missing=_codes(data, "missing"),
        expected=_optional_text(data, "expected"),
        tally=tally_from_json(tally) if tally else None,
    )


def release_to_json(r: Release) -> dict[str, Any]:
    """A release record as JSON-ready data."""
    data: dict[str, Any] = {
        "document_id": r.document_id,
        "library": r.library,
        "name": r.name,
        "title": r.title,
        "summary": r.summary,
        "document_type": r.document_type,
        "web_url": r.web_url,
        "version": r.version.label,
        "content_hash": r.version.content_hash,
        "round": r.round,
        "lead_org": r.lead_org,
        "released_at": encode_datetime(r.released_at),
        "rule": _rule_to_json(r.rule),
        "votes": {org: _vote_to_json(v) for org, v in r.votes.items()},
        "tally": tally_to_json(r.tally),
    }
    if r.adopted_at is not None:
        data[ADOPTED_AT] = encode_datetime(r.adopted_at)
    return data


def release_from_json(data: Mapping[str, Any]) -> Release:
    """The release :func:`release_to_json` wrote, or an older record (module docstring).

    What the store notes beside it (the audit head, the published bytes' SHA-256) is not
    part of the release and is left out.
    """
    name = _text(data, "name")
    title = _optional_text(data, "title")
    adopted_at = data.get(ADOPTED_AT)
    return Release(
        document_id=_text(data, "document_id"),
        library=_text(data, "library"),
        name=name,
        title=name if title is None else title,
        summary=_optional_text(data, "summary"),
        document_type=_optional_text(data, "document_type"),
        web_url=_optional_text(data, "web_url"),
        version=VotedVersion(_text(data, "version"), _text(data, "content_hash")),
        round=_integer(data, "round"),
        lead_org=_text(data, "lead_org"),
        released_at=decode_datetime(_text(data, "released_at")),
        rule=_rule_from_json(data.get("rule")),
        votes={
            str(org): _vote_from_json(vote)
            for org, vote in (_object(data, "votes") if "votes" in data else {}).items()
        },
        tally=tally_from_json(_object(data, "tally")),
        adopted_at=decode_datetime(adopted_at) if adopted_at else None,
    )


def _rule_to_json(rule: ReleaseRule | None) -> dict[str, Any]:
    if rule is None:
        return {"kind": ADOPTED_RULE}
    return {
        "kind": rule.kind.value,
        "veto": rule.veto,
        "silence": rule.silence.value,
        "quorum": str(rule.quorum),
    }


def _rule_from_json(data: object) -> ReleaseRule | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise TypeError("the rule is not an object")
    if data.get("kind") == ADOPTED_RULE:
        return None
    veto = data["veto"]
    if not isinstance(veto, bool):
        raise TypeError("the rule's veto is not true or false")
    return ReleaseRule(
        kind=RuleKind(data["kind"]),
        veto=veto,
        silence=Silence(data["silence"]),
        quorum=Fraction(_text(data, "quorum")),
    )


def _vote_to_json(vote: ReleaseVote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    data: dict[str, Any] = {"choice": vote.choice.value}
    if vote.voter is not None:
        data["voter"] = vote.voter
    if vote.cast_at is not None:
        data["cast_at"] = encode_datetime(vote.cast_at)
    return data


def _vote_from_json(data: object) -> ReleaseVote | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise TypeError("a vote is not an object")
    if data.get("choice") == _NOT_VOTED:
        return None
    cast_at = data.get("cast_at")
    return ReleaseVote(
        choice=Choice(data["choice"]),
        voter=_optional_text(data, "voter"),
        cast_at=decode_datetime(cast_at) if cast_at is not None else None,
    )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key!r} is not text")
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{key!r} is neither text nor null")
    return value


def _integer(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{key!r} is not an integer")
    return value


def _object(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data[key]
    if not isinstance(value, Mapping):
        raise TypeError(f"{key!r} is not an object")
    return value


def _codes(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key!r} is not a list of text")
    return tuple(value)

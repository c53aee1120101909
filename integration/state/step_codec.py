"""A step of the release process as JSON, for the write-ahead record of a field write.

Everything a step changes is announced with its field write; when the write is found in
SharePoint after a crash, the stored step is committed instead of deciding again, so no
effect is applied twice.

A step is kept with its effects in order (``"format": 2``). Steps announced by freigabe
0.2, grouped by kind (``opened``, ``ended``, ``releases``, ...), are read as well: one may
wait in a state file that a crash left behind, when the next start is a newer freigabe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from approval import (
    Ending,
    EndRound,
    Notify,
    RecordAudit,
    StartRound,
    UpdateRound,
    Withdraw,
)
from integration.state.codec import (
    canonical_json,
    decode_datetime,
    decode_snapshot,
    encode_datetime,
    encode_snapshot,
    load_object,
)
from integration.state.ledger_codec import (
    notice_from_json,
    notice_to_json,
    release_from_json,
    release_to_json,
    round_from_json,
    round_to_json,
)
from integration.state.transactions import decoding
from ports.ledger import Release, Step, StepEffect

__all__ = ["FORMAT", "decode_step", "encode_step"]

FORMAT = 2
"""The format :func:`encode_step` writes."""


def encode_step(step: Step) -> str:
    """The one JSON text of ``step``."""
    return canonical_json(
        {
            "format": FORMAT,
            "library": step.library,
            "document_id": step.document_id,
            "processed": dict(step.processed),
            "effects": [_effect_to_json(e) for e in step.effects],
            "snapshot": encode_snapshot(step.snapshot) if step.snapshot else None,
        }
    )


def decode_step(text: str, state: str | None = None, document_id: str | None = None) -> Step:
    """The step :func:`encode_step` (or freigabe 0.2) wrote; ``StateError`` naming ``state``
    (``StateStore.name``) if ``text`` does not decode to one."""
    where = f"document {document_id}" if document_id else ""
    with decoding(state, "a pending step", where):
        data = load_object(text)
        if "format" not in data:
            return _legacy_step(data)
        if data["format"] != FORMAT:
            raise ValueError(f"a step of format {data['format']!r}")
        return Step(
            library=_text(data["library"]),
            document_id=_text(data["document_id"]),
            processed=_fields(data["processed"]),
            effects=tuple(_effect_from_json(e) for e in data["effects"]),
            snapshot=decode_snapshot(data["snapshot"]) if data["snapshot"] else None,
        )


def _effect_to_json(effect: StepEffect) -> dict[str, Any]:
    match effect:
        case StartRound(round=r):
            return {"effect": "start_round", "round": round_to_json(r)}
        case UpdateRound(round=r):
            return {"effect": "update_round", "round": round_to_json(r)}
        case EndRound(round=r, ending=ending, at=at):
            return {
                "effect": "end_round",
                "round": round_to_json(r),
                "ending": ending.value,
                "at": encode_datetime(at),
            }
        case Release():
            return {"effect": "release", "release": release_to_json(effect)}
        case Withdraw(document_id=doc, actor=actor, at=at):
            return {
                "effect": "withdraw",
                "document_id": doc,
                "actor": actor,
                "at": encode_datetime(at),
            }
        case Notify():
            return {"effect": "notify", "notice": notice_to_json(effect)}
        case RecordAudit():
            return {
                "effect": "record_audit",
                "document_id": effect.document_id,
                "event": effect.event,
                "at": encode_datetime(effect.at),
                "actor": effect.actor,
                "details": dict(effect.details),
            }


def _effect_from_json(data: Mapping[str, Any]) -> StepEffect:
    kind = data["effect"]
    if kind == "start_round":
        return StartRound(round_from_json(data["round"]))
    if kind == "update_round":
        return UpdateRound(round_from_json(data["round"]))
    if kind == "end_round":
        return EndRound(
            round_from_json(data["round"]), Ending(data["ending"]), decode_datetime(data["at"])
        )
    if kind == "release":
        return release_from_json(data["release"])
    if kind == "withdraw":
        return Withdraw(
            _text(data["document_id"]), _optional(data["actor"]), decode_datetime(data["at"])
        )
    if kind == "notify":
        return notice_from_json(data["notice"])
    if kind == "record_audit":
        return RecordAudit(
            document_id=_text(data["document_id"]),
            event=_text(data["event"]),
            at=decode_datetime(data["at"]),
            actor=_optional(data["actor"]),
            details=_details(data["details"]),
        )
    raise ValueError(f"an effect of kind {kind!r}")


def _legacy_step(d: Mapping[str, Any]) -> Step:
    """A step as freigabe 0.2 announced it: one list per kind of effect, the release records
    and notices as stored, the audit entries as payloads (``actor`` among the details)."""
    document_id = _text(d["document_id"])
    effects: list[StepEffect] = []
    if d["opened"]:
        effects.append(StartRound(round_from_json(d["opened"])))
    if d["updated"]:
        effects.append(UpdateRound(round_from_json(d["updated"])))
    for r, how, at in d["ended"]:
        effects.append(EndRound(round_from_json(r), Ending(how), decode_datetime(at)))
    effects += [release_from_json(record) for _, _, record in d["releases"]]
    if d["withdrawn_at"]:
        effects.append(Withdraw(document_id, None, decode_datetime(d["withdrawn_at"])))
    effects += [notice_from_json(data) for _, _, _, data in d["notices"]]
    for kind, subject, at, payload in d["audits"]:
        details = _details({k: v for k, v in payload.items() if k != "actor"})
        actor = _optional(payload.get("actor"))
        effects.append(
            RecordAudit(_text(subject), _text(kind), decode_datetime(at), actor, details)
        )
    return Step(
        library=_text(d["library"]),
        document_id=document_id,
        processed=_fields(d["processed"]),
        effects=tuple(effects),
        snapshot=decode_snapshot(d["snapshot"]) if d["snapshot"] else None,
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional(value: object) -> str | None:
    return None if value is None else _text(value)


def _fields(value: object) -> dict[str, str | None]:
    if not isinstance(value, Mapping):
        raise TypeError("the processed fields are not an object")
    return {_text(k): _optional(v) for k, v in value.items()}


def _details(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError("the audit details are not an object")
    return {_text(k): _text(v) for k, v in value.items()}

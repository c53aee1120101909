"""JSON forms of snapshots and events as the state store keeps them.

Datetimes are ISO-8601 with their UTC offset; a naive datetime is refused because the instant
it names is unknown. Every value round-trips to an equal value. Text that does not decode to
the expected shape means the file was altered or damaged, so decoding raises ``StateError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
    FieldValue,
)
from integration.errors import StateError

__all__ = [
    "canonical_json",
    "decode_datetime",
    "decode_event",
    "decode_snapshot",
    "encode_datetime",
    "encode_event",
    "encode_snapshot",
    "event_identity",
    "load_object",
]

_T = TypeVar("_T")


def canonical_json(value: object) -> str:
    """The one JSON text of ``value``: sorted keys, no spaces, no NaN; raises on the rest."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def encode_datetime(value: datetime) -> str:
    """ISO-8601 with offset; ``ValueError`` if naive or offset by a fraction of a second."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {value.isoformat()} has no UTC offset")
    # Python 3.11 drops the fraction when it reads such an offset back: no round trip
    if offset.microseconds:
        raise ValueError(f"UTC offset {offset} of {value.isoformat()} has a fraction of a second")
    return value.isoformat()


def decode_datetime(text: str) -> datetime:
    """The datetime ``encode_datetime`` wrote; ``StateError`` if ``text`` is not one."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as err:
        raise StateError(f"stored timestamp {text!r} is malformed") from err
    if value.utcoffset() is None:
        raise StateError(f"stored timestamp {text!r} has no UTC offset")
    return value


def event_identity(event: DocumentEvent) -> tuple[str, str, str]:
    """``(item_id, kind, etag)``: what makes an event the same event when seen twice.

    The etag is the one after the change, or the last one known for a removal.
    """
    match event:
        case DocumentAdded(document=doc):
            return doc.item_id, "added", doc.etag
        case DocumentChanged(after=doc):
            return doc.item_id, "changed", doc.etag
        case DocumentRemoved(document=doc):
            return doc.item_id, "removed", doc.etag


def encode_snapshot(snapshot: DocumentSnapshot) -> str:
    """JSON text of one snapshot."""
    return canonical_json(_snapshot_dict(snapshot))


def decode_snapshot(text: str) -> DocumentSnapshot:
    """The snapshot ``encode_snapshot`` wrote."""
    return _snapshot_from(_object(_loads(text), "snapshot"))


def encode_event(event: DocumentEvent) -> str:
    """JSON text of one event."""
    match event:
        case DocumentAdded(document=doc):
            body: dict[str, object] = {"kind": "added", "document": _snapshot_dict(doc)}
        case DocumentChanged():
            body = {
                "kind": "changed",
                "before": _snapshot_dict(event.before),
                "after": _snapshot_dict(event.after),
                "content_changed": event.content_changed,
                "changed_fields": list(event.changed_fields),
            }
        case DocumentRemoved(document=doc):
            body = {"kind": "removed", "document": _snapshot_dict(doc)}
    return canonical_json(body)


def decode_event(text: str) -> DocumentEvent:
    """The event ``encode_event`` wrote."""
    body = _object(_loads(text), "event")
    kind = body.get("kind")
    if kind == "added":
        return DocumentAdded(_snapshot_from(_object(body.get("document"), "document")))
    if kind == "removed":
        return DocumentRemoved(_snapshot_from(_object(body.get("document"), "document")))
    if kind == "changed":
        return DocumentChanged(
            before=_snapshot_from(_object(body.get("before"), "before")),
            after=_snapshot_from(_object(body.get("after"), "after")),
            content_changed=_typed(body, "content_changed", bool),
            changed_fields=tuple(_strings(body.get("changed_fields"), "changed_fields")),
        )
    raise StateError(f"stored event has unknown kind {kind!r}")


def _snapshot_dict(snapshot: DocumentSnapshot) -> dict[str, object]:
    return {
        "library": snapshot.library,
        "item_id": snapshot.item_id,
        "list_item_id": snapshot.list_item_id,
        "name": snapshot.name,
        "etag": snapshot.etag,
        "content_hash": snapshot.content_hash,
        "size": snapshot.size,
        "modified_at": encode_datetime(snapshot.modified_at),
        "modified_by": snapshot.modified_by,
        "web_url": snapshot.web_url,
        "version": snapshot.version,
        "fields": dict(snapshot.fields),
    }


def _snapshot_from(body: Mapping[str, Any]) -> DocumentSnapshot:
    return DocumentSnapshot(
        library=_typed(body, "library", str),
        item_id=_typed(body, "item_id", str),
        list_item_id=_optional(body, "list_item_id"),
        name=_typed(body, "name", str),
        etag=_typed(body, "etag", str),
        content_hash=_optional(body, "content_hash"),
        size=_typed(body, "size", int),
        modified_at=decode_datetime(_typed(body, "modified_at", str)),
        modified_by=_optional(body, "modified_by"),
        web_url=_optional(body, "web_url"),
        version=_optional(body, "version"),
        fields=_fields(_object(body.get("fields"), "fields")),
    )


def _fields(body: Mapping[str, Any]) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {}
    for name, value in body.items():
        if isinstance(value, list):
            fields[name] = _strings(value, f"field {name}")
        elif value is None or isinstance(value, str | int | float):
            fields[name] = value
        else:
            raise StateError(f"stored field {name!r} has an unexpected value")
    return fields


def load_object(text: str) -> dict[str, Any]:
    """The JSON object ``text`` holds; ``ValueError`` if it is not JSON or not an object."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(f"stored JSON is a {type(value).__name__}, not an object")
    return value


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as err:
        raise StateError("stored JSON is malformed") from err


def _object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise StateError(f"stored {what} is not a JSON object")
    return value


def _typed(body: Mapping[str, Any], key: str, kind: type[_T]) -> _T:
    value = body.get(key)
    # bool is an int to isinstance; a size or count must not come back as True
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise StateError(f"stored {key!r} is not of type {kind.__name__}")
    return value


def _optional(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise StateError(f"stored {key!r} is neither text nor null")
    return value


def _strings(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StateError(f"stored {what} is not a list of text")
    return list(value)

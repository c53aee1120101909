"""The JSON forms of snapshots and events: exact round trips, refusals on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from approval.documents import (
    DocumentAdded,
    DocumentChanged,
    DocumentEvent,
    DocumentRemoved,
    DocumentSnapshot,
)
from integration.errors import StateError
from integration.state.codec import (
    decode_datetime,
    decode_event,
    decode_snapshot,
    encode_event,
    encode_snapshot,
)

from .conftest import snap

# whole seconds: historic zone offsets have them, none has a fraction (which is refused)
offsets = st.integers(min_value=-86399, max_value=86399).map(
    lambda seconds: timezone(timedelta(seconds=seconds))
)
aware = st.datetimes(timezones=offsets)
optional_text = st.none() | st.text()
field_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.lists(st.text(), max_size=4)
)
snapshots = st.builds(
    DocumentSnapshot,
    library=st.text(min_size=1),
    item_id=st.text(min_size=1),
    list_item_id=optional_text,
    name=st.text(),
    etag=st.text(),
    content_hash=optional_text,
    size=st.integers(min_value=0),
    modified_at=aware,
    modified_by=optional_text,
    web_url=optional_text,
    version=optional_text,
    fields=st.dictionaries(st.text(), field_values, max_size=6),
)
events: st.SearchStrategy[DocumentEvent] = (
    st.builds(DocumentAdded, snapshots)
    | st.builds(DocumentRemoved, snapshots)
    | st.builds(
        DocumentChanged,
        before=snapshots,
        after=snapshots,
        content_changed=st.booleans(),
        changed_fields=st.lists(st.text(), max_size=4).map(lambda names: tuple(sorted(names))),
    )
)


@settings(max_examples=60)
@given(snapshots)
def test_snapshot_round_trips_exactly(snapshot: DocumentSnapshot) -> None:
    """A decoded snapshot equals the encoded one, including offset and field value types."""
    decoded = decode_snapshot(encode_snapshot(snapshot))
    assert decoded == snapshot
    assert decoded.modified_at.utcoffset() == snapshot.modified_at.utcoffset()
    assert {k: type(v) for k, v in decoded.fields.items()} == {
        k: type(v) for k, v in snapshot.fields.items()
    }


@settings(max_examples=60)
@given(events)
def test_event_round_trips_exactly(event: DocumentEvent) -> None:
    """A decoded event equals the encoded one and is of the same kind."""
    decoded = decode_event(encode_event(event))
    assert decoded == event
    assert type(decoded) is type(event)


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (datetime(2025, 1, 1), "no UTC offset"),
        (datetime(2025, 1, 1, tzinfo=timezone(timedelta(microseconds=5))), "fraction"),
    ],
    ids=["naive", "sub-second-offset"],
)
def test_time_that_cannot_round_trip_is_refused(moment: datetime, message: str) -> None:
    """A snapshot time without offset, or with a sub-second offset, is refused on encoding."""
    with pytest.raises(ValueError, match=message):
        encode_snapshot(replace(snap("a"), modified_at=moment))


def test_unserialisable_field_is_refused() -> None:
    """A field value JSON cannot hold is refused rather than stored as something else."""
    with pytest.raises(TypeError):
        encode_snapshot(snap("a", fields={"Bad": object()}))  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"kind": "renamed"}',
        '{"kind": "added", "document": 3}',
        encode_event(DocumentAdded(snap("a"))).replace('"size":1024', '"size":true'),
        encode_event(DocumentAdded(snap("a"))).replace('"size":1024', '"size":"big"'),
        encode_event(DocumentAdded(snap("a"))).replace('"Entwurf"', '{"x": 1}'),
        encode_event(DocumentAdded(snap("a"))).replace('"version":"1.0"', '"version":1'),
        encode_event(DocumentAdded(snap("a"))).replace("+00:00", ""),
    ],
    ids=[
        "not-json",
        "not-object",
        "unknown-kind",
        "document-not-object",
        "bool-size",
        "text-size",
        "object-field",
        "number-version",
        "naive-time",
    ],
)
def test_malformed_stored_event_raises_state_error(text: str) -> None:
    """Stored text that does not decode to an event raises StateError."""
    with pytest.raises(StateError, match="stored"):
        decode_event(text)


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01T00:00:00+00:00"])
def test_malformed_timestamp_raises_state_error(text: str) -> None:
    """A stored timestamp that does not parse raises StateError."""
    with pytest.raises(StateError, match="malformed"):
        decode_datetime(text)

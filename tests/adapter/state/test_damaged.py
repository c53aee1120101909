"""Stored text that does not decode: one StateError naming the file, never a bare ValueError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from integration.errors import StateError
from integration.state import StateStore
from integration.state.outbox import Outbox
from integration.state.problems import ProblemStore
from integration.state.rounds import RoundStore
from integration.state.step_codec import decode_step

GARBAGE = "Textmüll \xff{"

_ROUND = "INSERT INTO rounds VALUES ('d', 1, 'vorstand', 1, NULL, NULL, ?)"
CASES: list[tuple[str, str, Callable[[StateStore], object], str]] = [
    ("round", _ROUND, lambda s: RoundStore(s).open_round("d"), "a vote round"),
    ("rounds", _ROUND, lambda s: list(RoundStore(s).open_rounds()), "a vote round"),
    (
        "processed",
        "INSERT INTO processed VALUES ('d', 'vorstand', ?)",
        lambda s: RoundStore(s).processed("d"),
        "the processed fields",
    ),
    (
        "pending",
        "INSERT INTO pending_writes VALUES ('d', 'vorstand', ?, '2025-03-01T09:00:00+00:00', NULL)",
        lambda s: RoundStore(s).pending_write("d"),
        "a pending write",
    ),
    (
        "releases",
        "INSERT INTO releases VALUES ('d', 1, 'vorstand', '2025-03-01T09:00:00+00:00', NULL, ?)",
        lambda s: RoundStore(s).releases(),
        "a release record",
    ),
    (
        "notices",
        "INSERT INTO notices (key, library, document_id, kind, at, data)"
        " VALUES ('k', 'vorstand', 'd', 'opened', '2025-03-01T09:00:00+00:00', ?)",
        lambda s: RoundStore(s).notices_after(0),
        "a notice",
    ),
    (
        "outbox",
        "INSERT INTO outbox (key, channel, kind, payload, state, created_at, next_at)"
        " VALUES ('k', 'teams:x', 'card', ?, 'pending', '2025-03-01T09:00:00.000000Z',"
        " '2025-03-01T09:00:00.000000Z')",
        lambda s: Outbox(s).due(datetime(2030, 1, 1, tzinfo=UTC)),
        "an outbox entry",
    ),
    (
        "problems",
        "INSERT INTO item_problems VALUES ('d', 'enforce', 'vorstand', 'n', NULL, NULL, 'm',"
        " ?, ?, 1)",
        lambda s: ProblemStore(s).all(),
        "a document problem",
    ),
]


def _damage_and_read(
    store: StateStore, sql: str, text: str, read: Callable[[StateStore], object]
) -> str:
    with store.transaction() as conn:
        conn.execute(sql, (text,) * sql.count("?"))
    with pytest.raises(StateError) as caught:
        read(store)
    return str(caught.value)


@pytest.mark.parametrize(("sql", "read", "what"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("text", [GARBAGE, "[1, 2]"], ids=["text", "list"])
def test_damaged_row_is_one_state_error(
    store: StateStore, sql: str, read: Callable[[StateStore], object], what: str, text: str
) -> None:
    """Garbage or a list in a stored row: StateError naming the file and the row kind."""
    message = _damage_and_read(store, sql, text, read)
    assert message.startswith(f"{store.name} is damaged: {what} cannot be read")


@pytest.mark.parametrize(
    ("sql", "read", "what"),
    [c[1:] for c in CASES if c[0] in ("round", "releases")],
    ids=["round", "releases"],
)
def test_record_missing_its_keys_is_one_state_error(
    store: StateStore, sql: str, read: Callable[[StateStore], object], what: str
) -> None:
    """A round or release record without its keys is damaged, not a KeyError later on."""
    message = _damage_and_read(store, sql, '{"number": 1}', read)
    assert message.startswith(f"{store.name} is damaged: {what} cannot be read")


@pytest.mark.parametrize(
    "text", [GARBAGE, '{"library": "x"}', "null"], ids=["text", "object", "null"]
)
def test_damaged_pending_step_is_one_state_error(text: str) -> None:
    """A stored step that does not decode raises StateError, not KeyError or JSONDecodeError."""
    with pytest.raises(StateError, match="a pending step"):
        decode_step(text)

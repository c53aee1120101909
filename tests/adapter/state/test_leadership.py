"""The leader lock on a real PostgreSQL server: one leader, hand-over, and a lost connection."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest

from integration.errors import StateError
from integration.state import StateStore

_LEADER = 0x4652474C


@pytest.fixture
def two(postgres_state_url: str) -> Iterator[tuple[StateStore, StateStore]]:
    first = StateStore.open_url(postgres_state_url)
    second = StateStore.open_url(postgres_state_url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def _end_leader_session(url: str) -> None:
    """Terminate the backend that holds the leader lock, as a server restart would."""
    with psycopg.connect(url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks"
            " WHERE locktype = 'advisory' AND objid = %s AND granted",
            (_LEADER,),
        ).fetchone()
    assert row == (True,)


def test_one_store_leads_the_other_waits(two: tuple[StateStore, StateStore]) -> None:
    first, second = two
    assert first.try_lead()
    assert not second.try_lead()
    # asking again changes nothing: the lock is held once, one resign frees it
    assert first.try_lead()
    assert first.leading()
    assert not second.leading()
    first.resign()
    assert not first.leading()
    assert second.try_lead()
    assert not first.try_lead()


def test_closing_the_leader_frees_the_lock(postgres_state_url: str) -> None:
    with StateStore.open_url(postgres_state_url) as first:
        assert first.try_lead()
    with StateStore.open_url(postgres_state_url) as second:
        assert second.try_lead()


def test_a_read_only_store_never_leads(postgres_state_url: str) -> None:
    with StateStore.open_url_readonly(postgres_state_url) as reader:
        assert not reader.try_lead()


def test_a_lost_connection_deposes_the_leader(
    two: tuple[StateStore, StateStore], postgres_state_url: str
) -> None:
    first, second = two
    first.set_meta("k", "before")
    assert first.try_lead()
    _end_leader_session(postgres_state_url)
    assert not first.leading()
    # reads go on over a new connection; writes wait for the lead
    assert first.get_meta("k") == "before"
    with pytest.raises(StateError, match="leadership"):
        first.set_meta("k", "after")
    assert second.try_lead()
    second.set_meta("k", "second")
    assert not first.try_lead()
    second.resign()
    assert first.try_lead()
    first.set_meta("k", "after")
    assert second.get_meta("k") == "after"


def test_a_follower_reconnects_and_is_not_deposed(
    two: tuple[StateStore, StateStore], postgres_state_url: str
) -> None:
    first, second = two
    with psycopg.connect(postgres_state_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'freigabe' AND pid <> pg_backend_pid()"
        )
    # the first call finds the connection gone; the next opens a new one
    for store in two:
        with pytest.raises(StateError, match="administrator command"):
            store.get_meta("k")
    second.set_meta("k", "v")
    assert first.get_meta("k") == "v"


def test_the_standbys_hear_a_resignation_and_the_leader_a_wake(
    two: tuple[StateStore, StateStore],
) -> None:
    first, second = two

    async def scenario() -> None:
        notices = second.notices()
        assert notices is not None
        async with notices:
            await asyncio.wait_for(notices.listening.wait(), 5)
            assert first.try_lead()
            first.wake_leader()
            await asyncio.wait_for(notices.wake.wait(), 5)
            assert not notices.released.is_set()
            first.resign()
            await asyncio.wait_for(notices.released.wait(), 5)

    asyncio.run(scenario())


def test_a_state_file_leads_alone(sqlite_store: StateStore) -> None:
    assert sqlite_store.try_lead()
    assert sqlite_store.leading()
    assert sqlite_store.notices() is None
    sqlite_store.resign()
    sqlite_store.wake_leader()  # nobody else to wake

"""What only the PostgreSQL store has: the test server itself, two writers on one database."""

from __future__ import annotations

import psycopg


def test_each_test_gets_a_database_of_its_own_on_a_supported_server(postgres_url: str) -> None:
    """The fixture's server is PostgreSQL 14 or newer and the database starts empty."""
    with psycopg.connect(postgres_url) as conn:
        assert conn.info.server_version >= 140000
        (tables,) = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() or (None,)
        assert tables == 0

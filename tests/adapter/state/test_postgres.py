"""What only the PostgreSQL store has: the test server, a database of another application,
two writers on one database, URLs shown without their password, ``state_url`` and check."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest
import yaml

from config import Settings, load_settings
from integration.errors import StateError, UsageError
from integration.state import StateStore
from integration.state.postgres import POSTGRES_MIGRATIONS, PostgresDatabase, masked_url
from jobs.backup import backup
from jobs.check import state_lines
from jobs.state import open_state, open_state_readonly
from tests.unit.config.samples import ENV, base_config, patched


def test_each_test_gets_a_migrated_database_on_a_supported_server(postgres_url: str) -> None:
    """The fixture's server is PostgreSQL 14 or newer and the database is at the newest schema."""
    database = PostgresDatabase.open(postgres_url)
    try:
        assert int(database.server_version().split(".")[0]) >= 14
        assert database.schema_version() == len(POSTGRES_MIGRATIONS)
    finally:
        database.close()


def test_a_database_of_another_application_is_refused(postgres_url: str) -> None:
    """Tables that are not freigabe's: StateError, and nothing is created beside them."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE freigabe_schema")
    with pytest.raises(StateError, match="holds tables that are not freigabe's"):
        StateStore.open_url(postgres_url)


def test_two_writers_keep_one_linear_audit_chain(postgres_state_url: str) -> None:
    """Two stores appending at the same time on one database: one chain, no seq twice."""
    stores = [StateStore.open_url(postgres_state_url) for _ in range(2)]
    start = threading.Barrier(len(stores))

    def append(store: StateStore, writer: int) -> None:
        start.wait()
        for number in range(25):
            store.append_audit("test.append", f"writer-{writer}", {"n": number})

    threads = [
        threading.Thread(target=append, args=(store, writer)) for writer, store in enumerate(stores)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        result = stores[0].verify_audit()
        assert (result.ok, result.entries) == (True, 50)
        assert [entry.seq for entry in stores[1].iter_audit()] == list(range(1, 51))
    finally:
        for store in stores:
            store.close()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://app:s3cret@db:5432/freigabe", "postgresql://app:***@db:5432/freigabe"),
        (
            "postgresql://app@db/freigabe?sslmode=verify-full&password=s3cret",
            "postgresql://app@db/freigabe?sslmode=verify-full&password=***",
        ),
        ("postgresql://app@/freigabe?host=/run/pg", "postgresql://app@/freigabe?host=/run/pg"),
    ],
    ids=["in-user-part", "in-query", "none"],
)
def test_urls_are_shown_without_password(url: str, shown: str) -> None:
    """A password in the URL, in either place, never reaches a message."""
    assert masked_url(url) == shown


def _settings(tmp_path: Path, url: str) -> Settings:
    file = tmp_path / "freigabe.yaml"
    file.write_text(yaml.safe_dump(patched(base_config(), {"state_url": url})), encoding="utf-8")
    return load_settings(file, ENV)


def test_state_url_opens_the_database_and_check_reports_it(
    tmp_path: Path, postgres_state_url: str
) -> None:
    """``state_url`` opens PostgreSQL; check names server version and schema, no password."""
    settings = _settings(tmp_path, postgres_state_url)
    with open_state(settings) as store:
        assert (store.path, store.name) == (None, f"state database {postgres_state_url}")
    lines, ok = state_lines(settings)
    assert ok
    assert lines == [
        f"Zustandsdatenbank: {postgres_state_url}, PostgreSQL {_server_version(settings)},"
        f" Schema-Version {len(POSTGRES_MIGRATIONS)} (aktuell)"
    ]


def test_check_reports_an_unreachable_database(tmp_path: Path) -> None:
    """A server that does not answer: one FEHLER line, and check is not ready."""
    settings = _settings(tmp_path, f"postgresql://freigabe@/freigabe?host={tmp_path}")
    lines, ok = state_lines(settings)
    assert not ok
    assert lines[0].startswith("Zustandsdatenbank: FEHLER: cannot connect to state database")


def _server_version(settings: Settings) -> str:
    assert settings.state_url is not None
    database = PostgresDatabase.connect(settings.state_url)
    try:
        return database.server_version()
    finally:
        database.close()


def test_a_readonly_store_reads_beside_the_worker_and_refuses_writes(
    tmp_path: Path, postgres_state_url: str
) -> None:
    """What status and audit open: the worker's entries visible, a write a StateError."""
    settings = _settings(tmp_path, postgres_state_url)
    with open_state(settings) as worker, open_state_readonly(settings) as reader:
        worker.append_audit("test.append", "doc", {})
        assert reader.verify_audit().entries == 1
        with pytest.raises(StateError, match="read-only transaction"):
            reader.set_meta("k", "v")


def test_backup_points_to_pg_dump_for_a_database(tmp_path: Path) -> None:
    """``backup`` copies files: with ``state_url`` it says so instead of copying nothing."""
    settings = _settings(tmp_path, "postgresql://freigabe@db.example/freigabe")
    with pytest.raises(UsageError, match="use pg_dump"):
        backup(settings, tmp_path / "copy.sqlite", force=False)

"""Suite-wide: no test secret may appear in any output the tests capture; heavy files first.

Every test's captured stdout, stderr and log sections are searched for the secrets in
``tests.support.SECRETS`` (subprocess output reaches them through ``run_cli``). A find does
not fail the test that printed it, it fails the run: the report names the test and section.

The collection is ordered heaviest file first (see ``pytest_collection_modifyitems``), so that
``make pytest`` (``--dist loadfile --no-loadscope-reorder``) hands the two workers the long
files at the start and ends on the short ones, instead of starting a minute-long file last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import psycopg
import pytest

from freigabe_devtools.graphsim.permissions import signed_with
from integration.state import StateStore
from tests import support
from tests.postgres import TEMPLATE, Server, find_binaries, fresh_database, running_server

_LEAKS: list[str] = []


_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")


def leaked_secrets(sections: Iterable[tuple[str, str]], secrets: Iterable[str]) -> list[str]:
    """``"<section>: secret no. <n>"`` for every secret, or JWT signed with one, in a section.

    JWTs are recognised by their signature because tests mint them in worker processes this
    process never hears of.
    """
    ordered = sorted(secrets)
    found: list[str] = []
    for title, text in sections:
        jwts = _JWT.findall(text)
        for number, secret in enumerate(ordered, start=1):
            if secret in text or any(signed_with(jwt, secret) for jwt in jwts):
                found.append(f"{title}: secret no. {number}")
    return found


# Seconds each file took in a fresh clone's `make test` (three workers on two cores, 2026-12-02;
# rounded; only their order matters).
# Files under tests/e2e that are not listed count as _E2E: they start real processes too.
_HEAVY_FILES = {
    "e2e/test_cli_release.py": 82,
    "e2e/reliability/test_same_outcome.py": 75,
    "e2e/test_real_tenant.py": 71,
    "e2e/test_state_readonly.py": 49,
    "e2e/test_container_install.py": 47,
    "e2e/test_cli_once.py": 44,
    "e2e/test_real_tenant_faults.py": 27,
    "e2e/reliability/test_state_file.py": 21,
    "e2e/test_probe.py": 19,
    "e2e/test_cli_advice.py": 16,
    "e2e/worker/test_worker_process.py": 15,
    "e2e/test_least_privilege_secrets.py": 15,
    "e2e/test_cli_options.py": 15,
    "e2e/test_cli_stuck.py": 12,
    "e2e/test_cli_config_errors.py": 11,
    "e2e/test_readme_commands.py": 10,
    "e2e/test_cli_adopt.py": 10,
    "e2e/test_check_once_agree.py": 10,
    "e2e/test_state_postgres.py": 9,
    "adapter/graph/test_sync_cycle.py": 9,
    "e2e/test_least_privilege.py": 9,
    "adapter/teams/test_renderer.py": 8,
    "unit/teams/test_cards.py": 8,
}
_E2E = 8
_TESTS = Path(__file__).resolve().parent


def _weight(path: Path) -> float:
    relative = path.resolve().relative_to(_TESTS).as_posix()
    return _HEAVY_FILES.get(relative, _E2E if relative.startswith("e2e/") else 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Heaviest file first; a file's tests stay together and in order, light files keep theirs.

    With two workers, a long file started last makes the other worker idle while it runs;
    started first, it runs beside everything else (longest processing time first).
    """
    first_seen: dict[Path, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(item.path, index)
    items.sort(key=lambda item: (-_weight(item.path), first_seen[item.path]))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """One real PostgreSQL server for this pytest process (each xdist worker has its own)."""
    binaries = find_binaries()
    if binaries is None:
        pytest.fail("PostgreSQL is not installed: run tools/install-real-parts.sh")
    with running_server(binaries) as server:
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        # migrated once: every test's database is a copy at the newest schema
        StateStore.open_url(server.url(TEMPLATE)).close()
        yield server


@pytest.fixture
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """The URL of a database of its own for this test, at the newest schema, dropped after.

    About a third of a second each on the 2-core machine: for tests about a database as a
    whole; the store's contract tests take ``postgres_state_url``.
    """
    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def _shared_database(postgres_server: Server) -> tuple[str, tuple[str, ...]]:
    with psycopg.connect(postgres_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE shared TEMPLATE {TEMPLATE}")
    url = postgres_server.url("shared")
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'freigabe_schema'"
        ).fetchall()
    return url, tuple(table for (table,) in rows)


@pytest.fixture
def postgres_state_url(_shared_database: tuple[str, tuple[str, ...]]) -> str:
    """The URL of this process's migrated database, emptied for this test.

    Deleting the rows of the few small tables takes milliseconds, copying a database a
    third of a second. With replication role ``replica`` no trigger fires: the audit log's
    refuse the delete, the foreign keys' would check each row.
    """
    url, tables = _shared_database
    with psycopg.connect(url) as conn:
        # a connection a failed test left open must not make every later test hang
        conn.execute("SET lock_timeout = '5s'")
        conn.execute("SET session_replication_role = replica")
        for table in tables:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - names read from pg_tables
    return url


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Search what this test phase printed or logged."""
    for finding in leaked_secrets(report.sections, support.SECRETS):
        _LEAKS.append(f"{report.nodeid} ({report.when}) {finding}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every leak at the end of the run."""
    if _LEAKS:
        terminalreporter.section("test secrets in captured output", red=True)
        for leak in _LEAKS:
            terminalreporter.line(leak)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A leak fails the run even when every test passed."""
    if _LEAKS and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

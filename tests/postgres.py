"""A real PostgreSQL server for the tests: one per pytest process, on a Unix socket.

``tools/install-real-parts.sh`` installs the Debian package; its binaries live in
``/usr/lib/postgresql/<major>/bin``, which is not on the PATH. The server runs in a temporary
directory owned by the user it runs as, listens on a socket in that directory only (so xdist
workers never compete for a port) and trades durability for speed: the data is thrown away.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

__all__ = ["Server", "find_binaries", "running_server"]

# initdb refuses to run as root; Debian's package creates this user
_RUN_AS = "postgres"
_SUPERUSER = "freigabe_test"
# Durability off: a test server's data dies with it, and fsync costs seconds per database
_FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


@dataclass(frozen=True, slots=True)
class Server:
    """A running server: its socket directory and the superuser to connect as."""

    socket_dir: Path
    user: str

    def url(self, database: str) -> str:
        """The connection URL of ``database`` on this server, through its socket."""
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}"


def find_binaries() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl``: the PATH's, else the newest Debian major."""
    found = shutil.which("pg_ctl")
    if found is not None:
        return Path(found).resolve().parent
    majors = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return majors[-1].parent if majors else None


def _as_user(command: Sequence[str]) -> list[str]:
    if os.geteuid() != 0:
        return list(command)
    return ["runuser", "-u", _RUN_AS, "--", *command]


@contextmanager
def running_server(binaries: Path) -> Iterator[Server]:
    """Start a fresh server with the programs in ``binaries``; stop and delete it afterwards."""
    # not under pytest's tmp_path: its parents are private to root, and the server's user
    # must reach its socket and data
    base = Path(tempfile.mkdtemp(prefix="freigabe-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam(_RUN_AS)
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data = base / "data"
    try:
        _run(
            [
                str(binaries / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                _SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ]
        )
        options = " ".join(
            [f"-c unix_socket_directories={base}", "-c listen_addresses=''"]
            + [f"-c {setting}" for setting in _FAST]
        )
        _run(
            [
                str(binaries / "pg_ctl"),
                "--pgdata",
                str(data),
                "--log",
                str(base / "server.log"),
                "--options",
                options,
                "--wait",
                "start",
            ]
        )
        try:
            yield Server(base, _SUPERUSER)
        finally:
            _run([str(binaries / "pg_ctl"), "--pgdata", str(data), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _run(command: Sequence[str]) -> None:
    done = subprocess.run(_as_user(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


TEMPLATE = "freigabe_template"
"""The database every test database is copied from, migrated once per server."""
_DATABASES = itertools.count(1)


@contextmanager
def fresh_database(server: Server) -> Iterator[str]:
    """The URL of a new database at the newest schema on ``server``, dropped afterwards."""
    name = f"test_{next(_DATABASES)}"
    admin = server.url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield server.url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        # FORCE: a test that failed midway may have left a connection open
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")

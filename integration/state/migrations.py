"""The schema of the state file, as an ordered list of migrations.

Migration ``n`` (1-based) brings a file from schema version ``n - 1`` to ``n``; the version is
kept in ``PRAGMA user_version`` and the file is marked as freigabe's by ``PRAGMA
application_id``. A migration, once released, is never edited: a change is a new entry.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from integration.errors import StateError
from integration.state.audit_head_schema import AUDIT_HEAD_SCHEMA
from integration.state.outbox_schema import OUTBOX_SCHEMA
from integration.state.problems_schema import PROBLEMS_SCHEMA
from integration.state.publications_schema import PUBLICATIONS_SCHEMA
from integration.state.rounds_schema import ROUNDS_SCHEMA

__all__ = ["APPLICATION_ID", "MIGRATIONS", "check_identity", "migrate", "schema_version"]

# "FRGB": lets a freigabe file be told apart from any other SQLite database.
APPLICATION_ID = 0x46524742

_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};

CREATE TABLE libraries (
    key                TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL,
    list_id            TEXT NOT NULL,
    drive_id           TEXT NOT NULL,
    web_url            TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    config_fingerprint TEXT NOT NULL
) STRICT;

CREATE TABLE cursors (
    library  TEXT PRIMARY KEY REFERENCES libraries (key),
    link     TEXT NOT NULL,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    resync   INTEGER NOT NULL CHECK (resync IN (0, 1))
) STRICT;

CREATE TABLE snapshots (
    library TEXT NOT NULL REFERENCES libraries (key),
    item_id TEXT NOT NULL,
    data    TEXT NOT NULL,
    PRIMARY KEY (library, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE resync_seen (
    library TEXT NOT NULL REFERENCES libraries (key),
    item_id TEXT NOT NULL,
    PRIMARY KEY (library, item_id)
) STRICT, WITHOUT ROWID;

-- No AUTOINCREMENT: it would spend a seq on every duplicate skipped by ON CONFLICT. Events
-- are never deleted, so max(seq) + 1 never hands out a seq twice.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    library     TEXT NOT NULL REFERENCES libraries (key),
    item_id     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'removed')),
    etag        TEXT NOT NULL,
    data        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (library, item_id, kind, etag)
) STRICT;

CREATE TABLE checkpoints (
    name TEXT PRIMARY KEY,
    seq  INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"""

MIGRATIONS: tuple[str, ...] = (
    _V1,
    ROUNDS_SCHEMA,
    PUBLICATIONS_SCHEMA,
    OUTBOX_SCHEMA,
    PROBLEMS_SCHEMA,
    AUDIT_HEAD_SCHEMA,
)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version the file at ``conn`` is at (0 for a new file)."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the file to the newest schema, one migration per transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Raises ``StateError`` when
    the file is not a freigabe state file or was written by a newer schema; ``sqlite3`` errors
    propagate for the caller to translate.
    """
    version = schema_version(conn)
    check_identity(conn, path, version)
    for target, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            # the script carries its own BEGIN/COMMIT: executescript commits any open
            # transaction first, so it cannot run inside one opened from Python
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {target};\nCOMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def check_identity(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Raise ``StateError`` unless the file is freigabe's (or empty) and not too new for us."""
    (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    (tables,) = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    foreign = application_id != APPLICATION_ID if version else tables > 0
    if foreign:
        raise StateError(f"{path} is not a freigabe state file or is corrupt")
    if version > len(MIGRATIONS):
        raise StateError(
            f"state file {path} was written by a newer freigabe (schema version {version}; "
            f"this version knows up to {len(MIGRATIONS)}); upgrade freigabe to use it"
        )

"""Migrating an existing state file keeps a copy of it first, so an upgrade can be undone.

Before the first migration runs on a file that already holds state (schema version 1 or
later), the file is copied beside itself as ``<stem>.before-schema-N<suffix>`` (N the
version it is brought to) with the online backup API, like ``freigabe backup``. Rolling
back is then: stop the worker, put the copy in place of the state file, start the older
freigabe. A copy already there is kept: the upgrade to N was tried before and stopped
midway (each migration commits on its own), and the copy from then holds the older file.
A copy that cannot be written stops the upgrade before anything changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import structlog

from integration.errors import StateError
from integration.state.backup import write_backup
from integration.state.migrations import MIGRATIONS, check_identity, migrate, schema_version

__all__ = ["migrate_keeping_copy", "pre_migration_copy"]

log = structlog.get_logger("freigabe.state")


def pre_migration_copy(path: Path, version: int) -> Path:
    """Where the copy of the state file at ``path`` taken before migrating to ``version`` is."""
    return path.with_name(f"{path.stem}.before-schema-{version}{path.suffix}")


def migrate_keeping_copy(conn: sqlite3.Connection, path: Path) -> None:
    """``migrations.migrate``, after a copy of a file that holds state at an older schema.

    ``StateError`` when the copy cannot be written (nothing is migrated then).
    """
    version = schema_version(conn)
    check_identity(conn, path, version)
    newest = len(MIGRATIONS)
    if 0 < version < newest:
        _keep_copy(conn, path, version, newest)
    migrate(conn, path)


def _keep_copy(conn: sqlite3.Connection, path: Path, version: int, newest: int) -> None:
    copy = pre_migration_copy(path, newest)
    try:
        result = write_backup(conn, copy, replace=False)
    except FileExistsError:
        log.warning(
            "state.migration_copy_kept",
            path=str(copy),
            from_version=version,
            to_version=newest,
            note="a copy from an earlier attempt at this upgrade is kept as it is",
        )
        return
    except StateError as err:
        raise StateError(
            f"state file {path} is at schema version {version} and must be migrated to "
            f"{newest}, but no copy could be kept first: {err}"
        ) from err
    log.warning(
        "state.migration_copy",
        path=str(copy),
        from_version=version,
        to_version=newest,
        check=result.check,
        note="to roll the upgrade back, stop freigabe and put this copy in place of the state",
    )

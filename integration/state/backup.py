"""A consistent copy of the state file through SQLite's online backup API.

For ``freigabe backup`` the source is a read-only store (``StateStore.open_readonly``), so a
backup runs beside the worker, which keeps its lock; before a migration it is the worker's
own connection. The copy is made in one backup step: it reads one snapshot of
the file, whatever the worker commits meanwhile (a copy in several steps would start over
after each commit of another connection). The copy is switched from WAL to the rollback
journal, so it is one self-contained file (no ``-wal``, no ``-shm``); freigabe switches it back
to WAL when it opens it as its state. It is written beside the target under a hidden name,
checked, synced, and only then given the target's name, so a target is never half written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from integration.errors import StateError
from integration.state.anchors import meta_head
from integration.state.migrations import schema_version
from integration.state.records import AuditHead
from integration.state.space import space_hint

__all__ = ["BackupResult", "write_backup"]

_NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP)


@dataclass(frozen=True, slots=True)
class BackupResult:
    """What ``write_backup`` wrote.

    Attributes:
        path: the backup file.
        size: its size in bytes.
        schema_version: the schema version it is at (that of the state file copied).
        head: the audit log's head in the copy, None for an empty log.
        check: SQLite's ``quick_check`` of the copy: ``"ok"`` or the first problem found.
    """

    path: Path
    size: int
    schema_version: int
    head: AuditHead | None
    check: str


def write_backup(source: sqlite3.Connection, target: Path, *, replace: bool) -> BackupResult:
    """Copy the database ``source`` is open on to ``target``; replace a file there only if told.

    ``source`` may be read-only and needs no transaction of its own.

    Raises ``FileExistsError`` when ``target`` exists and ``replace`` is false (nothing is
    written), ``StateError`` when the copy cannot be made or written.
    """
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    _create(partial, target)
    try:
        result = _copy(source, partial, target)
        _place(partial, target, replace=replace)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    _sync_folder(target.parent)
    return result


def _create(partial: Path, target: Path) -> None:
    # SQLite would say only "unable to open database file"; the OS says why
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as err:
        raise StateError(f"cannot write backup {target}: {err.strerror}") from err


def _copy(source: sqlite3.Connection, partial: Path, target: Path) -> BackupResult:
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
    except sqlite3.Error as err:
        raise StateError(f"cannot write backup {target}: {err}") from err
    try:
        try:
            source.backup(copy)  # one step (pages=-1): one snapshot of the source
        except sqlite3.Error as err:
            # the source is only read: a full volume is the target's, not the state's
            raise StateError(f"cannot write backup {target}: {err}{space_hint(target)}") from err
        check, version, head = _inspect(copy, target)
    finally:
        copy.close()
    try:
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        size = partial.stat().st_size
    except OSError as err:
        raise StateError(f"cannot write backup {target}: {err.strerror}") from err
    return BackupResult(target, size, version, head, check)


def _inspect(copy: sqlite3.Connection, target: Path) -> tuple[str, int, AuditHead | None]:
    try:
        copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        (check,) = copy.execute("PRAGMA quick_check").fetchone()
        return str(check), schema_version(copy), meta_head(copy)
    except StateError as err:
        raise StateError(f"cannot write backup {target}: {err}") from err
    except sqlite3.Error as err:
        raise StateError(f"cannot write backup {target}: {err}{space_hint(target)}") from err


def _place(partial: Path, target: Path, *, replace: bool) -> None:
    try:
        if replace:
            os.replace(partial, target)
        else:
            # a hard link takes the name only if nobody has it: no window for overwriting
            os.link(partial, target)
    except FileExistsError:
        raise
    except OSError as err:
        if replace or err.errno not in _NO_HARD_LINKS:
            raise StateError(f"cannot write backup {target}: {err.strerror}") from err
        # a filesystem without hard links: checking and renaming are two steps there
        if target.exists():
            raise FileExistsError(target) from err
        os.replace(partial, target)


def _sync_folder(folder: Path) -> None:
    # the new name must survive a power loss too, not only the bytes behind it
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

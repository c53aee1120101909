"""The work behind ``freigabe backup FILE``: a consistent copy of the state file."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from config import Settings
from integration.errors import UsageError
from integration.state.backup import write_backup
from integration.state.readonly import connect_readonly
from integration.state.transactions import translated
from jobs import messages as m

__all__ = ["backup"]


def backup(settings: Settings, target: Path, *, force: bool) -> tuple[str, bool]:
    """Copy the state file to ``target`` (read-only: works beside the worker).

    Returns the report and whether the copy passed SQLite's quick_check. ``UsageError``
    when ``target`` exists and ``force`` is not set, names the state file or one of its
    companions, lies in no existing folder, or has a journal beside it; ``StateError``
    when the copy fails; ``UsageError`` too when the state is in PostgreSQL.
    """
    if settings.state_url is not None:
        raise UsageError(
            "backup copies a state file; the state is in PostgreSQL (state_url): use pg_dump"
        )
    state = settings.state_path
    if _same_file(target, state):
        raise UsageError(f"{target} is the state file itself; name a file elsewhere")
    if not target.parent.is_dir():
        raise UsageError(f"folder {target.parent} does not exist; create it or name another")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; pass --force to replace it")
    for end in ("-journal", "-wal"):
        # SQLite would apply a journal left beside the target to the new copy on its next open
        if (companion := target.with_name(target.name + end)).exists():
            raise UsageError(
                f"{companion} exists: {target} is in use or was not closed cleanly; "
                "name another file"
            )
    # the SQLite connection itself, not a StateStore: the copy is made by SQLite's backup API
    with closing(connect_readonly(state)) as conn, translated(state):
        try:
            result = write_backup(conn, target, replace=force)
        except FileExistsError as err:
            raise UsageError(f"{target} exists; pass --force to replace it") from err
    lang = settings.language
    head = (
        m.AUDIT_HEAD(lang, seq=result.head.seq, hash=result.head.hash)
        if result.head
        else m.EMPTY(lang)
    )
    lines = [
        m.BACKUP_WRITTEN(lang, path=result.path),
        m.BACKUP_SIZE(lang, size=result.size),
        m.BACKUP_SCHEMA(lang, version=result.schema_version),
        m.BACKUP_HEAD(lang, head=head),
        m.BACKUP_CHECK(lang, check=result.check),
    ]
    if result.check != "ok":
        lines.append(m.BACKUP_DAMAGED(lang))
    return "\n".join(lines), result.check == "ok"


def _same_file(target: Path, state: Path) -> bool:
    # by resolved name, so a symlink cannot make the live file (or its -wal/-shm) the target
    real = state.resolve()
    names = {real, *(real.with_name(real.name + end) for end in ("-wal", "-shm", ".lock"))}
    return target.resolve() in names

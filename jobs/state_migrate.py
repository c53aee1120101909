"""The work behind ``freigabe state migrate``: a state file moved into PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from config import Settings
from config.state import StateUrl
from integration.errors import UsageError
from integration.state import StateStore
from integration.state.postgres import masked_url
from integration.state.transfer import transfer_state
from jobs import messages as m
from jobs.state import database_login

__all__ = ["migrate_state"]


def migrate_state(settings: Settings, source: Path, url: str | None) -> tuple[str, bool]:
    """Copy the state file ``source`` into the empty database ``url`` (default: state_url).

    The file is opened as the worker opens it (locked, at the newest schema), so a worker
    still running on it makes this refuse. Returns the report and whether the moved audit
    chain verifies. ``UsageError`` for a missing file or no usable URL.
    """
    target = url or settings.state_url
    if target is None:
        raise UsageError(
            "name the database: --to postgresql://... or state_url in the configuration"
        )
    try:
        TypeAdapter(StateUrl).validate_python(target)
    except ValidationError as err:
        raise UsageError(f"--to: {err.errors()[0]['msg']}") from None
    if not source.is_file():
        raise UsageError(f"{source} does not exist or is no file")
    with (
        StateStore.open(source) as src,
        StateStore.open_url(target, **database_login(settings)) as dst,
    ):
        moved = transfer_state(src, dst)
    check = moved.verification
    lang = settings.language
    lines = [m.STATE_MOVED(lang, source=source, target=masked_url(target))]
    lines += [f"  {table}: {count}" for table, count in moved.rows.items() if count]
    if check.ok:
        lines.append(m.AUDIT_INTACT(lang, entries=m.ENTRIES(lang, check.entries)))
    else:
        # the store's reason (English) on a line of its own, as `audit verify` prints it
        seq = check.first_bad_seq
        head = m.AUDIT_ALTERED(lang) if seq is None else m.AUDIT_ALTERED_FROM(lang, seq=seq)
        lines += [head, f"  {check.reason}", m.ALTERED_AT_SOURCE(lang, source=source)]
    return "\n".join(lines), check.ok

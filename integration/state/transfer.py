"""Moving a whole state from one store to another (``freigabe state migrate``): every table,
the audit log and outbox included, copied row by row in one transaction of the target."""

from __future__ import annotations

from dataclasses import dataclass

from integration.errors import StateError
from integration.state.records import AuditVerification
from integration.state.store import StateStore

__all__ = ["TABLES", "Transfer", "transfer_state"]

# Every table of the newest schema (migrations.py, postgres_schema.py), parents first so the
# foreign keys of cursors, snapshots, resync_seen and events hold at every insert.
TABLES = (
    "libraries",
    "cursors",
    "snapshots",
    "resync_seen",
    "events",
    "checkpoints",
    "audit",
    "meta",
    "rounds",
    "processed",
    "pending_writes",
    "releases",
    "notices",
    "publication_slugs",
    "publications",
    "publication_files",
    "publication_feed",
    "publication_journal",
    "outbox",
    "item_problems",
)


@dataclass(frozen=True, slots=True)
class Transfer:
    """What was moved: rows per table, and the target's audit chain checked afterwards."""

    rows: dict[str, int]
    verification: AuditVerification


def transfer_state(source: StateStore, target: StateStore) -> Transfer:
    """Copy every row of ``source`` into the empty ``target``, then verify the target's chain.

    One read snapshot of the source, one write transaction of the target: a failure leaves
    the target as empty as it was. ``StateError`` when the target holds any row already, or
    when the counts or the audit chain of the copy do not match the source's.
    """
    rows: dict[str, int] = {}
    with source.snapshot() as src, target.transaction() as dst:
        filled = [t for t in TABLES if dst.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]  # noqa: S608 - fixed names
        if filled:
            raise StateError(
                f"{target.name} is not empty (rows in {', '.join(filled)}); move into an empty one"
            )
        for table in TABLES:
            cursor = src.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            columns = ", ".join(column[0] for column in cursor.description)
            marks = ", ".join("?" * len(cursor.description))
            dst.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", cursor)  # noqa: S608 - fixed names
            (rows[table],) = dst.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
            (expected,) = src.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
            if rows[table] != expected:
                raise StateError(f"{table}: {rows[table]} rows arrived of {expected}")
    verification = target.verify_audit()
    if verification.ok != source.verify_audit().ok:
        raise StateError(f"the audit chain of {target.name} does not verify as the source's")
    return Transfer(rows, verification)

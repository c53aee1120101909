"""What the state store's SQL needs of a connection: ``sqlite3`` and PostgreSQL both give it.

The repositories (``queries``, ``audit``, ``rounds``, ...) write their statements once, with
``?`` placeholders and SQL both databases speak; ``sqlite3.Connection`` satisfies these
protocols as it is, ``postgres.PgConnection`` adapts a psycopg connection to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from integration.state.postgres_notices import DatabaseNotices

__all__ = ["Connection", "Database", "Rows"]


class Rows(Protocol):
    """The result of one statement: its rows (tuples), their columns, how many rows it changed."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any:
        """One entry per column of the result, its name first (DB-API)."""
        ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """Runs statements with ``?`` placeholders; the caller manages the transaction."""

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Rows: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Rows: ...


class Database(Protocol):
    """Where a ``StateStore`` keeps its tables: a state file or a PostgreSQL database.

    Each context manager re-raises the driver's errors as ``StateError``.
    """

    @property
    def name(self) -> str:
        """The state in words for messages ("state file /x", "state database ...")."""
        ...

    def write(self) -> AbstractContextManager[Connection]:
        """One write transaction: committed if the block ends normally, else rolled back.

        Writers are serialised: while one is open, another waits (or fails when busy).
        """
        ...

    def snapshot(self) -> AbstractContextManager[Connection]:
        """One read transaction: every read inside sees the same state; inside an open
        transaction it is that transaction."""
        ...

    def reading(self) -> AbstractContextManager[Connection]:
        """The connection for reads outside a transaction."""
        ...

    def try_lead(self) -> bool:
        """Become the one replica that runs the cycle, if no other is; whether this one is.

        A state file has one writer by its lock, which therefore leads; a read-only store
        never does.
        """
        ...

    def leading(self) -> bool:
        """Whether this store still leads (checked with the database, not remembered)."""
        ...

    def resign(self) -> None:
        """Stop leading, so that a standby may take over at once; no-op when not leading."""
        ...

    def wake_leader(self) -> None:
        """Ask the leading replica, whichever it is, to sync now (no-op on a state file)."""
        ...

    def notices(self) -> DatabaseNotices | None:
        """A listener for the replicas' notices (None on a state file: no other replica)."""
        ...

    def close(self) -> None:
        """Close the connection (and release what guards it); closing twice is harmless."""
        ...

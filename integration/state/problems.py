"""Documents the service could not bring up to date this cycle, and why.

A write refused for one document (423 while it is open in Office, 400 or 500 for one value)
or a publication that failed must not hold up the others, nor be forgotten: the document is
recorded here with the stage and the answer, shown by ``freigabe status`` and ``/metrics``,
tried again in the next cycle, and cleared once that stage succeeds for it.
"""

from __future__ import annotations

from datetime import datetime

from integration.state.codec import decode_datetime, encode_datetime
from integration.state.store import StateStore
from integration.state.transactions import decoding
from ports.problems import ItemProblem, Stage

__all__ = ["EXPORT_SITE", "ProblemStore"]

EXPORT_SITE = "export:site"
"""The problem record of the export as a whole (as opposed to one document's)."""


class ProblemStore:
    """Repository of ``item_problems`` in a :class:`StateStore`."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def record(
        self,
        stage: Stage,
        *,
        library: str,
        document_id: str,
        name: str,
        message: str,
        at: datetime,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        """Record (or count once more) that ``document_id`` failed at ``stage``."""
        when = encode_datetime(at)
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO item_problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
                "ON CONFLICT (document_id, stage) DO UPDATE SET name = excluded.name, "
                "status = excluded.status, code = excluded.code, message = excluded.message, "
                "last_at = excluded.last_at, attempts = attempts + 1",
                (document_id, stage.value, library, name, status, code, message, when, when),
            )

    def clear(self, stage: Stage, document_id: str) -> None:
        """``document_id`` went through ``stage``: forget its problem there, if any."""
        with self._store.transaction() as conn:
            conn.execute(
                "DELETE FROM item_problems WHERE document_id = ? AND stage = ?",
                (document_id, stage.value),
            )

    def documents(self, stage: Stage) -> dict[str, str]:
        """document id -> library of every document stuck at ``stage``."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT document_id, library FROM item_problems WHERE stage = ?", (stage.value,)
            ).fetchall()
        return {doc: lib for doc, lib in rows}

    def all(self) -> list[ItemProblem]:
        """Every stuck document, oldest problem first."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT document_id, stage, library, name, status, code, message, first_at, "
                "last_at, attempts FROM item_problems ORDER BY first_at, document_id"
            ).fetchall()
        found = []
        for d, s, lib, n, st, c, m, f, la, a in rows:
            with decoding(self._store.name, "a document problem", f"document {d}"):
                found.append(
                    ItemProblem(
                        d, Stage(s), lib, n, st, c, m, decode_datetime(f), decode_datetime(la), a
                    )
                )
        return found

    def counts(self) -> dict[Stage, int]:
        """How many documents are stuck at each stage (every stage listed, zeros included)."""
        with self._store.reading() as conn:
            rows = dict(
                conn.execute("SELECT stage, count(*) FROM item_problems GROUP BY stage").fetchall()
            )
        return {stage: int(rows.get(stage.value, 0)) for stage in Stage}

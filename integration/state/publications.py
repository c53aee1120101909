"""The repository of the public export's bookkeeping: slugs, entries, files, feed, journal.

Entries and feed items are opaque JSON text here; the export package encodes them. Each
method is one transaction (writes) or one read.
"""

from __future__ import annotations

from collections.abc import Collection

from integration.state.store import StateStore
from ports.publications import JournalRow, Operation

__all__ = ["PublicationRepository"]


class PublicationRepository:
    """Reads and writes the publications tables of one ``StateStore``: the export's
    ``ports.publications.PublicationBooks``."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def slug_of(self, document_id: str) -> str | None:
        """The slug ``document_id`` holds, or None."""
        with self._store.reading() as conn:
            row = conn.execute(
                "SELECT slug FROM publication_slugs WHERE document_id = ?", (document_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def slug_taken(self, slug: str) -> bool:
        """Some document holds ``slug``."""
        with self._store.reading() as conn:
            row = conn.execute("SELECT 1 FROM publication_slugs WHERE slug = ?", (slug,)).fetchone()
        return row is not None

    def claim_slug(self, document_id: str, slug: str) -> None:
        """Give ``slug`` to ``document_id`` for good (``StateError`` if another holds it)."""
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO publication_slugs (document_id, slug) VALUES (?, ?)",
                (document_id, slug),
            )

    def entries(self) -> dict[str, str]:
        """The published entries by document id."""
        with self._store.reading() as conn:
            rows = conn.execute("SELECT document_id, entry FROM publications").fetchall()
        return {str(d): str(e) for d, e in rows}

    def files(self) -> dict[str, str]:
        """The files the export should hold below its document folders, path → document."""
        with self._store.reading() as conn:
            rows = conn.execute("SELECT path, document_id FROM publication_files").fetchall()
        return {str(p): str(d) for p, d in rows}

    def feed(self) -> list[tuple[int, str]]:
        """The feed history as (seq, item JSON), oldest first."""
        with self._store.reading() as conn:
            rows = conn.execute("SELECT seq, item FROM publication_feed ORDER BY seq").fetchall()
        return [(int(s), str(i)) for s, i in rows]

    def journal(self) -> list[JournalRow]:
        """The unfinished operations, by document id."""
        with self._store.reading() as conn:
            rows = conn.execute(
                "SELECT document_id, operation, stage, payload FROM publication_journal"
                " ORDER BY document_id"
            ).fetchall()
        return [JournalRow(*row) for row in rows]

    def begin(self, document_id: str, operation: Operation, payload: str) -> None:
        """Record that ``operation`` on ``document_id`` started (replacing an older one)."""
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO publication_journal"
                " (document_id, operation, stage, payload) VALUES (?, ?, 'started', ?)"
                " ON CONFLICT (document_id) DO UPDATE SET operation = excluded.operation,"
                " stage = excluded.stage, payload = excluded.payload",
                (document_id, operation, payload),
            )

    def mark_verified(self, document_id: str, payload: str) -> None:
        """The versioned copy of ``document_id`` is complete; ``payload`` says what it holds."""
        with self._store.transaction() as conn:
            conn.execute(
                "UPDATE publication_journal SET stage = 'verified', payload = ?"
                " WHERE document_id = ?",
                (payload, document_id),
            )

    def drop_journal(self, document_id: str) -> None:
        """Forget the unfinished operation on ``document_id``."""
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM publication_journal WHERE document_id = ?", (document_id,))

    def commit(
        self,
        document_id: str,
        *,
        entry: str | None,
        add_files: Collection[str] = (),
        remove_files: Collection[str] = (),
        feed_item: str | None = None,
    ) -> None:
        """Finish an operation in one transaction.

        Sets the entry of ``document_id`` (None removes it), adds and removes file paths,
        appends ``feed_item`` when given and drops the journal row.
        """
        with self._store.transaction() as conn:
            if entry is None:
                conn.execute("DELETE FROM publications WHERE document_id = ?", (document_id,))
            else:
                conn.execute(
                    "INSERT INTO publications (document_id, entry) VALUES (?, ?)"
                    " ON CONFLICT (document_id) DO UPDATE SET entry = excluded.entry",
                    (document_id, entry),
                )
            conn.executemany(
                "DELETE FROM publication_files WHERE path = ?", [(p,) for p in remove_files]
            )
            conn.executemany(
                "INSERT INTO publication_files (path, document_id) VALUES (?, ?)"
                " ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id",
                [(p, document_id) for p in add_files],
            )
            if feed_item is not None:
                conn.execute(
                    "INSERT INTO publication_feed (seq, document_id, item) VALUES"
                    " ((SELECT coalesce(max(seq), 0) + 1 FROM publication_feed), ?, ?)",
                    (document_id, feed_item),
                )
            conn.execute("DELETE FROM publication_journal WHERE document_id = ?", (document_id,))

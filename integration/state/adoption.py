"""Adopting an export into a state that does not know it (lost, replaced or new), at once.

Publications, archived files, the feed history and release records are written in ONE
transaction, with an audit entry per adopted release: a crash in the middle leaves the
state as it was, and the next cycle adopts again instead of sweeping half-known files away.
Entries and feed items come as the JSON text the publications tables keep (the export's
codec writes it), so this module knows no export type; releases come typed, as the ledger
keeps them (``integration.state.ledger_codec``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from integration.state import audit
from integration.state.codec import canonical_json, encode_datetime
from integration.state.ledger_codec import release_to_json
from integration.state.store import StateStore
from ports.ledger import Release

__all__ = ["ADOPTED_AUDIT", "AdoptedPublication", "AdoptedRelease", "adopt"]

ADOPTED_AUDIT = "release.adopted"


@dataclass(frozen=True, slots=True)
class AdoptedPublication:
    """A document the export publishes: its slug, entry (JSON) and files."""

    document_id: str
    slug: str
    entry: str
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdoptedRelease:
    """The release of an adopted publication (round 0: no round is known), with what the
    export published for it: the bytes' SHA-256 and how they were known to be the voted
    content."""

    release: Release
    sha256: str
    verified_by: str


def adopt(
    store: StateStore,
    *,
    publications: Sequence[AdoptedPublication],
    other_files: Sequence[str],
    feed: Sequence[tuple[str, str]],
    releases: Sequence[AdoptedRelease],
    at: datetime,
) -> None:
    """Write an adoption in one transaction.

    ``other_files`` are files below the document folders that no publication names
    (archives of older releases): kept, owned by no document. ``feed`` holds (document id,
    item JSON), oldest first.
    """
    with store.transaction() as conn:
        for pub in publications:
            conn.execute(
                "INSERT INTO publication_slugs VALUES (?, ?)"
                " ON CONFLICT (document_id) DO UPDATE SET slug = excluded.slug",
                (pub.document_id, pub.slug),
            )
            conn.execute(
                "INSERT INTO publications VALUES (?, ?)"
                " ON CONFLICT (document_id) DO UPDATE SET entry = excluded.entry",
                (pub.document_id, pub.entry),
            )
        owned = [(path, pub.document_id) for pub in publications for path in pub.files]
        conn.executemany(
            "INSERT INTO publication_files VALUES (?, ?)"
            " ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id",
            [*owned, *((path, "") for path in other_files)],
        )
        for document_id, item in feed:
            conn.execute(
                "INSERT INTO publication_feed (seq, document_id, item) VALUES"
                " ((SELECT coalesce(max(seq), 0) + 1 FROM publication_feed), ?, ?)",
                (document_id, item),
            )
        for adopted in releases:
            rel = adopted.release
            record = {
                **release_to_json(rel),
                "sha256": adopted.sha256,
                "verified_by": adopted.verified_by,
            }
            conn.execute(
                "INSERT INTO releases VALUES (?, ?, ?, ?, NULL, ?)"
                " ON CONFLICT (document_id, round) DO NOTHING",
                (
                    rel.document_id,
                    rel.round,
                    rel.library,
                    encode_datetime(rel.released_at),
                    canonical_json(record),
                ),
            )
            payload = {"title": rel.title, "version": rel.version.label}
            audit.append_entry(conn, at, ADOPTED_AUDIT, rel.document_id, payload)

"""The tables of the public export's bookkeeping (a migration in ``migrations.py``).

``publications`` is the source of truth of what the export shows: manifest, index and feed
are rendered from it. ``publication_journal`` holds at most one unfinished operation per
document so a restart can finish or undo it.
"""

from __future__ import annotations

__all__ = ["PUBLICATIONS_SCHEMA"]

PUBLICATIONS_SCHEMA = """
-- a document keeps its slug for good, so its stable URL survives renames and withdrawals
CREATE TABLE publication_slugs (
    document_id TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE publications (
    document_id TEXT PRIMARY KEY,
    entry       TEXT NOT NULL
) STRICT;

-- every file below dokumente/ and versionen/ the export should hold (archive included)
CREATE TABLE publication_files (
    path        TEXT PRIMARY KEY,
    document_id TEXT NOT NULL
) STRICT;

CREATE TABLE publication_feed (
    seq         INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    item        TEXT NOT NULL
) STRICT;

CREATE TABLE publication_journal (
    document_id TEXT PRIMARY KEY,
    operation   TEXT NOT NULL CHECK (operation IN ('publish', 'withdraw')),
    stage       TEXT NOT NULL CHECK (stage IN ('started', 'verified')),
    payload     TEXT NOT NULL
) STRICT;
"""

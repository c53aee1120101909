"""Tables of the release process: rounds, processed fields, pending writes, releases, notices."""

from __future__ import annotations

__all__ = ["ROUNDS_SCHEMA"]

ROUNDS_SCHEMA = """
-- One row per vote round; ``data`` is the round as it stood last (JSON).
CREATE TABLE rounds (
    document_id TEXT NOT NULL,
    number      INTEGER NOT NULL CHECK (number >= 1),
    library     TEXT NOT NULL,
    open        INTEGER NOT NULL CHECK (open IN (0, 1)),
    ending      TEXT,
    ended_at    TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (document_id, number)
) STRICT;
CREATE UNIQUE INDEX rounds_one_open ON rounds (document_id) WHERE open = 1;

-- The fields of each document as the release process last processed them, the service's
-- own writes included: the "before" of the next observation.
CREATE TABLE processed (
    document_id TEXT PRIMARY KEY,
    library     TEXT NOT NULL,
    fields      TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A field write announced before it is sent, with the step it belongs to (JSON, if any):
-- after a crash, a write that reached SharePoint is finished by committing that step.
CREATE TABLE pending_writes (
    document_id TEXT PRIMARY KEY,
    library     TEXT NOT NULL,
    fields      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    step        TEXT
) STRICT, WITHOUT ROWID;

-- Release records: what was released, on which votes, and whether it was withdrawn.
CREATE TABLE releases (
    document_id  TEXT NOT NULL,
    round        INTEGER NOT NULL,
    library      TEXT NOT NULL,
    released_at  TEXT NOT NULL,
    withdrawn_at TEXT,
    record       TEXT NOT NULL,
    PRIMARY KEY (document_id, round)
) STRICT;

-- What people are to be told, once each (key = the notice's idempotency key).
CREATE TABLE notices (
    seq         INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    library     TEXT NOT NULL,
    document_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,
    data        TEXT NOT NULL
) STRICT;
"""

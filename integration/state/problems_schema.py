"""The table of documents stuck at a stage (a migration in ``migrations.py``)."""

from __future__ import annotations

__all__ = ["PROBLEMS_SCHEMA"]

PROBLEMS_SCHEMA = """
CREATE TABLE item_problems (
    document_id TEXT NOT NULL,
    stage       TEXT NOT NULL CHECK (stage IN ('enforce', 'publish', 'link')),
    library     TEXT NOT NULL,
    name        TEXT NOT NULL,
    status      INTEGER,
    code        TEXT,
    message     TEXT NOT NULL,
    first_at    TEXT NOT NULL,
    last_at     TEXT NOT NULL,
    attempts    INTEGER NOT NULL CHECK (attempts >= 1),
    PRIMARY KEY (document_id, stage)
) STRICT;
"""

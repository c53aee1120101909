"""The table of the notification outbox (a migration in ``migrations.py``)."""

from __future__ import annotations

__all__ = ["OUTBOX_SCHEMA"]

OUTBOX_SCHEMA = """
-- One row per notification, kept after delivery: the key is what makes a replayed or
-- resynced event a no-op. Times are UTC text of one fixed width, so they sort as text.
-- state: pending (waiting for next_at), sending (a POST may be under way since
-- sending_since), sent, failed (given up; shown in status and metrics).
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    channel       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at    TEXT NOT NULL,
    next_at       TEXT NOT NULL,
    sending_since TEXT,
    done_at       TEXT,
    last_error    TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_at);
"""

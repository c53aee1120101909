"""The schema of a PostgreSQL state database, as an ordered list of migrations.

Version 1 holds what the SQLite file reaches after its six migrations (``migrations.py``), in
PostgreSQL's words: the same tables and columns (times and JSON as text, flags as 0/1), so
the repositories' SQL runs unchanged on both. What SQLite does by itself is done by
triggers: a new row's ``seq`` is max(seq) + 1, as SQLite hands out a rowid (no sequence:
a duplicate skipped by ON CONFLICT spends no number), and the audit log and its head only
move forward. A migration, once released, is never edited: a change is a new entry.
"""

from __future__ import annotations

__all__ = ["POSTGRES_MIGRATIONS"]

_V1 = """
CREATE FUNCTION freigabe_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next bigint;
BEGIN
    IF NEW.seq IS NULL THEN
        EXECUTE format('SELECT coalesce(max(seq), 0) + 1 FROM %I', TG_TABLE_NAME) INTO next;
        NEW.seq := next;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION freigabe_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;

CREATE FUNCTION freigabe_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.key IS DISTINCT FROM OLD.key
        OR (NEW.value::jsonb ->> 'seq')::bigint <= (OLD.value::jsonb ->> 'seq')::bigint
    THEN
        RAISE EXCEPTION 'the audit head only moves forward';
    END IF;
    RETURN NEW;
END $$;

-- NULL for text that is no JSON object: a damaged release record is simply no anchor
CREATE FUNCTION freigabe_json(body text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE WHEN jsonb_typeof(body::jsonb) = 'object' THEN body::jsonb END;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END $$;

CREATE TABLE libraries (
    key                text PRIMARY KEY,
    site_id            text NOT NULL,
    list_id            text NOT NULL,
    drive_id           text NOT NULL,
    web_url            text NOT NULL,
    display_name       text NOT NULL,
    config_fingerprint text NOT NULL
);

CREATE TABLE cursors (
    library  text PRIMARY KEY REFERENCES libraries (key),
    link     text NOT NULL,
    complete integer NOT NULL CHECK (complete IN (0, 1)),
    resync   integer NOT NULL CHECK (resync IN (0, 1))
);

CREATE TABLE snapshots (
    library text NOT NULL REFERENCES libraries (key),
    item_id text NOT NULL,
    data    text NOT NULL,
    PRIMARY KEY (library, item_id)
);

CREATE TABLE resync_seen (
    library text NOT NULL REFERENCES libraries (key),
    item_id text NOT NULL,
    PRIMARY KEY (library, item_id)
);

CREATE TABLE events (
    seq         bigint PRIMARY KEY,
    library     text NOT NULL REFERENCES libraries (key),
    item_id     text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('added', 'changed', 'removed')),
    etag        text NOT NULL,
    data        text NOT NULL,
    recorded_at text NOT NULL,
    UNIQUE (library, item_id, kind, etag)
);
CREATE TRIGGER events_seq BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION freigabe_next_seq();

CREATE TABLE checkpoints (
    name text PRIMARY KEY,
    seq  bigint NOT NULL CHECK (seq >= 0)
);

CREATE TABLE audit (
    seq       bigint PRIMARY KEY,
    at        text NOT NULL,
    kind      text NOT NULL,
    subject   text NOT NULL,
    payload   text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL
);
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION freigabe_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION freigabe_append_only();

CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON meta
    FOR EACH ROW WHEN (OLD.key = 'audit_head') EXECUTE FUNCTION freigabe_head_forward();

CREATE TABLE rounds (
    document_id text NOT NULL,
    number      integer NOT NULL CHECK (number >= 1),
    library     text NOT NULL,
    open        integer NOT NULL CHECK (open IN (0, 1)),
    ending      text,
    ended_at    text,
    data        text NOT NULL,
    PRIMARY KEY (document_id, number)
);
CREATE UNIQUE INDEX rounds_one_open ON rounds (document_id) WHERE open = 1;

CREATE TABLE processed (
    document_id text PRIMARY KEY,
    library     text NOT NULL,
    fields      text NOT NULL
);

CREATE TABLE pending_writes (
    document_id text PRIMARY KEY,
    library     text NOT NULL,
    fields      text NOT NULL,
    created_at  text NOT NULL,
    step        text
);

CREATE TABLE releases (
    document_id  text NOT NULL,
    round        integer NOT NULL,
    library      text NOT NULL,
    released_at  text NOT NULL,
    withdrawn_at text,
    record       text NOT NULL,
    PRIMARY KEY (document_id, round)
);

CREATE TABLE notices (
    seq         bigint PRIMARY KEY,
    key         text NOT NULL UNIQUE,
    library     text NOT NULL,
    document_id text NOT NULL,
    kind        text NOT NULL,
    at          text NOT NULL,
    data        text NOT NULL
);
CREATE TRIGGER notices_seq BEFORE INSERT ON notices
    FOR EACH ROW EXECUTE FUNCTION freigabe_next_seq();

CREATE TABLE publication_slugs (
    document_id text PRIMARY KEY,
    slug        text NOT NULL UNIQUE
);

CREATE TABLE publications (
    document_id text PRIMARY KEY,
    entry       text NOT NULL
);

CREATE TABLE publication_files (
    path        text PRIMARY KEY,
    document_id text NOT NULL
);

CREATE TABLE publication_feed (
    seq         bigint PRIMARY KEY,
    document_id text NOT NULL,
    item        text NOT NULL
);
CREATE TRIGGER publication_feed_seq BEFORE INSERT ON publication_feed
    FOR EACH ROW EXECUTE FUNCTION freigabe_next_seq();

CREATE TABLE publication_journal (
    document_id text PRIMARY KEY,
    operation   text NOT NULL CHECK (operation IN ('publish', 'withdraw')),
    stage       text NOT NULL CHECK (stage IN ('started', 'verified')),
    payload     text NOT NULL
);

CREATE TABLE outbox (
    seq           bigint PRIMARY KEY,
    key           text NOT NULL UNIQUE,
    channel       text NOT NULL,
    kind          text NOT NULL,
    payload       text NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at    text NOT NULL,
    next_at       text NOT NULL,
    sending_since text,
    done_at       text,
    last_error    text
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE TRIGGER outbox_seq BEFORE INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION freigabe_next_seq();

CREATE TABLE item_problems (
    document_id text NOT NULL,
    stage       text NOT NULL CHECK (stage IN ('enforce', 'publish', 'link')),
    library     text NOT NULL,
    name        text NOT NULL,
    status      integer,
    code        text,
    message     text NOT NULL,
    first_at    text NOT NULL,
    last_at     text NOT NULL,
    attempts    integer NOT NULL CHECK (attempts >= 1),
    PRIMARY KEY (document_id, stage)
);
"""

POSTGRES_MIGRATIONS: tuple[str, ...] = (_V1,)

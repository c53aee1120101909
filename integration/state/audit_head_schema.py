"""The anchor of the audit log's head in the meta table (a migration in ``migrations.py``)."""

from __future__ import annotations

__all__ = ["AUDIT_HEAD_SCHEMA"]

# Removing entries from the end of a hash chain breaks no link, so the head (seq and hash of
# the newest entry) is kept outside the log too, moved in the same transaction as every
# append. A file from before this migration adopts the head its log has now. The triggers,
# like the audit table's own, stop an accidental write from moving the head back; whoever
# drops them is caught by the release records' and the export's copies of the head.
AUDIT_HEAD_SCHEMA = """
INSERT INTO meta (key, value)
SELECT 'audit_head', json_object('hash', hash, 'seq', seq) FROM audit ORDER BY seq DESC LIMIT 1;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON meta WHEN old.key = 'audit_head'
BEGIN
    SELECT RAISE(ABORT, 'the audit head only moves forward');
END;

CREATE TRIGGER audit_head_forward BEFORE UPDATE ON meta
WHEN old.key = 'audit_head' AND (
    new.key IS NOT old.key
    OR json_extract(new.value, '$.seq') <= json_extract(old.value, '$.seq')
)
BEGIN
    SELECT RAISE(ABORT, 'the audit head only moves forward');
END;
"""

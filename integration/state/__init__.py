"""The state store: what the worker remembers between cycles, in a SQLite file or PostgreSQL."""

from integration.state.anchors import audit_head
from integration.state.records import (
    AuditEntry,
    AuditHead,
    AuditVerification,
    Cursor,
    RecordedEvent,
)
from integration.state.store import StateStore

__all__ = [
    "AuditEntry",
    "AuditHead",
    "AuditVerification",
    "Cursor",
    "RecordedEvent",
    "StateStore",
    "audit_head",
]

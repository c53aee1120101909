"""The state store: what the worker remembers between cycles, in one SQLite file."""

from integration.state.records import (
    AuditEntry,
    AuditVerification,
    Cursor,
    RecordedEvent,
    ResolvedLibrary,
)
from integration.state.store import StateStore

__all__ = [
    "AuditEntry",
    "AuditVerification",
    "Cursor",
    "RecordedEvent",
    "ResolvedLibrary",
    "StateStore",
]

"""Opening the state ``settings`` name: a SQLite file (``state_path``) or PostgreSQL
(``state_url``), for the worker or, read-only, for the commands that only look."""

from __future__ import annotations

from typing import Any

from config import Settings
from integration.state import StateStore
from ports.clock import Clock, system_clock

__all__ = ["database_login", "open_state", "open_state_readonly"]


def open_state(settings: Settings, clock: Clock = system_clock) -> StateStore:
    """The state store of ``settings``, at the newest schema (created if new)."""
    if settings.state_url is None:
        return StateStore.open(settings.state_path, clock=clock)
    return StateStore.open_url(settings.state_url, **database_login(settings), clock=clock)


def open_state_readonly(settings: Settings) -> StateStore:
    """The state store of ``settings`` for reading only, beside a running worker.

    Nothing is created or migrated; every write raises ``StateError``.
    """
    if settings.state_url is None:
        return StateStore.open_readonly(settings.state_path)
    return StateStore.open_url_readonly(settings.state_url, **database_login(settings))


def database_login(settings: Settings) -> dict[str, Any]:
    """The password and libpq options of ``state_database``, as ``open_url`` takes them."""
    database = settings.state_database
    password = database.password.get_secret_value() if database.password else None
    return {"password": password, "options": database.libpq_options()}

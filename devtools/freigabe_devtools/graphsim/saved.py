"""A simulated tenant kept in a file, so a later ``freigabe simulator`` serves it as it was left.

``freigabe demo`` saves its tenant beside its state file; the state's delta links, eTags and
item ids only make sense against that very tenant, not against the scenario it started from.

The file is a pickle: the tenant is a graph of plain objects (items, versions, change logs,
directory) that no hand-written format would round-trip as faithfully. A pickle runs code when
loaded, so only files this program wrote are loaded: the file starts with a marker and the
version of freigabe that wrote it, and anything else is refused before unpickling. It is a
developer's file in a developer's folder, never read by the service itself.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["OffsetClock", "SavedTenantError", "load_tenant", "save_tenant"]

_MAGIC = b"freigabe-simulator-tenant\n"


class SavedTenantError(Exception):
    """The file is no saved tenant of this version of freigabe."""


class OffsetClock:
    """Real time plus an offset: the demo's time, which jumps ahead while the story runs."""

    def __init__(self, offset: timedelta = timedelta()) -> None:
        self.offset = offset

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass(frozen=True, slots=True)
class _Saved:
    tenant: Tenant
    clock_offset: timedelta


def _header() -> bytes:
    return _MAGIC + version("freigabe").encode("ascii") + b"\n"


def save_tenant(tenant: Tenant, path: Path) -> None:
    """Write ``tenant`` to ``path`` atomically (a crash leaves the previous file)."""
    offset = tenant.clock() - datetime.now(UTC)
    body = pickle.dumps(_Saved(tenant, offset), protocol=pickle.HIGHEST_PROTOCOL)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as out:
        out.write(_header() + body)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def load_tenant(path: Path) -> Tenant:
    """The tenant saved at ``path``, its clock as far ahead of real time as when it was saved."""
    data = path.read_bytes()
    header = _header()
    if not data.startswith(_MAGIC):
        raise SavedTenantError(f"{path} is not a tenant saved by freigabe")
    if not data.startswith(header):
        raise SavedTenantError(
            f"{path} was saved by another version of freigabe; run `make demo` again"
        )
    saved = pickle.loads(data[len(header) :])  # noqa: S301 - our own file, checked above
    if not isinstance(saved, _Saved):
        raise SavedTenantError(f"{path} is not a tenant saved by freigabe")
    saved.tenant.clock = OffsetClock(saved.clock_offset)
    return saved.tenant

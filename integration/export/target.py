"""The export target port: a small store of files addressed by relative paths.

Paths are checked with ``paths.check_path``; a refused path raises ``UnsafeName`` before
anything is touched. Every write is atomic: a reader sees the old bytes or the new ones,
never a part. Failures of the storage underneath leave as ``ExportTargetError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

__all__ = ["IMMUTABLE", "SHORT_LIVED", "ExportTarget"]

IMMUTABLE = "public, max-age=31536000, immutable"
"""Cache-Control of versioned files: their bytes never change."""

SHORT_LIVED = "public, max-age=300"
"""Cache-Control of stable paths, index, manifest and feed: they change on every release."""


class ExportTarget(Protocol):
    """Where the public export is written (a folder, a Blob container)."""

    async def put_stream(
        self, path: str, chunks: AsyncIterator[bytes], content_type: str, cache_control: str
    ) -> None:
        """Write the bytes ``chunks`` yields to ``path``, atomically.

        The content becomes visible only after ``chunks`` is exhausted; if iterating it
        raises, nothing changes at ``path`` and the exception propagates. Memory use is
        bounded by a few MiB whatever the size.
        """
        ...

    async def put_bytes(
        self, path: str, data: bytes, content_type: str, cache_control: str
    ) -> None:
        """Write ``data`` to ``path``, atomically."""
        ...

    async def copy(self, source: str, path: str, content_type: str, cache_control: str) -> None:
        """Write the content of ``source`` to ``path``, atomically and streamed.

        Raises ``ExportTargetError`` when ``source`` does not exist.
        """
        ...

    async def get_bytes(self, path: str) -> bytes | None:
        """The content of ``path`` (small files only), or None when it does not exist."""
        ...

    async def delete(self, path: str) -> None:
        """Remove ``path``; removing a missing path is no error."""
        ...

    async def exists(self, path: str) -> bool:
        """``path`` holds a file."""
        ...

    async def archive(self, path: str) -> None:
        """Move ``path`` to the export's archive, a place the public base URL does not serve
        (a sibling folder, another container), under the same relative path.

        The archived copy is complete before the public one goes; archiving a path that is
        no longer public is no error, so an interrupted move may simply run again.
        """
        ...

    async def list(self, prefix: str) -> list[str]:
        """The visible files below the folder ``prefix`` (e.g. ``dokumente``), sorted."""
        ...

    async def discard_partials(self) -> None:
        """Remove what interrupted writes left behind (no visible file changes)."""
        ...

    async def aclose(self) -> None:
        """Release connections; the target is not used afterwards."""
        ...

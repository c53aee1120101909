"""Checking streamed content against the hash that was voted on, on the way through."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

from integration.errors import HashMismatch
from integration.graph.quickxor import QuickXorHash

__all__ = ["ContentCheck"]


class ContentCheck:
    """Hashes the bytes of one stream with SHA-256 and QuickXorHash as they pass.

    ``sha256`` and ``size`` are meaningful once ``stream`` was exhausted without error.
    """

    def __init__(self, document_id: str, voted_hash: str) -> None:
        self._document_id = document_id
        self._voted = voted_hash
        self._sha256 = hashlib.sha256()
        self._quickxor = QuickXorHash()
        self.size = 0

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes streamed so far."""
        return self._sha256.hexdigest()

    async def stream(self, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Pass ``chunks`` on; after the last, raise ``HashMismatch`` unless they match.

        The check comes before the iteration ends, so a target that commits only on a
        clean end never makes refused bytes visible.
        """
        async for chunk in chunks:
            self._sha256.update(chunk)
            self._quickxor.update(chunk)
            self.size += len(chunk)
            yield chunk
        actual = self._quickxor.digest_b64()
        if actual != self._voted:
            raise HashMismatch(self._document_id, expected=self._voted, actual=actual)

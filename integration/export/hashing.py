"""Checking streamed content against the hash that was voted on, on the way through.

The round binds a release to Graph's listed quickXorHash. The bytes SharePoint serves may
still differ from it: Office files are served with the library's properties written in
("document property demotion"; rclone#2599, #9767, onedrive-api-docs#935), so their hash
and size differ from the listing, and not even the same from one download to the next. When
the streamed hash differs, the check asks the caller's ``vouch`` whether these bytes are
nevertheless the voted content (the caller knows why: Graph's listing), and refuses them
otherwise. The SHA-256 of what was actually served is what the export publishes.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable

from integration.errors import HashMismatch
from integration.quickxor import QuickXorHash

__all__ = ["QUICKXOR", "ContentCheck", "Vouch"]

QUICKXOR = "quickxor"
"""How bytes whose quickXorHash is the voted one were checked."""

Vouch = Callable[[str], Awaitable[str | None]]
"""Told the quickXorHash of served bytes that differ from the voted hash; answers how they are
known to be the voted content all the same (a short word, recorded as ``verified_by``), or
None to refuse them."""


class ContentCheck:
    """Hashes the bytes of one stream with SHA-256 and QuickXorHash as they pass.

    ``sha256``, ``size`` and ``verified_by`` are meaningful once ``stream`` was exhausted
    without error.
    """

    def __init__(self, document_id: str, voted_hash: str, vouch: Vouch | None = None) -> None:
        self._document_id = document_id
        self._voted = voted_hash
        self._vouch = vouch
        self.verified_by = QUICKXOR
        self._sha256 = hashlib.sha256()
        self._quickxor = QuickXorHash()
        self.size = 0

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes streamed so far."""
        return self._sha256.hexdigest()

    async def stream(self, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Pass ``chunks`` on; after the last, raise ``HashMismatch`` unless they match or
        ``vouch`` vouches for them.

        The check comes before the iteration ends, so a target that commits only on a
        clean end never makes refused bytes visible.
        """
        async for chunk in chunks:
            self._sha256.update(chunk)
            self._quickxor.update(chunk)
            self.size += len(chunk)
            yield chunk
        actual = self._quickxor.digest_b64()
        if actual == self._voted:
            return
        reason = await self._vouch(actual) if self._vouch is not None else None
        if reason is None:
            raise HashMismatch(self._document_id, expected=self._voted, actual=actual)
        self.verified_by = reason

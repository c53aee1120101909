"""Identifiers shaped like SharePoint Online's, drawn from a seeded generator.

The simulator seeds one ``IdFactory`` per tenant, so the same scenario yields the same ids
every run; tests and demos can then print and compare them.
"""

from __future__ import annotations

import base64
import random
import uuid

__all__ = ["IdFactory", "drive_id_for", "format_etag", "parse_etag"]


class IdFactory:
    """Deterministic source of GUIDs and driveItem ids for one tenant."""

    __slots__ = ("_rng",)

    def __init__(self, seed: str | int) -> None:
        self._rng = random.Random(seed)

    def guid(self) -> str:
        """A random (version 4 shaped) GUID in lower case, as Graph writes list ids."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def number(self) -> int:
        """A random non-negative 63-bit number (seeds for generated content)."""
        return self._rng.getrandbits(63)

    def drive_item_id(self) -> str:
        """A 34-character driveItem id: ``01`` and 32 base32 letters, as ODfB issues them."""
        raw = self._rng.getrandbits(160).to_bytes(20, "big")
        return "01" + base64.b32encode(raw).decode("ascii")


def drive_id_for(site_collection_id: str, web_id: str, list_id: str) -> str:
    """The drive id SharePoint derives from the site, web and list GUIDs.

    ``b!`` followed by the URL-safe base64 of the three GUIDs' bytes, so it contains ``!``
    and often ``-`` or ``_``: exactly the characters clients forget to percent-encode.
    """
    raw = b"".join(uuid.UUID(g).bytes_le for g in (site_collection_id, web_id, list_id))
    return "b!" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def format_etag(unique_id: str, version: int, *, drive_item: bool) -> str:
    """An eTag with its quotes: ``"{GUID},N"`` for driveItems, ``"guid,N"`` for listItems."""
    if drive_item:
        return f'"{{{unique_id.upper()}}},{version}"'
    return f'"{unique_id},{version}"'


def parse_etag(etag: str) -> tuple[str, int] | None:
    """The (lower-case GUID, change number) of either eTag style, or None if malformed.

    Weak markers (``W/``), quotes and braces are ignored, so an eTag read from a driveItem
    can be compared with one read from the listItem of the same file.
    """
    text = etag.strip()
    text = text.removeprefix("W/").strip('"')
    guid, sep, number = text.partition(",")
    if not sep or not number.isdigit():
        return None
    return guid.strip("{}").lower(), int(number)

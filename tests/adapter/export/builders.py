"""Releases and content streams for the export tests."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from integration.export import ContentOpener, Organisation, OrgVote, PublicRelease, VoteValue
from integration.quickxor import quickxor_hash

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ORGS = {"DWV": "Deutscher Wanderverband", "BLP": "Bund Landschaftspflege", "KIV": "Kinderverband"}


def votes() -> tuple[OrgVote, ...]:
    return (
        OrgVote(Organisation("BLP", ORGS["BLP"]), VoteValue.ABSTAIN),
        OrgVote(Organisation("DWV", ORGS["DWV"]), VoteValue.APPROVE),
        OrgVote(Organisation("KIV", ORGS["KIV"]), VoteValue.NONE),
    )


def release(
    content: bytes,
    *,
    document_id: str = "01ABCDOC",
    file_name: str = "Leitfaden Öffentlichkeitsarbeit.pdf",
    title: str = "Leitfaden Öffentlichkeitsarbeit",
    version: str = "1.0",
    document_type: str = "Leitfaden",
    days: int = 0,
    media_type: str = "application/pdf",
) -> PublicRelease:
    """A release of ``content`` (its quickXorHash is the voted hash)."""
    return PublicRelease(
        document_id=document_id,
        library="allianz",
        file_name=file_name,
        title=title,
        summary=f"Zusammenfassung von {title}",
        document_type=document_type,
        lead_org=Organisation("DWV", ORGS["DWV"]),
        version_label=version,
        content_hash=quickxor_hash(content),
        released_at=START + timedelta(days=days),
        votes=votes(),
        media_type=media_type,
    )


def opener(content: bytes, chunk: int = 7000) -> ContentOpener:
    """Opens a stream of ``content`` in chunks of ``chunk`` bytes."""

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(content), chunk):
            yield content[start : start + chunk]

    return stream


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def listed(_: str) -> str:
    """Vouches for content as the publish stage does while Graph lists the voted hash (a PDF
    made of it never hashes to it)."""
    return "listed"

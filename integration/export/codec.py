"""The JSON text the publications tables keep for entries and feed items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from integration.export.records import (
    FeedItem,
    FeedKind,
    Organisation,
    OrgVote,
    PdfCopy,
    PublicRelease,
    PublishedEntry,
    VoteValue,
)

__all__ = ["decode_entry", "decode_feed_item", "encode_entry", "encode_feed_item"]


def _release_dict(r: PublicRelease) -> dict[str, Any]:
    return {
        "document_id": r.document_id,
        "library": r.library,
        "file_name": r.file_name,
        "title": r.title,
        "summary": r.summary,
        "document_type": r.document_type,
        "lead_org": [r.lead_org.code, r.lead_org.name],
        "version_label": r.version_label,
        "content_hash": r.content_hash,
        "released_at": r.released_at.isoformat(),
        "votes": [[v.organisation.code, v.organisation.name, v.vote.value] for v in r.votes],
        "media_type": r.media_type,
    }


def _release(d: dict[str, Any]) -> PublicRelease:
    return PublicRelease(
        document_id=d["document_id"],
        library=d["library"],
        file_name=d["file_name"],
        title=d["title"],
        summary=d["summary"],
        document_type=d["document_type"],
        lead_org=Organisation(*d["lead_org"]),
        version_label=d["version_label"],
        content_hash=d["content_hash"],
        released_at=datetime.fromisoformat(d["released_at"]),
        votes=tuple(OrgVote(Organisation(c, n), VoteValue(v)) for c, n, v in d["votes"]),
        media_type=d["media_type"],
    )


def encode_entry(entry: PublishedEntry) -> str:
    """``entry`` as JSON text."""
    pdf = entry.pdf
    return json.dumps(
        {
            "release": _release_dict(entry.release),
            "pdf": [pdf.stable_path, pdf.versioned_path, pdf.sha256, pdf.size] if pdf else None,
            "slug": entry.slug,
            "stable_path": entry.stable_path,
            "versioned_path": entry.versioned_path,
            "sha256": entry.sha256,
            "size": entry.size,
            "verified_by": entry.verified_by,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def decode_entry(text: str) -> PublishedEntry:
    """The entry ``encode_entry`` wrote as ``text``."""
    d = json.loads(text)
    pdf = d.get("pdf")  # entries written before the PDFs have none
    return PublishedEntry(
        release=_release(d["release"]),
        slug=d["slug"],
        stable_path=d["stable_path"],
        versioned_path=d["versioned_path"],
        sha256=d["sha256"],
        size=d["size"],
        verified_by=d.get("verified_by", "quickxor"),  # entries written before 0.2
        pdf=PdfCopy(*pdf) if pdf else None,
    )


def encode_feed_item(item: FeedItem) -> str:
    """``item`` without its seq (the table keeps that) as JSON text."""
    return json.dumps(
        {
            "kind": item.kind.value,
            "document_id": item.document_id,
            "title": item.title,
            "at": item.at.isoformat(),
            "version_label": item.version_label,
            "summary": item.summary,
            "stable_path": item.stable_path,
            "actor": item.actor,
            "versioned_path": item.versioned_path,
            "sha256": item.sha256,
            "size": item.size,
            "media_type": item.media_type,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def decode_feed_item(seq: int, text: str) -> FeedItem:
    """The feed item ``encode_feed_item`` wrote as ``text``, at position ``seq``."""
    d = json.loads(text)
    return FeedItem(
        seq=seq,
        kind=FeedKind(d["kind"]),
        document_id=d["document_id"],
        title=d["title"],
        at=datetime.fromisoformat(d["at"]),
        version_label=d["version_label"],
        summary=d["summary"],
        stable_path=d["stable_path"],
        actor=d["actor"],
        # items written before 0.2 have no file facts
        versioned_path=d.get("versioned_path", ""),
        sha256=d.get("sha256", ""),
        size=d.get("size", 0),
        media_type=d.get("media_type", ""),
    )

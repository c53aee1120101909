"""``manifest.json``: the machine-readable list of released documents.

Its shape is the JSON Schema ``manifest.schema.json`` shipped in this package and published
next to the manifest; ``SCHEMA_VERSION`` names the version it follows. It also carries the
audit log's head as it stood when the manifest was written: a copy outside the state file,
so a log cut off at its end (its anchors in the state rewound with it) still shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import resources
from typing import Any

from integration.export.paths import SCHEMA
from integration.export.records import Organisation, PublishedEntry
from integration.text import clean

__all__ = [
    "SCHEMA_VERSION",
    "ChainHead",
    "HeadSource",
    "audit_head_of",
    "document_types_of",
    "entry_order",
    "render_manifest",
    "schema_bytes",
]

SCHEMA_VERSION = "1.3"

_HEX64 = re.compile(r"[0-9a-f]{64}").fullmatch

ChainHead = tuple[int, str]
"""The audit log's newest entry as (seq, sha256 hex): the state store's ``AuditHead``."""

HeadSource = Callable[[], ChainHead | None]
"""Tells the head as it stands now; None while the log is empty. The export has no state of
its own: whoever composes it passes this in."""


def schema_bytes() -> bytes:
    """The JSON Schema of the manifest, as shipped."""
    return resources.files("integration.export").joinpath(SCHEMA).read_bytes()


def entry_order(entry: PublishedEntry) -> tuple[str, str, str]:
    """Sort key of entries: document type, title, id (the order of manifest and index)."""
    r = entry.release
    return (r.document_type.casefold(), r.title.casefold(), r.document_id)


def _org(org: Organisation) -> dict[str, str]:
    return {"code": clean(org.code), "name": clean(org.name)}


def _document(entry: PublishedEntry, base_url: str) -> dict[str, Any]:
    r = entry.release
    # texts from SharePoint are cleaned as on the pages; ids, hashes and URLs are ours
    document: dict[str, Any] = {
        "id": r.document_id,
        "title": clean(r.title),
        "summary": clean(r.summary, lines=True),
        "document_type": clean(r.document_type),
        "lead_organisation": _org(r.lead_org),
        "version": clean(r.version_label),
        "content_hash": r.content_hash,
        "sha256": entry.sha256,
        "verified_by": entry.verified_by,
        "size": entry.size,
        "media_type": r.media_type,
        "released_at": r.released_at.isoformat(),
        "votes": [{"organisation": _org(v.organisation), "vote": v.vote.value} for v in r.votes],
        "urls": {
            "stable": f"{base_url}/{entry.stable_path}",
            "versioned": f"{base_url}/{entry.versioned_path}",
        },
    }
    if entry.pdf is not None:
        document["pdf"] = {
            "sha256": entry.pdf.sha256,
            "size": entry.pdf.size,
            "urls": {
                "stable": f"{base_url}/{entry.pdf.stable_path}",
                "versioned": f"{base_url}/{entry.pdf.versioned_path}",
            },
        }
    return document


def render_manifest(
    entries: Sequence[PublishedEntry],
    *,
    base_url: str,
    title: str,
    updated: datetime | None,
    head: ChainHead | None = None,
) -> bytes:
    """The manifest of ``entries`` (any order) as UTF-8 JSON; ``head`` as its audit head."""
    manifest: dict[str, object] = {
        "$schema": f"{base_url}/{SCHEMA}",
        "schema_version": SCHEMA_VERSION,
        "title": clean(title),
        "updated": updated.isoformat() if updated else None,
        "documents": [_document(e, base_url) for e in sorted(entries, key=entry_order)],
    }
    if head is not None:
        manifest["audit_head"] = {"seq": head[0], "hash": head[1]}
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def audit_head_of(data: bytes) -> ChainHead | None:
    """The audit head a manifest carries; None when it carries none (older, or empty log).

    ``ValueError`` when ``data`` is no manifest or its head is malformed.
    """
    manifest = json.loads(data)
    if not isinstance(manifest, dict) or "documents" not in manifest:
        raise ValueError("not a freigabe manifest.json")
    head = manifest.get("audit_head")
    if head is None:
        return None
    seq, digest = (head.get("seq"), head.get("hash")) if isinstance(head, dict) else (None, None)
    if type(seq) is not int or seq < 1 or not isinstance(digest, str) or not _HEX64(digest):
        raise ValueError(f"its audit_head is malformed: {json.dumps(head)[:200]}")
    return seq, digest


def document_types_of(data: bytes | None) -> set[str]:
    """The document types a manifest lists; none when ``data`` is no manifest of ours."""
    try:
        manifest = json.loads(data) if data else None
    except ValueError:
        return set()
    documents = manifest.get("documents") if isinstance(manifest, dict) else None
    if not isinstance(documents, list):
        return set()
    return {
        d["document_type"]
        for d in documents
        if isinstance(d, dict) and isinstance(d.get("document_type"), str)
    }

"""Reading back what an export publishes, for a state file that lost it.

The export's files are what member websites link to; a state file that is lost, replaced or
new must not make freigabe empty it. ``read_published`` reads the export's own
``manifest.json`` and ``feed.xml`` back into published entries and the feed history, and
lists every file below the document folders (archived versions included), so that the
caller can adopt them into the state instead of sweeping them away.

The feed names each entry's document and version in two Atom categories (``feed.py``);
feeds written before that name them only in the link and the title, which is read as a
fallback (withdrawal entries of such feeds carry no document and are skipped).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from integration.export.feed import DOCUMENT_SCHEME, VERSION_SCHEME
from integration.export.paths import FEED, MANIFEST, STABLE_DIR, VERSIONS_DIR, extension
from integration.export.records import (
    FeedItem,
    FeedKind,
    Organisation,
    OrgVote,
    PublicRelease,
    PublishedEntry,
    VoteValue,
)
from integration.export.target import ExportTarget

__all__ = ["PublishedExport", "read_published"]

_ATOM = "{http://www.w3.org/2005/Atom}"
# the headings of both languages (integration/export/wording.py)
_TITLE = re.compile(
    r"^(?:Freigegeben|Zurückgezogen|Released|Withdrawn): (?P<title>.*) \(Version (?P<v>[^()]*)\)$"
)
_SHA = re.compile(r"SHA-256 ([0-9a-f]{64})")


@dataclass(frozen=True, slots=True)
class PublishedExport:
    """What an export shows, read back from its own files.

    Attributes:
        entries: the published documents; their releases carry no library and, as file
            name, the stable file's name: the caller knows the documents' real ones.
        feed: the feed history, oldest first (``seq`` as read, to be renumbered).
        files: every file below ``dokumente/`` and ``versionen/``.
    """

    entries: tuple[PublishedEntry, ...]
    feed: tuple[FeedItem, ...]
    files: tuple[str, ...]


def _obj(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _relative(url: str, folder: str) -> str:
    """The export path of a public URL (the base URL may have changed since)."""
    marker = f"/{folder}/"
    head, found, tail = url.rpartition(marker)
    return f"{folder}/{tail}" if found and head else ""


def _votes(raw: object) -> tuple[OrgVote, ...]:
    out = []
    for vote in raw if isinstance(raw, list) else []:
        org = _obj(_obj(vote).get("organisation"))
        try:
            value = VoteValue(str(_obj(vote).get("vote")))
        except ValueError:
            continue
        out.append(OrgVote(Organisation(str(org.get("code")), str(org.get("name"))), value))
    return tuple(out)


def _entry(doc: Mapping[str, Any]) -> PublishedEntry | None:
    urls = _obj(doc.get("urls"))
    stable = _relative(str(urls.get("stable", "")), STABLE_DIR)
    versioned = _relative(str(urls.get("versioned", "")), VERSIONS_DIR)
    lead = _obj(doc.get("lead_organisation"))
    try:
        released_at = datetime.fromisoformat(str(doc["released_at"]))
        document_id, sha256 = str(doc["id"]), str(doc["sha256"])
    except (KeyError, ValueError):
        return None
    if not (stable and versioned and document_id):
        return None
    file_name = stable.rpartition("/")[2]
    slug = file_name.removesuffix(f".{extension(file_name)}") if extension(file_name) else file_name
    release = PublicRelease(
        document_id=document_id,
        library="",
        file_name=file_name,
        title=str(doc.get("title", "")),
        summary=str(doc.get("summary", "")),
        document_type=str(doc.get("document_type", "")),
        lead_org=Organisation(str(lead.get("code", "")), str(lead.get("name", ""))),
        version_label=str(doc.get("version", "")),
        # manifests before schema 1.1 name no voted hash: the published bytes stand for it
        content_hash=str(doc.get("content_hash") or f"sha256:{sha256}"),
        released_at=released_at,
        votes=_votes(doc.get("votes")),
        media_type=str(doc.get("media_type", "application/octet-stream")),
    )
    return PublishedEntry(
        release=release,
        slug=slug,
        stable_path=stable,
        versioned_path=versioned,
        sha256=sha256,
        size=int(doc.get("size") or 0),
        verified_by=str(doc.get("verified_by") or "quickxor"),
    )


def _categories(entry: ET.Element) -> dict[str | None, str]:
    return {c.get("scheme"): c.get("term", "") for c in entry.findall(f"{_ATOM}category")}


def _feed_item(
    entry: ET.Element, by_stable: Mapping[str, PublishedEntry], seq: int
) -> FeedItem | None:
    tags = _categories(entry)
    try:
        kind = FeedKind(tags.get(None, ""))
        at = datetime.fromisoformat(entry.findtext(f"{_ATOM}published", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    heading = _TITLE.match(entry.findtext(f"{_ATOM}title", ""))
    links = {link.get("rel"): link for link in entry.findall(f"{_ATOM}link")}
    alternate = links.get("alternate")
    stable = _relative(alternate.get("href", ""), STABLE_DIR) if alternate is not None else ""
    document = tags.get(DOCUMENT_SCHEME) or (
        by_stable[stable].release.document_id if stable in by_stable else ""
    )
    if not document:
        return None
    enclosure = links.get("enclosure")
    sha = _SHA.search(enclosure.get("title", "")) if enclosure is not None else None
    return FeedItem(
        seq=seq,
        kind=kind,
        document_id=document,
        title=heading.group("title") if heading else entry.findtext(f"{_ATOM}title", ""),
        at=at,
        version_label=tags.get(VERSION_SCHEME) or (heading.group("v") if heading else ""),
        summary=entry.findtext(f"{_ATOM}summary", "") if kind is FeedKind.RELEASE else "",
        stable_path=stable,
        versioned_path=(
            _relative(enclosure.get("href", ""), VERSIONS_DIR) if enclosure is not None else ""
        ),
        sha256=sha.group(1) if sha else "",
        size=int(enclosure.get("length", "0") or 0) if enclosure is not None else 0,
        media_type=enclosure.get("type", "") if enclosure is not None else "",
    )


def _feed(raw: bytes | None, entries: Sequence[PublishedEntry]) -> list[FeedItem]:
    if not raw:
        return []
    try:
        root = ET.fromstring(raw)  # noqa: S314 - the export's own file, written by feed.py
    except ET.ParseError:
        return []
    by_stable = {e.stable_path: e for e in entries}
    items = [_feed_item(e, by_stable, n) for n, e in enumerate(root.findall(f"{_ATOM}entry"))]
    # the feed lists newest first; the history is kept oldest first
    return sorted((i for i in items if i is not None), key=lambda i: (i.at, -i.seq))


async def read_published(target: ExportTarget) -> PublishedExport | None:
    """What ``target`` publishes according to its own manifest and feed; None when it has no
    readable manifest (nothing was ever published there, or not by freigabe)."""
    raw = await target.get_bytes(MANIFEST)
    try:
        manifest = json.loads(raw) if raw else None
    except ValueError:
        return None
    docs = manifest.get("documents") if isinstance(manifest, Mapping) else None
    if not isinstance(docs, list):
        return None
    entries = [e for d in docs if isinstance(d, Mapping) and (e := _entry(d)) is not None]
    feed = _feed(await target.get_bytes(FEED), entries)
    files = [path for folder in (STABLE_DIR, VERSIONS_DIR) for path in await target.list(folder)]
    return PublishedExport(tuple(entries), tuple(feed), tuple(sorted(files)))

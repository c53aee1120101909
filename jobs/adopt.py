"""Adopting an export that the state does not know: its file was lost, replaced or is new.

The export is what member websites link to. When the state holds no publication while the
export's manifest lists documents, those are taken over instead of swept away: each becomes
a publication again, with its files (archived versions too) and the feed's history, and a
release record (round 0, "übernommen", with the votes the manifest shows) unless SharePoint
says the document was withdrawn: then it is taken over only to be withdrawn as usual (the
public copy goes, the feed gets its tombstone). Everything is written in one transaction
(``integration.state.adoption``); the reconciliation that follows changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from approval.documents import as_text
from approval.vocabulary import Status, parse_status
from integration.export import PublishedEntry, Publisher, VoteValue
from integration.export.codec import encode_entry, encode_feed_item
from integration.export.paths import VERSIONS_DIR
from integration.state import StateStore
from integration.state.adoption import AdoptedPublication, AdoptedRelease, adopt
from integration.state.codec import encode_datetime

__all__ = ["ADOPTED_AT", "adopt_export", "adopted"]

ADOPTED_AT = "adopted_at"
"""The key in a release record that marks it as taken over from an existing export."""

_TALLY = {
    VoteValue.APPROVE: "approve",
    VoteValue.REJECT: "reject",
    VoteValue.ABSTAIN: "abstain",
    VoteValue.NONE: "silent",
}


def _record(entry: PublishedEntry, web_url: str | None, now: datetime) -> dict[str, object]:
    """The release record of an adopted publication, shaped as enforcement writes them."""
    r = entry.release
    tally: dict[str, list[str]] = {key: [] for key in _TALLY.values()}
    for vote in r.votes:
        tally[_TALLY[vote.vote]].append(vote.organisation.code)
    return {
        "document_id": r.document_id,
        "library": r.library,
        "name": r.file_name,
        "title": r.title,
        "summary": r.summary or None,
        "document_type": r.document_type or None,
        "web_url": web_url,
        "version": r.version_label,
        "content_hash": r.content_hash,
        "round": 0,
        "lead_org": r.lead_org.code,
        "released_at": encode_datetime(r.released_at),
        "rule": {"kind": "übernommen"},
        "votes": {v.organisation.code: {"choice": v.vote.value} for v in r.votes},
        "tally": tally,
        "sha256": entry.sha256,
        "verified_by": entry.verified_by,
        ADOPTED_AT: encode_datetime(now),
    }


def _owned(entry: PublishedEntry, files: Iterable[str]) -> tuple[str, ...]:
    """The export's files of ``entry``: its stable and versioned copy and its archive."""
    archive = f"{VERSIONS_DIR}/{entry.slug}/"
    return tuple(
        p for p in files if p in (entry.stable_path, entry.versioned_path) or p.startswith(archive)
    )


async def adopt_export(
    publisher: Publisher,
    store: StateStore,
    *,
    libraries: Iterable[str],
    status_column: str,
    clock: Callable[[], datetime],
) -> list[str]:
    """Take over what the export publishes and SharePoint does not contradict; the lines for
    the terminal (empty when the export holds nothing)."""
    found = await publisher.read_published()
    if found is None or not found.entries:
        return []
    now = clock()
    keys = list(libraries)
    publications: list[AdoptedPublication] = []
    releases: list[AdoptedRelease] = []
    lines: list[str] = []
    owned: set[str] = set()
    for entry in found.entries:
        doc = entry.release.document_id
        snapshot = next(
            (s for key in keys if (s := store.get_snapshots(key, [doc]).get(doc)) is not None),
            None,
        )
        release = replace(
            entry.release,
            library=snapshot.library if snapshot else "",
            file_name=snapshot.name if snapshot else entry.release.file_name,
        )
        adopted = replace(entry, release=release)
        files = _owned(entry, found.files)
        owned.update(files)
        publications.append(AdoptedPublication(doc, entry.slug, encode_entry(adopted), files))
        status = as_text(snapshot.fields.get(status_column)) if snapshot else None
        if parse_status(status) is Status.WITHDRAWN:
            lines.append(f"{release.file_name}: im Export, in SharePoint zurückgezogen")
            continue
        web_url = snapshot.web_url if snapshot else None
        releases.append(
            AdoptedRelease(
                doc, release.library, release.released_at, _record(adopted, web_url, now)
            )
        )
        lines.append(
            f"{release.file_name}: aus dem vorhandenen Export übernommen "
            f"(Version {release.version_label})"
        )
    adopt(
        store,
        publications=publications,
        other_files=[p for p in found.files if p not in owned],
        feed=[(item.document_id, encode_feed_item(item)) for item in found.feed],
        releases=releases,
        at=now,
    )
    return lines


def adopted(records: Iterable[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The release records taken over from an existing export."""
    return [r for r in records if r.get(ADOPTED_AT)]

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

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from approval import Choice, Tally, VotedVersion
from approval.documents import as_text
from approval.vocabulary import Status, parse_status
from integration.export import PublishedEntry, Publisher, VoteValue
from integration.export.codec import encode_entry, encode_feed_item
from integration.export.paths import VERSIONS_DIR
from integration.language import Language
from integration.state import StateStore
from integration.state.adoption import AdoptedPublication, AdoptedRelease, adopt
from jobs import messages as m
from ports.ledger import Release, ReleaseVote

__all__ = ["adopt_export", "adopted"]

_CHOICE = {
    VoteValue.APPROVE: Choice.APPROVE,
    VoteValue.REJECT: Choice.REJECT,
    VoteValue.ABSTAIN: Choice.ABSTAIN,
}


def _release(entry: PublishedEntry, web_url: str | None, now: datetime) -> AdoptedRelease:
    """The release of an adopted publication: round 0, no rule, the votes the manifest
    shows (without voters: it names none)."""
    r = entry.release
    votes = {v.organisation.code: _CHOICE.get(v.vote) for v in r.votes}
    release = Release(
        document_id=r.document_id,
        library=r.library,
        name=r.file_name,
        title=r.title,
        summary=r.summary or None,
        document_type=r.document_type or None,
        web_url=web_url,
        version=VotedVersion(r.version_label, r.content_hash),
        round=0,
        lead_org=r.lead_org.code,
        released_at=r.released_at,
        rule=None,
        votes={code: ReleaseVote(c) if c else None for code, c in votes.items()},
        tally=Tally(
            approve=tuple(sorted(code for code, c in votes.items() if c is Choice.APPROVE)),
            reject=tuple(sorted(code for code, c in votes.items() if c is Choice.REJECT)),
            abstain=tuple(sorted(code for code, c in votes.items() if c is Choice.ABSTAIN)),
            silent=tuple(sorted(code for code, c in votes.items() if c is None)),
        ),
        adopted_at=now,
    )
    return AdoptedRelease(release, entry.sha256, entry.verified_by)


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
    language: Language,
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
            lines.append(m.EXPORT_WITHDRAWN(language, name=release.file_name))
            continue
        web_url = snapshot.web_url if snapshot else None
        releases.append(_release(adopted, web_url, now))
        lines.append(
            m.TAKEN_FROM_EXPORT(language, name=release.file_name, version=release.version_label)
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


def adopted(releases: Iterable[Release]) -> list[Release]:
    """The releases taken over from an existing export."""
    return [r for r in releases if r.adopted_at is not None]

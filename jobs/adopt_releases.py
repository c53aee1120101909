"""``freigabe adopt``: documents released before freigabe watched their library.

A document that was "Freigegeben" when the service first saw its library is taken as it is
(``jobs.enforce``): nothing before the service is judged, so it never became a release and
never reached the export. Adopting records each such document as a release of its current
content (round 0, no rule: "übernommen" in the release record and the audit log) and
publishes it as any release. A document the service released itself, one in a round, and one
set to "Freigegeben" by hand since the service watched (the enforcer reverts that) are no
candidates, so adopting twice adopts nothing new.

The real run first runs a whole cycle, so every document is judged before it is adopted; the
dry run only syncs (it writes nothing to SharePoint) and lists what the real run would take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from approval import RecordAudit, Tally, VotedVersion
from approval.documents import DocumentSnapshot, as_text
from approval.vocabulary import Status, parse_status
from config import LibrarySettings
from jobs import messages as m
from jobs.policy import policy_for
from jobs.runtime import Runtime
from ports.ledger import Release, Step

__all__ = ["ADOPTED", "adopt_releases"]

ADOPTED = "approval.adopted"
"""The audit event of a release taken over by ``freigabe adopt``."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    library: LibrarySettings
    snapshot: DocumentSnapshot


def _candidates(rt: Runtime) -> Iterator[_Candidate]:
    status = rt.settings.columns.status
    for spec in rt.settings.libraries:
        for snapshot in rt.store.iter_snapshots(spec.key):
            if parse_status(as_text(snapshot.fields.get(status))) is not Status.RELEASED:
                continue
            doc = snapshot.item_id
            if rt.ledger.releases(doc) or rt.ledger.open_round(doc) is not None:
                continue
            yield _Candidate(spec, snapshot)


async def _release(rt: Runtime, found: _Candidate) -> Release:
    """The release of ``found`` as it stands: its current version and content, every
    organisation without a vote (none was cast through freigabe)."""
    snapshot, columns = found.snapshot, rt.settings.columns
    content_hash = snapshot.content_hash
    if content_hash is None:  # Office files are often listed without one
        lib = await rt.watcher.resolved(found.library)
        content_hash, _ = await rt.sharepoint.content_hash(lib, snapshot.item_id)
    organisations = policy_for(rt.settings, found.library).organisations
    now = rt.clock()
    return Release(
        document_id=snapshot.item_id,
        library=found.library.key,
        name=snapshot.name,
        title=as_text(snapshot.fields.get("Title")) or snapshot.name,
        summary=as_text(snapshot.fields.get(columns.summary)),
        document_type=as_text(snapshot.fields.get(columns.document_type)),
        web_url=snapshot.web_url,
        version=VotedVersion(snapshot.version or "", content_hash),
        round=0,
        lead_org=as_text(snapshot.fields.get(columns.lead)) or "",
        released_at=now,
        rule=None,
        votes=dict.fromkeys(organisations),
        tally=Tally(approve=(), reject=(), abstain=(), silent=tuple(sorted(organisations))),
        adopted_at=now,
    )


async def adopt_releases(rt: Runtime, *, dry_run: bool) -> list[str]:
    """Adopt every candidate (or, with ``dry_run``, list them); the lines for the terminal."""
    if dry_run:
        await rt.watcher.cycle()
    else:
        await rt.cycle()
    found = list(_candidates(rt))
    lang = rt.settings.language
    if not found:
        return [m.NOTHING_TO_ADOPT(lang)]
    if dry_run:
        return [
            m.WOULD_ADOPT(lang, name=c.snapshot.name, version=c.snapshot.version) for c in found
        ]
    lines = []
    for candidate in found:
        release = await _release(rt, candidate)
        doc = release.document_id
        audit = RecordAudit(
            doc,
            ADOPTED,
            release.released_at,
            None,
            {"round": "0", "version": release.version.label, "reason": "übernommen"},
        )
        rt.ledger.commit_step(
            Step(
                candidate.library.key,
                doc,
                processed=rt.ledger.processed(doc) or {},
                effects=(release, audit),
            )
        )
        lines.append(m.ADOPTED(lang, name=release.name, version=release.version.label))
    published = await rt.publish.run()
    return [*lines, *published.lines]

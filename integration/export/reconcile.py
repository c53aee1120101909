"""Bringing the export back in line with the release records after a restart or a crash."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from integration.errors import ExportError
from integration.export.codec import decode_entry, encode_entry
from integration.export.paths import STABLE_DIR, VERSIONS_DIR
from integration.export.records import PublicRelease, PublishedEntry
from integration.export.steps import PDF_TYPE, ExportSteps
from integration.export.target import SHORT_LIVED
from ports.publications import JournalRow

__all__ = ["ReconcileReport", "reconcile", "settle"]


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    """What reconciliation did, and what is left for the caller.

    Attributes:
        finished: documents whose interrupted publication or withdrawal was completed.
        rolled_back: documents whose interrupted publication was undone.
        removed: documents that were published but are not among the expected releases.
        swept: files below ``dokumente/`` and ``versionen/`` that nothing accounts for.
        taken_down: files of documents withdrawn earlier that were still public (left by
            earlier versions of freigabe): archived or deleted.
        missing: expected releases that are not (or not in this version) published: the
            caller publishes them (their content has to be downloaded).
        failed: (document id, what failed) for entries the target refused to check or
            repair (e.g. a symlink in their folder): left as they are, the others go on.
    """

    finished: tuple[str, ...] = ()
    rolled_back: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    swept: tuple[str, ...] = ()
    missing: tuple[PublicRelease, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    taken_down: tuple[str, ...] = ()


async def settle(steps: ExportSteps, row: JournalRow, want: PublicRelease | None) -> bool:
    """Finish or undo the unfinished operation ``row``; True when it was finished.

    A publication is finished only when its versioned copy was verified, ``want`` (the
    release expected for the document) is the same release and its type is allowed;
    otherwise it is rolled back and the previous release, if any, stays public.
    """
    previous = steps.entries().get(row.document_id)
    pending = decode_entry(row.payload)
    allowed = steps.refusal(pending.stable_path) is None
    if (
        row.stage == "verified"
        and want is not None
        and want.same_release(pending.release)
        and allowed
    ):
        await steps.finish_publish(pending, previous)
        return True
    await steps.roll_back(pending, previous)
    return False


async def _check_files(steps: ExportSteps, entry: PublishedEntry) -> bool:
    """Repair a missing stable copy; False when the versioned copy itself is gone. A PDF
    whose versioned copy is gone is dropped from the entry (the stage makes it again)."""
    if not await steps.target.exists(entry.versioned_path):
        return False
    if not await steps.target.exists(entry.stable_path):
        await steps.target.copy(
            entry.versioned_path, entry.stable_path, entry.release.media_type, SHORT_LIVED
        )
    pdf = entry.pdf
    if pdf is None:
        return True
    if not await steps.target.exists(pdf.versioned_path):
        steps.repository.commit(
            entry.release.document_id,
            entry=encode_entry(replace(entry, pdf=None)),
            remove_files=entry.pdf_paths(),
        )
    elif not await steps.target.exists(pdf.stable_path):
        await steps.target.copy(pdf.versioned_path, pdf.stable_path, PDF_TYPE, SHORT_LIVED)
    return True


async def reconcile(
    steps: ExportSteps, expected: Collection[PublicRelease], now: datetime
) -> ReconcileReport:
    """Make the export show exactly the published entries that ``expected`` accounts for.

    ``expected`` holds the current release of every document that should be public. Order:
    interrupted operations, entries not expected or of a type no longer allowed (withdrawn
    at ``now``, with a tombstone), entries whose files vanished, kept files of types no
    longer allowed, files of documents withdrawn earlier, stray files, then manifest, index
    and feed. An expected release of a type that is not allowed comes back in ``missing``:
    publishing it raises ``RefusedType``.
    """
    wanted = {r.document_id: r for r in expected}
    await steps.target.discard_partials()
    finished: list[str] = []
    rolled_back: list[str] = []
    failed: list[tuple[str, str]] = []
    for row in steps.repository.journal():
        try:
            done = await settle(steps, row, wanted.get(row.document_id))
        except ExportError as err:
            # its files are refused (a symlink in its folder): it stays unfinished, held up
            failed.append((row.document_id, str(err)))
            wanted.pop(row.document_id, None)
            continue
        (finished if done else rolled_back).append(row.document_id)
    removed: list[str] = []
    missing: list[PublicRelease] = []
    stuck = {doc for doc, _ in failed}
    for document_id, entry in sorted(steps.entries().items()):
        if document_id in stuck:
            continue
        want = wanted.pop(document_id, None)
        try:
            if want is None or steps.refusal(entry.stable_path) is not None:
                await steps.finish_withdraw(entry, now)
                removed.append(document_id)
                if want is not None:
                    missing.append(want)  # publishing refuses it, and says why
            elif not await _check_files(steps, entry):
                steps.repository.commit(document_id, entry=None, remove_files=entry.paths())
                missing.append(want)
            elif not want.same_release(entry.release):
                missing.append(want)  # the older release stays public until this one is out
            elif want != entry.release:
                updated = encode_entry(replace(entry, release=want))
                steps.repository.commit(document_id, entry=updated)
        except ExportError as err:
            # one document's files the target refuses (a symlink in its folder): that one
            # is held up, the others are reconciled
            failed.append((document_id, str(err)))
    missing.extend(wanted.values())
    await steps.drop_refused()
    taken_down = await steps.drop_withdrawn()
    swept = await _sweep(steps)
    await steps.render()
    return ReconcileReport(
        tuple(finished),
        tuple(rolled_back),
        tuple(removed),
        tuple(swept),
        tuple(missing),
        tuple(failed),
        tuple(taken_down),
    )


async def _sweep(steps: ExportSteps) -> list[str]:
    known = steps.repository.files()
    swept = []
    for folder in (STABLE_DIR, VERSIONS_DIR):
        for path in await steps.target.list(folder):
            if path not in known:
                await steps.target.delete(path)
                swept.append(path)
    return swept

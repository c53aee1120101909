"""The publisher: puts exactly the voted bytes of a release on the public export.

A publication runs: journal → versioned path (streamed once, SHA-256 and QuickXorHash
computed on the way, refused on a mismatch before it becomes visible) → journal verified →
stable path → state → ``manifest.json``, ``index.html``, ``embed.html``, ``feed.xml`` →
clean-up of superseded files. Each write is atomic; after a crash ``reconcile`` finishes a
verified publication or rolls an unverified one back, so the public copy is always one
released version, and manifest, index and feed agree with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import replace

from integration.errors import ExportError, RefusedType
from integration.export.adopt import PublishedExport, read_published
from integration.export.codec import encode_entry
from integration.export.hashing import Vouch
from integration.export.manifest import ChainHead, HeadSource, audit_head_of
from integration.export.paths import MANIFEST, document_slug, extension, stable_path, versioned_path
from integration.export.reconcile import ReconcileReport, reconcile, settle
from integration.export.records import (
    PdfCopy,
    PublicationResult,
    PublicRelease,
    PublishedEntry,
)
from integration.export.steps import ExportSteps, SiteOptions
from integration.export.target import ExportTarget
from ports.clock import Clock, system_clock
from ports.publications import PublicationBooks

__all__ = ["ContentOpener", "Publisher"]

ContentOpener = Callable[[], AsyncIterator[bytes]]
"""Opens the download of the voted content; called once per publication."""


class Publisher:
    """Publishes releases on one export target, and withdraws (``reconcile``) those no longer
    expected; one operation at a time.

    ``audit_head`` tells the audit head each new ``manifest.json`` carries.
    """

    def __init__(
        self,
        target: ExportTarget,
        repository: PublicationBooks,
        options: SiteOptions,
        *,
        clock: Clock = system_clock,
        audit_head: HeadSource = lambda: None,
    ) -> None:
        self._steps = ExportSteps(target, repository, options, audit_head)
        self._clock = clock
        self._lock = asyncio.Lock()

    async def publish(
        self, release: PublicRelease, open_content: ContentOpener, *, vouch: Vouch | None = None
    ) -> PublicationResult:
        """Publish ``release`` with the bytes ``open_content()`` yields; its URLs come back.

        Bytes whose quickXorHash is not the voted one are refused unless ``vouch`` vouches
        for them (``integration.export.hashing``).

        Publishing the release that is already public changes nothing (metadata such as the
        title is refreshed). Raises ``RefusedType`` when the file's type is not allowed
        (before anything is read or written), ``HashMismatch`` when the bytes are not the
        voted content (nothing becomes visible), ``ExportTargetError`` when the target fails
        (``reconcile`` repairs what is left), ``UnsafeName`` never for names from SharePoint.
        """
        async with self._lock:
            steps = self._steps
            reason = steps.refusal(release.file_name)
            if reason is not None:
                raise RefusedType(reason)  # callers name the document; the reason names the type
            await self._settle_leftover(release.document_id, release)
            previous = steps.entries().get(release.document_id)
            if previous is not None and previous.release.same_release(release):
                if previous.release != release:
                    updated = replace(previous, release=release)
                    steps.repository.commit(release.document_id, entry=encode_entry(updated))
                    await steps.render()
                    return steps.result(updated)
                return steps.result(previous)
            pending = self._plan(release)
            entry = await steps.write_versioned(pending, open_content(), vouch)
            await steps.finish_publish(entry, previous)
            return steps.result(entry)

    async def publish_pdf(
        self, release: PublicRelease, open_pdf: ContentOpener, *, vouch: Vouch
    ) -> PdfCopy:
        """Publish the PDF ``open_pdf()`` yields beside ``release``, the published release
        of its document; ``vouch`` says after the last byte whether the PDF was made of the
        voted content (``HashMismatch`` and nothing visible otherwise). A PDF already
        published for this release comes back as it is.

        Raises ``RefusedType`` when PDFs are not published (``without_pdf``), ``ExportError``
        when ``release`` is not what the export publishes for its document.
        """
        async with self._lock:
            steps = self._steps
            entry = steps.entries().get(release.document_id)
            if entry is None or not entry.release.same_release(release):
                raise ExportError(f"{release.file_name}: this release is not the published one")
            if entry.pdf is not None:
                return entry.pdf
            reason = steps.pdf_refusal()
            if reason is not None:
                raise RefusedType(reason)
            return await steps.publish_pdf(entry, open_pdf(), vouch)

    def without_pdf(self) -> list[PublicRelease]:
        """The published releases that have no PDF beside them (none when PDFs are not
        published: ``export.pdf`` off, or pdf not an allowed type)."""
        if self._steps.pdf_refusal() is not None:
            return []
        return [e.release for e in self._steps.entries().values() if e.pdf is None]

    def _plan(self, release: PublicRelease) -> PublishedEntry:
        repository = self._steps.repository
        slug = repository.slug_of(release.document_id)
        if slug is None:
            slug = document_slug(release.file_name, release.document_id, repository.slug_taken)
            repository.claim_slug(release.document_id, slug)
        ext = extension(release.file_name)
        return PublishedEntry(
            release=release,
            slug=slug,
            stable_path=stable_path(slug, ext),
            versioned_path=versioned_path(slug, release.version_label, release.content_hash, ext),
            sha256="",
            size=0,
        )

    async def _settle_leftover(self, document_id: str, want: PublicRelease | None) -> None:
        for row in self._steps.repository.journal():
            if row.document_id == document_id:
                await settle(self._steps, row, want)

    async def reconcile(self, expected: Collection[PublicRelease]) -> ReconcileReport:
        """Repair the export against ``expected``, the current release of every document
        that should be public (see ``reconcile.reconcile``); call at start-up."""
        async with self._lock:
            return await reconcile(self._steps, expected, self._clock())

    async def read_published(self) -> PublishedExport | None:
        """What the target publishes according to its own manifest and feed (``adopt``)."""
        return await read_published(self._steps.target)

    async def published_audit_head(self) -> ChainHead | None:
        """The audit head the target's manifest carries; None when it has no readable one."""
        raw = await self._steps.target.get_bytes(MANIFEST)
        try:
            return audit_head_of(raw) if raw else None
        except ValueError:
            return None  # no manifest of ours: it anchors nothing

    def public_urls(self) -> dict[str, PublicationResult]:
        """The public URLs of every published document, by document id."""
        return {doc: self._steps.result(entry) for doc, entry in self._steps.entries().items()}

    async def aclose(self) -> None:
        """Close the target."""
        await self._steps.target.aclose()

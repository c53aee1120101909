"""The steps of publishing and withdrawing, shared by the publisher and reconciliation.

The state store's publications tables say what the export shows; the target's files follow
them. Every step is idempotent, so a step interrupted by a crash may simply run again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, replace
from datetime import datetime

from config.export import DEFAULT_ALLOWED_EXTENSIONS
from integration.errors import HashMismatch
from integration.export.codec import (
    decode_entry,
    decode_feed_item,
    encode_entry,
    encode_feed_item,
)
from integration.export.feed import without_withdrawn
from integration.export.filetypes import refusal
from integration.export.hashing import ContentCheck, Vouch
from integration.export.manifest import HeadSource, document_types_of
from integration.export.paths import MANIFEST, VERSIONS_DIR, stable_path, versioned_path
from integration.export.records import (
    FeedItem,
    FeedKind,
    PdfCopy,
    PublicationResult,
    PublishedEntry,
)
from integration.export.site import render_site
from integration.export.target import IMMUTABLE, SHORT_LIVED, ExportTarget
from integration.language import Language
from ports.publications import PublicationBooks

__all__ = ["PDF_TYPE", "ExportSteps", "SiteOptions"]

PDF_TYPE = "application/pdf"


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """How the export presents itself.

    Attributes:
        base_url: the public URL of the export root, without a trailing slash.
        title: the site title (index heading, feed title).
        keep_archive: keep versioned copies of superseded releases public, and those of
            withdrawn releases in the target's archive (outside the public root).
        allowed_extensions: the file types published (``filetypes``); "" would allow files
            without an extension (the settings never do).
        pdf: publish PDFs beside Office documents (``export.pdf``); without it, those
            published earlier are taken down at the next reconcile.
        language: the language of the pages and the feed.
    """

    base_url: str
    title: str
    keep_archive: bool = True
    allowed_extensions: frozenset[str] = DEFAULT_ALLOWED_EXTENSIONS
    pdf: bool = True
    language: Language = Language.DE


class ExportSteps:
    """The idempotent steps on one target and one publications repository."""

    def __init__(
        self,
        target: ExportTarget,
        repository: PublicationBooks,
        options: SiteOptions,
        head: HeadSource = lambda: None,
    ) -> None:
        self.target = target
        self.repository = repository
        self.options = options
        self._head = head

    def refusal(self, file_name: str) -> str | None:
        """Why a file named ``file_name`` (or an export path) is not published, or None."""
        return refusal(file_name, self.options.allowed_extensions)

    def pdf_refusal(self) -> str | None:
        """Why no PDFs are published beside documents, or None when they are."""
        if not self.options.pdf:
            return "export.pdf is off"
        return self.refusal("rendition.pdf")

    def entries(self) -> dict[str, PublishedEntry]:
        """The published entries by document id."""
        return {d: decode_entry(text) for d, text in self.repository.entries().items()}

    def feed(self) -> list[FeedItem]:
        """The feed history, oldest first."""
        return [decode_feed_item(seq, text) for seq, text in self.repository.feed()]

    def result(self, entry: PublishedEntry) -> PublicationResult:
        """The public URLs of ``entry`` and what was published there."""
        base = self.options.base_url
        return PublicationResult(
            f"{base}/{entry.stable_path}",
            f"{base}/{entry.versioned_path}",
            sha256=entry.sha256,
            verified_by=entry.verified_by,
        )

    async def write_versioned(
        self, pending: PublishedEntry, chunks: AsyncIterator[bytes], vouch: Vouch | None = None
    ) -> PublishedEntry:
        """Journal the publication, stream ``chunks`` to the versioned path checking the voted
        hash (``vouch``: see ``hashing``), and mark the journal verified; the entry with
        sha256, size and how it was verified comes back.

        On ``HashMismatch`` the journal entry is dropped and nothing is visible.
        """
        release = pending.release
        self.repository.begin(release.document_id, "publish", encode_entry(pending))
        check = ContentCheck(release.document_id, release.content_hash, vouch)
        try:
            await self.target.put_stream(
                pending.versioned_path, check.stream(chunks), release.media_type, IMMUTABLE
            )
        except HashMismatch:
            self.repository.drop_journal(release.document_id)
            raise
        entry = replace(
            pending, sha256=check.sha256, size=check.size, verified_by=check.verified_by
        )
        self.repository.mark_verified(release.document_id, encode_entry(entry))
        return entry

    async def publish_pdf(
        self, entry: PublishedEntry, chunks: AsyncIterator[bytes], vouch: Vouch
    ) -> PdfCopy:
        """Publish ``chunks``, the PDF SharePoint made of ``entry``'s content, beside it: the
        versioned path (``vouch`` must vouch for it after the last chunk, else
        ``HashMismatch`` and nothing is visible), the stable path, then the state and
        manifest/index/feed. The published PDF comes back.

        No journal: a crash before the state is committed leaves only files nothing accounts
        for, which the next reconcile sweeps; the PDF is then made again.
        """
        release = entry.release
        pending = PdfCopy(
            stable_path=stable_path(entry.slug, "pdf"),
            versioned_path=versioned_path(
                entry.slug, release.version_label, release.content_hash, "pdf"
            ),
            sha256="",
            size=0,
        )
        # the PDF's bytes never hash to the voted content: only vouch can accept them
        check = ContentCheck(release.document_id, release.content_hash, vouch)
        await self.target.put_stream(
            pending.versioned_path, check.stream(chunks), PDF_TYPE, IMMUTABLE
        )
        await self.target.copy(pending.versioned_path, pending.stable_path, PDF_TYPE, SHORT_LIVED)
        pdf = replace(pending, sha256=check.sha256, size=check.size)
        self.repository.commit(
            release.document_id,
            entry=encode_entry(replace(entry, pdf=pdf)),
            add_files=(pdf.stable_path, pdf.versioned_path),
        )
        await self.render()
        return pdf

    async def finish_publish(self, entry: PublishedEntry, previous: PublishedEntry | None) -> None:
        """From a verified versioned copy: stable path, state, manifest/index/feed, clean-up."""
        media = entry.release.media_type
        await self.target.copy(entry.versioned_path, entry.stable_path, media, SHORT_LIVED)
        superseded = self._superseded(entry, previous)
        item = FeedItem(
            seq=0,
            kind=FeedKind.RELEASE,
            document_id=entry.release.document_id,
            title=entry.release.title,
            at=entry.release.released_at,
            version_label=entry.release.version_label,
            summary=entry.release.summary,
            stable_path=entry.stable_path,
            versioned_path=entry.versioned_path,
            sha256=entry.sha256,
            size=entry.size,
            media_type=media,
        )
        self.repository.commit(
            entry.release.document_id,
            entry=encode_entry(entry),
            add_files=(entry.stable_path, entry.versioned_path),
            remove_files=superseded,
            feed_item=encode_feed_item(item),
        )
        await self.render()
        for path in superseded:
            await self.target.delete(path)

    def _superseded(self, entry: PublishedEntry, previous: PublishedEntry | None) -> list[str]:
        if previous is None:
            return []
        paths = []
        if previous.stable_path != entry.stable_path:
            paths.append(previous.stable_path)
        if not self.options.keep_archive and previous.versioned_path != entry.versioned_path:
            paths.append(previous.versioned_path)
        if previous.pdf is not None:
            # the new release has no PDF yet: the old one must not stand for it meanwhile
            # (unless the new release is itself a PDF at that very path: a .docx became one)
            pdf = [previous.pdf.stable_path]
            if not self.options.keep_archive:
                pdf.append(previous.pdf.versioned_path)
            paths += [p for p in pdf if p not in (entry.stable_path, entry.versioned_path)]
        return paths

    async def finish_withdraw(self, entry: PublishedEntry, at: datetime) -> None:
        """Every public file of the document gone, state without the entry and with the
        tombstone, then manifest/index/feed.

        The files go first, so nothing of a withdrawn release stays served; a crash before
        the state is committed leaves the entry, and the next reconcile withdraws it again.
        """
        document_id = entry.release.document_id
        paths = {p for p, d in self.repository.files().items() if d == document_id}
        paths |= set(entry.paths())
        await self._take_down(paths)
        tombstone = FeedItem(
            seq=0,
            kind=FeedKind.WITHDRAWAL,
            document_id=document_id,
            title=entry.release.title,
            at=at,
            version_label=entry.release.version_label,
            # reconcile withdraws what SharePoint no longer holds released; who did it is in
            # the audit log, not here
            actor=None,
        )
        self.repository.commit(
            document_id,
            entry=None,
            remove_files=sorted(paths),
            feed_item=encode_feed_item(tombstone),
        )
        await self.render()

    async def _take_down(self, paths: Collection[str]) -> None:
        """Remove ``paths`` from the public root; versioned copies go to the target's archive
        when it is kept."""
        for path in sorted(paths):
            if self.options.keep_archive and path.startswith(f"{VERSIONS_DIR}/"):
                await self.target.archive(path)
            else:
                await self.target.delete(path)

    async def drop_withdrawn(self) -> list[str]:
        """Take down the files the books still keep for documents that are not published:
        the versioned copies withdrawals by earlier versions left public (archived in place)."""
        published = self.repository.entries()
        left: dict[str, list[str]] = {}
        for path, document_id in self.repository.files().items():
            if document_id not in published:
                left.setdefault(document_id, []).append(path)
        for document_id, paths in sorted(left.items()):
            await self._take_down(paths)
            self.repository.commit(document_id, entry=None, remove_files=paths)
        return sorted(p for paths in left.values() for p in paths)

    async def roll_back(self, pending: PublishedEntry, previous: PublishedEntry | None) -> None:
        """Undo an unfinished publication of ``pending``: the previous release stays public."""
        kept = self.repository.files()
        for path in (pending.versioned_path, pending.stable_path):
            if path not in kept:
                await self.target.delete(path)
        if previous is not None:
            # the interrupted copy may already have replaced the stable bytes
            media = previous.release.media_type
            await self.target.copy(
                previous.versioned_path, previous.stable_path, media, SHORT_LIVED
            )
        self.repository.drop_journal(pending.release.document_id)

    async def drop_refused(self) -> list[str]:
        """Delete the files of types no longer allowed that the export keeps apart from its
        entries (archived versions), and the PDFs beside entries when PDFs are no longer
        published; an entry of a type no longer allowed is withdrawn first."""
        entries = self.entries()
        dropped = []
        no_pdfs = self.pdf_refusal() is not None
        beside = {path for entry in entries.values() for path in entry.pdf_paths()}
        for path, document_id in sorted(self.repository.files().items()):
            if self.refusal(path) is None and not (path in beside and no_pdfs):
                continue
            entry = entries.get(document_id)
            if entry is not None and path in beside:
                # the document stays, without its PDF
                entry = entries[document_id] = replace(entry, pdf=None)
            kept = encode_entry(entry) if entry is not None else None
            self.repository.commit(document_id, entry=kept, remove_files=(path,))
            await self.target.delete(path)
            dropped.append(path)
        return dropped

    async def render(self) -> None:
        """Write manifest, index, embed pages and feed where they differ from what is there.

        The feed leaves out releases of types no longer allowed and releases a withdrawal
        took back (its tombstone stands for them): their files are gone.
        """
        feed = [
            item
            for item in without_withdrawn(self.feed())
            if item.kind is FeedKind.WITHDRAWAL or self.refusal(item.stable_path) is None
        ]
        for file in render_site(
            list(self.entries().values()),
            feed,
            base_url=self.options.base_url,
            title=self.options.title,
            head=self._head(),
            earlier_types=document_types_of(await self.target.get_bytes(MANIFEST)),
            language=self.options.language,
        ):
            if await self.target.get_bytes(file.path) != file.data:
                await self.target.put_bytes(file.path, file.data, file.content_type, SHORT_LIVED)

"""Publishing: the public export always shows the current release of every document.

Shape: fetch (the release records) → decide (the publisher's reconcile says what is missing
and withdraws what is no longer released) → apply (download the voted version, publish it,
write the public link back to SharePoint) → checkpoint (a fingerprint of the release records,
so an unchanged state costs nothing).

Which bytes are the voted ones: a round is bound to Graph's listed quickXorHash and version.
While Graph still lists that hash for the current content, the current content is
downloaded; otherwise the recorded file version. SharePoint serves Office files (and, by
reports, PDF and HTML) with its properties written in, so the served bytes need not hash to
the listed value, and differ from one download to the next (rclone#9767). They are accepted
when Graph lists the voted hash for the current content before and after the download
(``listed``), or when they are the recorded version of such a file (``version``); every
other mismatch is refused. The SHA-256 of what was published goes into the release record,
the manifest and the feed.

PDFs (``export.pdf``): beside a published Office document goes the PDF Graph makes of the
current content, only while Graph lists the voted hash for it before and after the
conversion (Graph converts the current content only, never a recorded version). A document
changed since its vote gets none (logged); a failed or refused conversion does not hold up
the document: it is recorded as the document's publishing problem (its message begins
"PDF"; the document itself is public, so no other publishing problem can stand beside it)
and tried again next cycle.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial

import structlog

from approval.documents import as_text
from config import LibrarySettings
from integration.errors import ExportError, GraphError, HashMismatch
from integration.export import ContentOpener, Organisation, PublicRelease, Publisher, org_votes
from integration.export.hashing import Vouch
from integration.state import StateStore
from integration.state.codec import canonical_json
from integration.state.problems import EXPORT_SITE, ProblemStore
from jobs import messages as m
from jobs.adopt import adopt_export
from jobs.rewind import note_rewind
from jobs.stage_settings import PublishSettings
from jobs.writes import write_fields
from ports.clock import Clock
from ports.ledger import Ledger, Release
from ports.libraries import ResolvedLibrary
from ports.problems import Stage
from ports.sharepoint import PDF_SOURCES, SharePoint

__all__ = ["PublishReport", "PublishStage"]

log = structlog.get_logger("freigabe.publish")

_FINGERPRINT = "publish.fingerprint"

# Types SharePoint serves with its properties written in (GRAPH_NOTES.md, corrections).
_REWRITTEN = frozenset(
    {
        ".docx", ".docm", ".dotx", ".dotm", ".doc",
        ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls",
        ".pptx", ".pptm", ".potx", ".potm", ".ppsx", ".ppsm", ".ppt",
        ".pdf", ".htm", ".html",
    }
)  # fmt: skip


def _fingerprint(releases: Mapping[str, Release]) -> str:
    """What the release records say should be public, as one digest: a release came, went
    or was replaced by another when it changes."""
    texts = sorted(_canonical(r) for r in releases.values())
    return hashlib.sha256(canonical_json(texts).encode()).hexdigest()


def _canonical(r: Release) -> str:
    """The one text of what the export is built from of ``r`` (``_export_record``)."""
    t = r.tally
    return canonical_json(
        {
            "document_id": r.document_id,
            "round": r.round,
            "library": r.library,
            "name": r.name,
            "title": r.title,
            "summary": r.summary,
            "document_type": r.document_type,
            "version": [r.version.label, r.version.content_hash],
            "lead_org": r.lead_org,
            "released_at": r.released_at.isoformat(),
            "tally": [list(t.approve), list(t.reject), list(t.abstain), list(t.silent)],
        }
    )


def _rewritten(file_name: str) -> bool:
    dot = file_name.rfind(".")
    return dot >= 0 and file_name[dot:].lower() in _REWRITTEN


@dataclass(frozen=True, slots=True)
class PublishReport:
    """What one publishing pass did, as lines for the terminal.

    Attributes:
        failures: documents that could not be published or linked (held up alone).
        site_failed: the export itself could not be written (its index, manifest or feed,
            or its folders): the stage failed, not one document.
    """

    lines: tuple[str, ...] = ()
    failures: int = 0
    site_failed: bool = False


class PublishStage:
    """Keeps the export in line with the release records."""

    def __init__(
        self,
        settings: PublishSettings,
        sharepoint: SharePoint,
        store: StateStore,
        publisher: Publisher,
        *,
        ledger: Ledger,
        resolved: Callable[[LibrarySettings], Awaitable[ResolvedLibrary]],
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._sharepoint = sharepoint
        self._store = store
        self._rounds = ledger
        self._problems = ProblemStore(store)
        self._publisher = publisher
        self._resolved = resolved
        self._clock = clock
        self._specs = {spec.key: spec for spec in settings.libraries}
        self._names = settings.organisations
        self._zone = settings.timezone
        self._lang = settings.language
        # The first pass of a process always reconciles: a crash may have left a half-done
        # publication, whatever the stored fingerprint says.
        self._reconciled = False

    def public_url(self, document_id: str) -> str | None:
        result = self._publisher.public_urls().get(document_id)
        return result.stable_url if result else None

    def _name(self, document_id: str) -> str:
        records = self._rounds.releases(document_id)
        return records[0].release.name if records else document_id

    def _export_record(self, rec: Release) -> PublicRelease:
        """The release as the export shows it: names for codes, local time, public votes."""
        lead = rec.lead_org
        return PublicRelease(
            document_id=rec.document_id,
            library=rec.library,
            file_name=rec.name,
            title=rec.title or rec.name,
            summary=rec.summary or "",
            document_type=rec.document_type or "Dokument",
            lead_org=Organisation(lead, self._names.get(lead, lead)),
            version_label=rec.version.label,
            content_hash=rec.version.content_hash,
            released_at=rec.released_at.astimezone(self._zone),
            votes=org_votes(rec.tally, self._names),
            media_type=mimetypes.guess_type(rec.name)[0] or "application/octet-stream",
        )

    async def run(self, *, force: bool = False) -> PublishReport:
        """Publish what is released and not yet public; withdraw what is no longer released."""
        releases = self._rounds.current_releases()
        digest = _fingerprint(releases)
        if not force and self._reconciled and self._store.get_meta(_FINGERPRINT) == digest:
            return PublishReport()
        noted: list[str] = []
        if not self._reconciled:
            # before anything renders a new manifest over the head the export carries
            noted = note_rewind(
                self._store, await self._publisher.published_audit_head(), self._lang
            )
        if not self._reconciled and not self._publisher.public_urls():
            # The state knows no publication: a lost or new state file must not empty the
            # export member websites link to (jobs/adopt.py).
            noted += await adopt_export(
                self._publisher,
                self._store,
                libraries=self._specs,
                status_column=self._settings.columns.status,
                clock=self._clock,
                language=self._lang,
            )
            releases = self._rounds.current_releases()
            digest = _fingerprint(releases)
        self._reconciled = True
        for stage in (Stage.PUBLISH, Stage.LINK):
            # withdrawn meanwhile: nothing to publish (the export's own record stays until
            # the export is written, or it would start afresh every cycle)
            for doc in self._problems.documents(stage).keys() - releases.keys() - {EXPORT_SITE}:
                self._problems.clear(stage, doc)
        expected = [self._export_record(rec) for rec in releases.values()]
        try:
            report = await self._publisher.reconcile(expected)
        except ExportError as err:
            return self._site_failed(noted, err)
        self._problems.clear(Stage.PUBLISH, EXPORT_SITE)
        lines = noted + [
            m.REMOVED_FROM_EXPORT(self._lang, name=self._name(doc)) for doc in report.removed
        ]
        failures = 0
        for doc, message in report.failed:
            rec = releases.get(doc)
            name = rec.name if rec else self._name(doc)
            lines.append(m.NOT_CHECKABLE(self._lang, name=name, message=message))
            library = rec.library if rec else ""
            self._stuck(Stage.PUBLISH, library, doc, None, ExportError(message), name=name)
            failures += 1
        for release in report.missing:
            if release.library not in self._specs:
                # adopted from the export for a document SharePoint no longer has: its
                # published copy is gone too, and there is nothing to download it from
                gone = ExportError(f"{release.file_name}: not in any watched library")
                self._stuck(Stage.PUBLISH, release.library, release.document_id, release, gone)
                failures += 1
                continue
            try:
                opener, vouch = self._content(release)
                result = await self._publisher.publish(release, opener, vouch=vouch)
            except HashMismatch as err:
                log.error("publish.hash_mismatch", document=release.file_name, error=str(err))
                lines.append(m.HASH_MISMATCH(self._lang, name=release.file_name))
                self._stuck(Stage.PUBLISH, release.library, release.document_id, release, err)
                failures += 1
                continue
            except (GraphError, ExportError) as err:
                log.warning("publish.failed", document=release.file_name, error=str(err))
                lines.append(m.NOT_PUBLISHED(self._lang, name=release.file_name, error=err))
                self._stuck(Stage.PUBLISH, release.library, release.document_id, release, err)
                failures += 1
                continue
            self._problems.clear(Stage.PUBLISH, release.document_id)
            self._rounds.record_publication(
                release.document_id,
                releases[release.document_id].round,
                sha256=result.sha256,
                verified_by=result.verified_by,
            )
            lines.append(m.PUBLISHED_AT(self._lang, name=release.file_name, url=result.stable_url))
        failures += await self._publish_pdfs(releases, lines)
        unlinked = await self._write_links(releases)
        lines += unlinked
        failures += len(unlinked)
        if not failures:
            self._store.set_meta(_FINGERPRINT, digest)
        return PublishReport(tuple(lines), failures)

    def _site_failed(self, noted: list[str], err: ExportError) -> PublishReport:
        """The export as a whole refused: reported and recorded; the cycle goes on."""
        log.error("publish.export_failed", error=str(err))
        self._problems.record(
            Stage.PUBLISH,
            library="",
            document_id=EXPORT_SITE,
            name="Export (index.html, manifest.json, feed.xml)",
            message=str(err),
            at=self._clock(),
        )
        failed = m.SITE_NOT_WRITTEN(self._lang, error=err)
        return PublishReport((*noted, failed), 1, site_failed=True)

    def _stuck(
        self,
        stage: Stage,
        library: str,
        document_id: str,
        release: PublicRelease | None,
        err: Exception,
        name: str | None = None,
        *,
        prefix: str = "",
    ) -> None:
        status = err.status if isinstance(err, GraphError) else None
        code = err.code if isinstance(err, GraphError) else None
        self._problems.record(
            stage,
            library=library,
            document_id=document_id,
            name=name or (release.file_name if release else document_id),
            message=prefix + str(err),
            at=self._clock(),
            status=status,
            code=code,
        )

    def _content(self, release: PublicRelease) -> tuple[ContentOpener, Vouch]:
        """The download of the voted bytes, and what vouches for them (module docstring)."""
        seen: dict[str, str | None] = {}

        async def chunks() -> AsyncIterator[bytes]:
            lib = await self._resolved(self._specs[release.library])
            before = await self._sharepoint.listed_content(lib, release.document_id)
            # No hash listed yet: the download makes Graph compute it (vouch looks again).
            current = before.content_hash in (None, release.content_hash)
            seen["before"] = before.content_hash
            seen["path"] = "current" if current else "version"
            version = None if current else release.version_label
            download = self._sharepoint.download(lib, release.document_id, version=version)
            async for chunk in download:
                yield chunk

        async def vouch(served: str) -> str | None:
            if seen.get("path") == "version":
                return "version" if _rewritten(release.file_name) else None
            lib = await self._resolved(self._specs[release.library])
            after = await self._sharepoint.listed_content(lib, release.document_id)
            if after.content_hash == release.content_hash:
                log.info(
                    "publish.served_differently",
                    document=release.file_name,
                    listed=release.content_hash,
                    served=served,
                )
                return "listed"
            return None

        return chunks, vouch

    async def _publish_pdfs(self, releases: Mapping[str, Release], lines: list[str]) -> int:
        """Publish the PDF of each published Office document of its current release that has
        none yet (module docstring; none at all with ``export.pdf`` off); a line for each,
        and how many failed."""
        failures = 0
        for release in self._publisher.without_pdf():
            rec = releases.get(release.document_id)
            if (
                rec is None
                or release.library not in self._specs
                or (rec.version.label, rec.version.content_hash)
                != (release.version_label, release.content_hash)
                or not release.file_name.lower().endswith(PDF_SOURCES)
            ):
                continue
            try:
                lib = await self._resolved(self._specs[release.library])
                before = await self._sharepoint.listed_content(lib, release.document_id)
                if before.content_hash not in (None, release.content_hash):
                    log.info(
                        "publish.pdf_skipped",
                        document=release.file_name,
                        listed=before.content_hash,
                        voted=release.content_hash,
                    )
                    self._problems.clear(Stage.PUBLISH, release.document_id)
                    continue
                await self._publisher.publish_pdf(
                    release,
                    partial(self._sharepoint.download_pdf, lib, release.document_id),
                    vouch=self._pdf_vouch(lib, release),
                )
            except (GraphError, ExportError) as err:
                log.warning("publish.pdf_failed", document=release.file_name, error=str(err))
                lines.append(m.PDF_NOT_PUBLISHED(self._lang, name=release.file_name, error=err))
                self._stuck(
                    Stage.PUBLISH,
                    release.library,
                    release.document_id,
                    release,
                    err,
                    prefix="PDF: ",
                )
                failures += 1
                continue
            self._problems.clear(Stage.PUBLISH, release.document_id)
            lines.append(m.PDF_PUBLISHED(self._lang, name=release.file_name))
        return failures

    def _pdf_vouch(self, lib: ResolvedLibrary, release: PublicRelease) -> Vouch:
        """Vouches for a PDF when Graph still lists the voted hash after the conversion;
        otherwise ``HashMismatch`` names the hash Graph lists now (the PDF's own hash would
        say nothing), and nothing becomes visible."""

        async def vouch(served: str) -> str:
            after = await self._sharepoint.listed_content(lib, release.document_id)
            if after.content_hash != release.content_hash:
                listed = after.content_hash or "none"
                raise HashMismatch(
                    release.document_id, expected=release.content_hash, actual=listed
                )
            return "listed"

        return vouch

    async def _write_links(self, releases: Mapping[str, Release]) -> list[str]:
        """Write each public URL into its document's link column, where it differs; a line
        for each document whose link could not be written."""
        column = self._settings.columns.public_link
        failures: list[str] = []
        stuck = self._problems.documents(Stage.LINK)
        for doc_id, url in ((d, r.stable_url) for d, r in self._publisher.public_urls().items()):
            rec = releases.get(doc_id)
            if rec is None or rec.library not in self._specs:
                continue
            lib = await self._resolved(self._specs[rec.library])
            snapshot = self._store.get_snapshots(lib.key, [doc_id]).get(doc_id)
            if snapshot is None or snapshot.list_item_id is None:
                continue
            values = {column: url}
            if as_text(snapshot.fields.get(column)) == url:
                if doc_id in stuck:
                    # a write whose answer was lost had arrived after all
                    self._rounds.settle_write(doc_id, values)
                    self._problems.clear(Stage.LINK, doc_id)
                continue
            try:
                await write_fields(
                    self._sharepoint, self._rounds, lib, snapshot, values, self._clock()
                )
            except GraphError as err:
                # The announcement stays unless Graph refused the write (412, withdrawn in
                # write_fields): an answer lost on the way may hide a write that arrived.
                log.warning("publish.link_not_written", document=snapshot.name, error=str(err))
                self._stuck(Stage.LINK, lib.key, doc_id, None, err, name=snapshot.name)
                failures.append(m.LINK_NOT_WRITTEN(self._lang, name=snapshot.name, error=err))
                continue
            self._rounds.settle_write(doc_id, values)
            self._problems.clear(Stage.LINK, doc_id)
        return failures

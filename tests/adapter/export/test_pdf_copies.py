"""The PDF beside a published document: checked like the document, replaced and repaired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.export import DEFAULT_ALLOWED_EXTENSIONS
from integration.errors import HashMismatch
from integration.export import PublicRelease
from tests.adapter.export.builders import listed, opener, release
from tests.adapter.export.conftest import PublisherFactory

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST, SECOND = b"PK erste Fassung " * 50, b"PK zweite Fassung " * 50
PDF_ONE, PDF_TWO = b"%PDF-1.4 eins " * 40, b"%PDF-1.4 zwei " * 40


def _release(content: bytes, version: str) -> PublicRelease:
    return release(content, file_name="Leitfaden.docx", version=version, media_type=DOCX)


async def test_a_new_release_takes_the_old_pdf_down_until_its_own_is_made(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """While the new version has no PDF the stable PDF path serves nothing (the old PDF
    must not stand for it); its PDF then takes the stable path, the old one stays only as
    its versioned copy; a PDF vouch refuses leaves nothing."""
    publisher = make_publisher()
    try:
        await publisher.publish(_release(FIRST, "1.0"), opener(FIRST))
        pdf = await publisher.publish_pdf(_release(FIRST, "1.0"), opener(PDF_ONE), vouch=listed)
        stable = export_root / pdf.stable_path
        assert stable.read_bytes() == PDF_ONE
        await publisher.publish(_release(SECOND, "2.0"), opener(SECOND))
        assert not stable.exists()
        [document] = json.loads((export_root / "manifest.json").read_text())["documents"]
        assert "pdf" not in document

        async def refused(_: str) -> None:
            return None

        with pytest.raises(HashMismatch):
            await publisher.publish_pdf(_release(SECOND, "2.0"), opener(PDF_TWO), vouch=refused)
        assert not stable.exists()
        assert [r.version_label for r in publisher.without_pdf()] == ["2.0"]
        second = await publisher.publish_pdf(_release(SECOND, "2.0"), opener(PDF_TWO), vouch=listed)
        assert stable.read_bytes() == PDF_TWO
        assert (export_root / pdf.versioned_path).read_bytes() == PDF_ONE  # keep_archive
        assert second.versioned_path != pdf.versioned_path
        assert publisher.without_pdf() == []
    finally:
        await publisher.aclose()


async def test_reconcile_repairs_a_lost_stable_pdf_and_forgets_a_lost_versioned_one(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """A deleted stable PDF is copied back from its versioned copy; a deleted versioned PDF
    drops the PDF from the entry, so the stage makes it again."""
    publisher = make_publisher()
    current = _release(FIRST, "1.0")
    try:
        await publisher.publish(current, opener(FIRST))
        pdf = await publisher.publish_pdf(current, opener(PDF_ONE), vouch=listed)
        (export_root / pdf.stable_path).unlink()
        await publisher.reconcile([current])
        assert (export_root / pdf.stable_path).read_bytes() == PDF_ONE
        (export_root / pdf.versioned_path).unlink()
        await publisher.reconcile([current])
        assert not (export_root / pdf.stable_path).exists()
        assert publisher.without_pdf() == [current]
        [document] = json.loads((export_root / "manifest.json").read_text())["documents"]
        assert "pdf" not in document
    finally:
        await publisher.aclose()


@pytest.mark.parametrize(
    "options",
    [{"pdf": False}, {"allowed_extensions": DEFAULT_ALLOWED_EXTENSIONS - {"pdf"}}],
    ids=["export.pdf-off", "pdf-not-allowed"],
)
async def test_pdfs_no_longer_wanted_are_taken_down_and_not_made(
    make_publisher: PublisherFactory, export_root: Path, options: dict[str, object]
) -> None:
    """With export.pdf off or pdf struck from the allowed types, the document stays and its
    PDF goes at the next reconcile; none is made."""
    current = _release(FIRST, "1.0")
    publisher = make_publisher()
    try:
        await publisher.publish(current, opener(FIRST))
        pdf = await publisher.publish_pdf(current, opener(PDF_ONE), vouch=listed)
    finally:
        await publisher.aclose()
    publisher = make_publisher(**options)
    try:
        report = await publisher.reconcile([current])
        assert report.removed == ()
        assert not list(export_root.rglob("*.pdf"))
        assert (export_root / "dokumente" / "leitfaden.docx").exists()
        assert publisher.without_pdf() == []
        assert pdf.stable_path not in (export_root / "index.html").read_text()
    finally:
        await publisher.aclose()


async def test_a_docx_that_became_a_pdf_keeps_its_stable_path(
    make_publisher: PublisherFactory, export_root: Path
) -> None:
    """The document's next release is a .pdf: it takes over the stable PDF path, and the
    old PDF's clean-up does not delete it."""
    publisher = make_publisher(keep_archive=False)
    try:
        await publisher.publish(_release(FIRST, "1.0"), opener(FIRST))
        pdf = await publisher.publish_pdf(_release(FIRST, "1.0"), opener(PDF_ONE), vouch=listed)
        now_pdf = release(PDF_TWO, file_name="Leitfaden.pdf", version="2.0")
        await publisher.publish(now_pdf, opener(PDF_TWO))
        assert (export_root / pdf.stable_path).read_bytes() == PDF_TWO
        assert not (export_root / pdf.versioned_path).exists()
    finally:
        await publisher.aclose()

"""Building the export's objects from its settings (called by the composition root)."""

from __future__ import annotations

from config.export import ExportSettings, FolderTargetSettings
from integration.export.folder import FolderTarget
from integration.export.manifest import HeadSource
from integration.export.publisher import Publisher
from integration.export.steps import SiteOptions
from integration.export.target import ExportTarget
from integration.export.wording import SITE_TITLE
from integration.language import Language
from ports.clock import Clock
from ports.publications import PublicationBooks

__all__ = ["open_publisher", "open_target"]


def open_target(settings: ExportSettings) -> ExportTarget:
    """The folder or Blob target ``settings`` describe (a folder is created if missing)."""
    target = settings.target
    if isinstance(target, FolderTargetSettings):
        return FolderTarget(target.path, target.archive_path)
    # imported here: the Azure Storage SDK is a large import a folder export never needs
    from integration.export.blob import BlobTarget

    return BlobTarget.from_settings(target)


def open_publisher(
    settings: ExportSettings,
    books: PublicationBooks,
    *,
    clock: Clock,
    audit_head: HeadSource = lambda: None,
    language: Language = Language.DE,
) -> Publisher:
    """A publisher on the target of ``settings``, keeping its ``books`` (the state store's
    ``PublicationRepository``); each manifest it writes carries what ``audit_head`` tells."""
    options = SiteOptions(
        base_url=settings.target.public_base_url,
        title=settings.site_title or SITE_TITLE(language),
        keep_archive=settings.keep_archive,
        allowed_extensions=frozenset(settings.allowed_extensions),
        pdf=settings.pdf,
        language=language,
    )
    return Publisher(
        open_target(settings),
        books,
        options,
        clock=clock,
        audit_head=audit_head,
    )

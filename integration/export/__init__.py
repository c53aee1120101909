"""The public export: released documents at stable URLs, with index, manifest and feed."""

from integration.export.blob import BlobTarget
from integration.export.factory import open_publisher, open_target
from integration.export.folder import FolderTarget
from integration.export.publisher import ContentOpener, Publisher
from integration.export.reconcile import ReconcileReport
from integration.export.records import (
    FeedItem,
    FeedKind,
    Organisation,
    OrgVote,
    PublicationResult,
    PublishedEntry,
    ReleaseRecord,
    VoteValue,
    org_votes,
)
from integration.export.settings import BlobTargetSettings, ExportSettings, FolderTargetSettings
from integration.export.steps import SiteOptions
from integration.export.target import IMMUTABLE, SHORT_LIVED, ExportTarget

__all__ = [
    "IMMUTABLE",
    "SHORT_LIVED",
    "BlobTarget",
    "BlobTargetSettings",
    "ContentOpener",
    "ExportSettings",
    "ExportTarget",
    "FeedItem",
    "FeedKind",
    "FolderTarget",
    "FolderTargetSettings",
    "OrgVote",
    "Organisation",
    "PublicationResult",
    "PublishedEntry",
    "Publisher",
    "ReconcileReport",
    "ReleaseRecord",
    "SiteOptions",
    "VoteValue",
    "open_publisher",
    "open_target",
    "org_votes",
]

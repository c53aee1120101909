"""The public export: released documents at stable URLs, with index, manifest and feed."""

# Names are imported on first use: the Blob target pulls in the Azure Storage SDK and aiohttp
# (about half of a CLI start), which a folder export, `status` or a configuration error never
# needs.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        PublicRelease,
        PublishedEntry,
        VoteValue,
        org_votes,
    )
    from integration.export.steps import SiteOptions
    from integration.export.target import IMMUTABLE, SHORT_LIVED, ExportTarget

_WHERE = {
    "IMMUTABLE": "integration.export.target",
    "SHORT_LIVED": "integration.export.target",
    "BlobTarget": "integration.export.blob",
    "ContentOpener": "integration.export.publisher",
    "ExportTarget": "integration.export.target",
    "FeedItem": "integration.export.records",
    "FeedKind": "integration.export.records",
    "FolderTarget": "integration.export.folder",
    "OrgVote": "integration.export.records",
    "Organisation": "integration.export.records",
    "PublicationResult": "integration.export.records",
    "PublicRelease": "integration.export.records",
    "PublishedEntry": "integration.export.records",
    "Publisher": "integration.export.publisher",
    "ReconcileReport": "integration.export.reconcile",
    "SiteOptions": "integration.export.steps",
    "VoteValue": "integration.export.records",
    "open_publisher": "integration.export.factory",
    "open_target": "integration.export.factory",
    "org_votes": "integration.export.records",
}

__all__ = [
    "IMMUTABLE",
    "SHORT_LIVED",
    "BlobTarget",
    "ContentOpener",
    "ExportTarget",
    "FeedItem",
    "FeedKind",
    "FolderTarget",
    "OrgVote",
    "Organisation",
    "PublicRelease",
    "PublicationResult",
    "PublishedEntry",
    "Publisher",
    "ReconcileReport",
    "SiteOptions",
    "VoteValue",
    "open_publisher",
    "open_target",
    "org_votes",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'integration.export' has no attribute {name!r}")
    return getattr(import_module(module), name)

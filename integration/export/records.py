"""The values publishing works with: what was released, what is published, what the feed says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from approval.decide import Tally

__all__ = [
    "FeedItem",
    "FeedKind",
    "OrgVote",
    "Organisation",
    "PdfCopy",
    "PublicRelease",
    "PublicationResult",
    "PublishedEntry",
    "VoteValue",
    "org_votes",
]


class VoteValue(StrEnum):
    """An organisation's vote as the public sees it."""

    APPROVE = "Zustimmung"
    REJECT = "Ablehnung"
    ABSTAIN = "Enthaltung"
    NONE = "keine Stimme"


@dataclass(frozen=True, slots=True)
class Organisation:
    """A member organisation: its code (``DWV``) and its name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class OrgVote:
    """How one organisation voted in the releasing round."""

    organisation: Organisation
    vote: VoteValue


def org_votes(tally: Tally, names: Mapping[str, str]) -> tuple[OrgVote, ...]:
    """The votes of ``tally`` by organisation code; ``names`` maps codes to names.

    Silent organisations count as ``keine Stimme`` whatever the rule made of their silence:
    the public summary says who voted, the decision is the release itself.
    """
    held = (
        [(code, VoteValue.APPROVE) for code in tally.approve]
        + [(code, VoteValue.REJECT) for code in tally.reject]
        + [(code, VoteValue.ABSTAIN) for code in tally.abstain]
        + [(code, VoteValue.NONE) for code in tally.silent]
    )
    return tuple(
        OrgVote(Organisation(code, names.get(code, code)), vote) for code, vote in sorted(held)
    )


@dataclass(frozen=True, slots=True)
class PublicRelease:
    """One release as the public export shows it: names for codes, the public vote words.

    Built from the ledger's ``ports.ledger.Release`` (``jobs.publish``), or read back from
    an export's own manifest (``integration.export.adopt``).

    Attributes:
        document_id: the driveItem id of the document.
        library: the configuration key of its library.
        file_name: the file name in SharePoint (only its slug reaches the export).
        title: the public title.
        summary: the public summary ("" when none).
        document_type: the group on the index page, e.g. ``Leitfaden``.
        lead_org: the lead organisation of the releasing round.
        version_label: the file version that was voted on.
        content_hash: the quickXorHash that was voted on; the bytes must match it.
        released_at: when the release was decided (aware).
        votes: the vote of every organisation of the electorate.
        media_type: the content type to serve the file with.
    """

    document_id: str
    library: str
    file_name: str
    title: str
    summary: str
    document_type: str
    lead_org: Organisation
    version_label: str
    content_hash: str
    released_at: datetime
    votes: tuple[OrgVote, ...]
    media_type: str = "application/octet-stream"

    def same_release(self, other: PublicRelease) -> bool:
        """Both name the same content of the same document."""
        return (self.document_id, self.content_hash, self.version_label) == (
            other.document_id,
            other.content_hash,
            other.version_label,
        )


@dataclass(frozen=True, slots=True)
class PdfCopy:
    """The PDF SharePoint made of a published release, published beside it.

    Attributes:
        stable_path: the path that always holds the PDF of the current version.
        versioned_path: the immutable path of this version's PDF.
        sha256: hex SHA-256 of the PDF's bytes.
        size: bytes.
    """

    stable_path: str
    versioned_path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """A release as it is published.

    Attributes:
        release: the release.
        slug: the document's slug (kept for good).
        stable_path: the path that always holds the current version.
        versioned_path: the immutable path of this version.
        sha256: hex SHA-256 of the published bytes (as SharePoint served them).
        size: bytes.
        verified_by: how the bytes were known to be the voted content: ``quickxor`` (their
            hash is the voted one), ``listed`` (Graph listed the voted hash for the current
            content before and after the download; SharePoint served it with properties
            written in) or ``version`` (the voted file version, as SharePoint serves it).
        pdf: the PDF of this version (Office documents, ``export.pdf``), once published.
    """

    release: PublicRelease
    slug: str
    stable_path: str
    versioned_path: str
    sha256: str
    size: int
    verified_by: str = "quickxor"
    pdf: PdfCopy | None = None

    def paths(self) -> tuple[str, ...]:
        """Every public path of this entry: the file's two, and its PDF's."""
        return (self.stable_path, self.versioned_path, *self.pdf_paths())

    def pdf_paths(self) -> tuple[str, ...]:
        """The public paths of its PDF (none while it has none)."""
        return (self.pdf.stable_path, self.pdf.versioned_path) if self.pdf else ()


class FeedKind(StrEnum):
    """What a feed entry announces."""

    RELEASE = "release"
    WITHDRAWAL = "withdrawal"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of ``feed.xml``: a release, or the tombstone of a withdrawal.

    Attributes:
        seq: position in the feed history (ascending).
        kind: release or withdrawal.
        document_id: the document.
        title: its title at the time.
        at: when it was released or withdrawn.
        version_label: the released (or withdrawn) version.
        summary: the document's summary.
        stable_path: where the release was published ("" for a withdrawal).
        actor: who withdrew it, when known.
        versioned_path: the immutable path of the released version ("" for a withdrawal).
        sha256: hex SHA-256 of the published bytes ("" for a withdrawal).
        size: their length in bytes.
        media_type: their content type.
    """

    seq: int
    kind: FeedKind
    document_id: str
    title: str
    at: datetime
    version_label: str
    summary: str = ""
    stable_path: str = ""
    actor: str | None = None
    versioned_path: str = ""
    sha256: str = ""
    size: int = 0
    media_type: str = ""


@dataclass(frozen=True, slots=True)
class PublicationResult:
    """The public URLs of a publication; ``stable_url`` goes into ``OeffentlicherLink``.

    Attributes:
        sha256: hex SHA-256 of the published bytes.
        verified_by: how they were known to be the voted content (``PublishedEntry``).
    """

    stable_url: str
    versioned_url: str
    sha256: str = ""
    verified_by: str = ""

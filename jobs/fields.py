"""Which list item fields the service reads, and which of them are bookkeeping only."""

from __future__ import annotations

from config import Settings

__all__ = ["VOLATILE_FIELDS", "watched_fields"]

# SharePoint bumps these on every write; a difference in them alone is not a change of meaning.
VOLATILE_FIELDS = frozenset({"@odata.etag", "_UIVersionString", "Modified", "id"})

_BASICS = ("Title", "FileLeafRef", "_UIVersionString", "Modified")


def watched_fields(settings: Settings) -> list[str]:
    """The internal names of every column the release process reads, basics first."""
    cols = settings.columns
    names = [
        *_BASICS,
        cols.status,
        cols.lead,
        *(settings.vote_column(code) for code in settings.org_codes),
        cols.version_under_vote,
        cols.deadline,
        cols.public_link,
        cols.protocol,
        *cols.required,
    ]
    return list(dict.fromkeys(names))

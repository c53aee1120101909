"""What a card says about a document besides the event: names, links, the electorate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from approval.rounds import VoteRound

__all__ = ["CardContext", "DocumentRound"]


@dataclass(frozen=True, slots=True)
class CardContext:
    """The document a card is about, as people know it.

    Attributes:
        document_name: the file name.
        web_url: the document in SharePoint; every card links to it.
        library_name: the library's display name.
        organisations: code -> full name of every member organisation (the electorate), in
            the order cards list them.
        title: the document's title column, if filled in.
        public_url: where the released version is published (for ``released``).
        edit_url: the document's properties form in SharePoint, where approvers vote; None
            when its list item id is not known.
        vote_columns: code -> the internal name of the organisation's vote column.
    """

    document_name: str
    web_url: str
    library_name: str
    organisations: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    public_url: str | None = None
    edit_url: str | None = None
    vote_columns: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "organisations", MappingProxyType(dict(self.organisations)))
        object.__setattr__(self, "vote_columns", MappingProxyType(dict(self.vote_columns)))

    def org_name(self, code: str | None) -> str:
        """``"DWV (Deutscher Wanderverband)"`` for a known code, the code itself otherwise."""
        if code is None:
            return "–"
        name = self.organisations.get(code)
        return f"{code} ({name})" if name and name != code else code

    def not_voted(self, round: VoteRound) -> tuple[str, ...]:
        """The organisations of the electorate without a vote in ``round``, in list order."""
        return tuple(code for code in self.organisations if code not in round.votes)


@dataclass(frozen=True, slots=True)
class DocumentRound:
    """An open round with the document it is about, as reminders and the digest show it
    (the ledger's ``ports.ledger.OpenRound`` knows only the document's library)."""

    round: VoteRound
    context: CardContext

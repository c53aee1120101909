"""Pieces every card shares: the header, document facts, the votes, links, and the size limit.

Lists (organisations, missing columns, open rounds) are cut with "… und N weitere"; ``fit``
builds a card with ever shorter lists until its webhook message stays under Teams' limit.
Every name and value from SharePoint or the configuration goes through ``markdown.plain``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from approval.decide import Tally
from approval.rounds import VoteRound
from approval.vocabulary import Choice
from integration.teams import words as w
from integration.teams.context import CardContext
from integration.teams.elements import (
    MAX_PAYLOAD_BYTES,
    AdaptiveCard,
    Container,
    Element,
    Fact,
    FactSet,
    OpenUrl,
    Style,
    TextBlock,
    payload_size,
    webhook_message,
)
from integration.teams.markdown import cut, plain
from integration.teams.texts import Wording

__all__ = [
    "LIST_LIMITS",
    "ballot",
    "document_facts",
    "fit",
    "header",
    "links",
    "listing",
    "round_facts",
    "standing",
    "tally_facts",
]

# How many entries a list shows, tried in turn until the card fits.
LIST_LIMITS = (20, 10, 5, 1)


def listing(items: Sequence[str], limit: int, wording: Wording) -> str:
    """``"A, B, C … und 4 weitere"`` (each item plain text); ``–`` for no items."""
    if not items:
        return "–"
    shown = ", ".join(plain(item) for item in items[:limit])
    rest = len(items) - limit
    return f"{shown} {wording(w.MORE, count=rest)}" if rest > 0 else shown


def header(title: str, subtitle: str, style: Style) -> Container:
    """The coloured headline block of a card (``title`` and ``subtitle`` are markdown)."""
    return Container(
        (
            TextBlock(cut(title, 200), size="large", weight="bolder"),
            TextBlock(cut(subtitle, 200), subtle=True),
        ),
        style=style,
        bleed=True,
    )


def document_facts(context: CardContext, wording: Wording) -> list[Fact]:
    """Which document: file name, title (when set), library."""
    facts = [Fact(wording(w.DOCUMENT), plain(context.document_name))]
    if context.title:
        facts.append(Fact(wording(w.TITLE), plain(context.title)))
    facts.append(Fact(wording(w.LIBRARY), plain(context.library_name)))
    return facts


def round_facts(round: VoteRound | None, context: CardContext, wording: Wording) -> list[Fact]:
    """Which round: number, version under vote, lead organisation, deadline."""
    if round is None:
        return []
    return [
        Fact(wording(w.ROUND), str(round.number)),
        Fact(wording(w.VERSION), plain(round.version.label, 40)),
        Fact(wording(w.LEAD), plain(context.org_name(round.lead_org))),
        Fact(wording(w.DEADLINE), wording.time(round.deadline)),
    ]


def _capped(facts: list[Fact], limit: int, wording: Wording) -> tuple[Fact, ...]:
    if len(facts) <= limit:
        return tuple(facts)
    return (*facts[:limit], Fact("…", wording(w.MORE, count=len(facts) - limit)))


def standing(round: VoteRound, context: CardContext, limit: int, wording: Wording) -> FactSet:
    """Each organisation's vote so far, or that it has not voted."""
    facts = [
        Fact(
            plain(context.org_name(code)),
            round.votes[code].choice.value if code in round.votes else wording(w.NOT_VOTED),
        )
        for code in context.organisations
    ]
    return FactSet(_capped(facts, limit, wording), separator=True)


def tally_facts(tally: Tally, reason: str | None, limit: int, wording: Wording) -> FactSet:
    """The counted votes of a decided round, with the reason of the decision; the rows are
    named by the vote values, the tenant's words in every language."""
    silent = listing(tally.silent, limit, wording)
    if tally.silent and tally.silence_as is not None:
        silent += wording(w.COUNTS_AS, value=tally.silence_as.value)
    return FactSet(
        (
            Fact(wording(w.DECISION), wording.reason(reason)),
            Fact(Choice.APPROVE.value, listing(tally.approve, limit, wording)),
            Fact(Choice.REJECT.value, listing(tally.reject, limit, wording)),
            Fact(Choice.ABSTAIN.value, listing(tally.abstain, limit, wording)),
            Fact(wording(w.WITHOUT_VOTE), silent),
        ),
        separator=True,
    )


def _choices(wording: Wording) -> str:
    *first, last = (choice.value for choice in Choice)
    return wording(w.OR, first=", ".join(first), last=last)


def ballot(round: VoteRound, context: CardContext, limit: int, wording: Wording) -> list[Element]:
    """How the organisations still without a vote cast it: the column each sets in the
    document's properties form, and the values it takes; nothing once all have voted."""
    columns = [
        Fact(plain(context.org_name(code)), plain(context.vote_columns.get(code, "–")))
        for code in context.not_voted(round)
    ]
    if not columns:
        return []
    return [
        TextBlock(wording(w.HOW_TO_VOTE), weight="bolder", separator=True),
        TextBlock(wording(w.HOW_TO_VOTE_TEXT, choices=_choices(wording))),
        FactSet(_capped(columns, limit, wording)),
    ]


def links(
    context: CardContext, wording: Wording, *, public: bool = False, vote: bool = False
) -> tuple[OpenUrl, ...]:
    """The buttons: the properties form to vote in when ``vote``, the document in
    SharePoint, and its public copy when ``public``."""
    edit = context.edit_url
    buttons = [OpenUrl(wording(w.VOTE_BUTTON), edit)] if vote and edit else []
    buttons.append(OpenUrl(wording(w.OPEN_IN_SHAREPOINT), context.web_url))
    if public and context.public_url:
        buttons.append(OpenUrl(wording(w.PUBLISHED_VERSION), context.public_url))
    return tuple(buttons)


def fit(build: Callable[[int], AdaptiveCard]) -> AdaptiveCard:
    """The card ``build(limit)`` makes with the longest list limit whose message fits in Teams.

    Every text on a card is clipped, so the shortest limit always fits.
    """
    card = build(LIST_LIMITS[0])
    for limit in LIST_LIMITS[1:]:
        if payload_size(webhook_message(card)) <= MAX_PAYLOAD_BYTES:
            break
        card = build(limit)
    return card

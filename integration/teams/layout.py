"""Pieces every card shares: the header, document facts, the votes, links, and the size limit.

Lists (organisations, missing columns, open rounds) are cut with "… und N weitere"; ``fit``
builds a card with ever shorter lists until its webhook message stays under Teams' limit.
Every name and value from SharePoint or the configuration goes through ``markdown.plain``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from approval.decide import Tally
from approval.rounds import VoteRound
from approval.vocabulary import Choice
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
from integration.teams.texts import local_time, reason_words

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
_NOT_VOTED = "noch kein Votum"


def _more(count: int) -> str:
    return f"… und {count} weitere"


def listing(items: Sequence[str], limit: int) -> str:
    """``"A, B, C … und 4 weitere"`` (each item plain text); ``–`` for no items."""
    if not items:
        return "–"
    shown = ", ".join(plain(item) for item in items[:limit])
    rest = len(items) - limit
    return f"{shown} {_more(rest)}" if rest > 0 else shown


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


def document_facts(context: CardContext) -> list[Fact]:
    """Which document: file name, title (when set), library."""
    facts = [Fact("Dokument", plain(context.document_name))]
    if context.title:
        facts.append(Fact("Titel", plain(context.title)))
    facts.append(Fact("Bibliothek", plain(context.library_name)))
    return facts


def round_facts(round: VoteRound | None, context: CardContext, zone: tzinfo) -> list[Fact]:
    """Which round: number, version under vote, lead organisation, deadline."""
    if round is None:
        return []
    return [
        Fact("Runde", str(round.number)),
        Fact("Version", plain(round.version.label, 40)),
        Fact("Federführung", plain(context.org_name(round.lead_org))),
        Fact("Frist", local_time(round.deadline, zone)),
    ]


def _capped(facts: list[Fact], limit: int) -> tuple[Fact, ...]:
    if len(facts) <= limit:
        return tuple(facts)
    return (*facts[:limit], Fact("…", _more(len(facts) - limit)))


def standing(round: VoteRound, context: CardContext, limit: int) -> FactSet:
    """Each organisation's vote so far, or that it has not voted."""
    facts = [
        Fact(
            plain(context.org_name(code)),
            round.votes[code].choice.value if code in round.votes else _NOT_VOTED,
        )
        for code in context.organisations
    ]
    return FactSet(_capped(facts, limit), separator=True)


def tally_facts(tally: Tally, reason: str | None, limit: int) -> FactSet:
    """The counted votes of a decided round, with the reason of the decision."""
    silent = listing(tally.silent, limit)
    if tally.silent and tally.silence_as is not None:
        silent += f" (zählt als {tally.silence_as.value})"
    return FactSet(
        (
            Fact("Entscheidung", reason_words(reason)),
            Fact("Zustimmung", listing(tally.approve, limit)),
            Fact("Ablehnung", listing(tally.reject, limit)),
            Fact("Enthaltung", listing(tally.abstain, limit)),
            Fact("Ohne Votum", silent),
        ),
        separator=True,
    )


def _choices() -> str:
    *first, last = (choice.value for choice in Choice)
    return f"{', '.join(first)} oder {last}"


def ballot(round: VoteRound, context: CardContext, limit: int) -> list[Element]:
    """How the organisations still without a vote cast it: the column each sets in the
    document's properties form, and the values it takes; nothing once all have voted."""
    columns = [
        Fact(plain(context.org_name(code)), plain(context.vote_columns.get(code, "–")))
        for code in context.not_voted(round)
    ]
    if not columns:
        return []
    return [
        TextBlock("So stimmen Sie ab", weight="bolder", separator=True),
        TextBlock(
            "„Abstimmen“ öffnet die Eigenschaften des Dokuments. Setzen Sie dort die Spalte "
            f"Ihrer Organisation auf {_choices()} und speichern Sie.",
        ),
        FactSet(_capped(columns, limit)),
    ]


def links(context: CardContext, *, public: bool = False, vote: bool = False) -> tuple[OpenUrl, ...]:
    """The buttons: the properties form to vote in when ``vote``, the document in
    SharePoint, and its public copy when ``public``."""
    buttons = [OpenUrl("Abstimmen", context.edit_url)] if vote and context.edit_url else []
    buttons.append(OpenUrl("In SharePoint öffnen", context.web_url))
    if public and context.public_url:
        buttons.append(OpenUrl("Veröffentlichte Fassung", context.public_url))
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

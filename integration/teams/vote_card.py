"""The card of a ``VoteBatch``: which organisations voted what in one cycle, and who is
still open (``vote_cards: per_cycle``)."""

from __future__ import annotations

from collections.abc import Sequence

from approval.effects import NoticeKind, Notify
from config.teams import VOTES
from integration.teams import words as w
from integration.teams.context import CardContext
from integration.teams.elements import AdaptiveCard, Element, Fact, FactSet, TextBlock
from integration.teams.layout import (
    ballot,
    document_facts,
    fit,
    header,
    links,
    listing,
    round_facts,
    standing,
)
from integration.teams.markdown import cut, literal, plain, shorten
from integration.teams.texts import Wording
from integration.teams.vote_batches import VoteBatch

__all__ = ["vote_summary", "votes_card"]


def vote_summary(
    votes: Sequence[Notify], context: CardContext, limit: int, wording: Wording
) -> str:
    """``"2 neue Voten: A Zustimmung, B Ablehnung; 1 Votum zurückgenommen: C"`` (names
    plain text, lists cut after ``limit``)."""
    cast = [v for v in votes if v.kind is NoticeKind.VOTE_CAST and v.choice is not None]
    retracted = [v for v in votes if v.kind is NoticeKind.VOTE_RETRACTED]
    parts = []
    if cast:
        named = [f"{context.org_name(v.org)} {v.choice.value}" for v in cast if v.choice]
        new = wording.count(w.NEW_VOTES, len(cast))
        parts.append(f"{new}: {listing(named, limit, wording)}")
    if retracted:
        names = [context.org_name(v.org) for v in retracted]
        counted = wording.count(w.RETRACTED_VOTES, len(retracted))
        parts.append(f"{counted}: {listing(names, limit, wording)}")
    return "; ".join(parts)


def _who(vote: Notify, context: CardContext, wording: Wording) -> Fact:
    what = vote.choice.value if vote.choice is not None else wording(w.RETRACTED)
    actor = plain(vote.actor or wording(w.UNKNOWN))
    return Fact(plain(context.org_name(vote.org)), f"{what} ({actor})")


def _build(batch: VoteBatch, context: CardContext, wording: Wording, limit: int) -> AdaptiveCard:
    round_ = batch.round
    still_open = [context.org_name(code) for code in context.not_voted(round_)] if round_ else []
    values = {
        "document": plain(context.document_name),
        "title": plain(context.title or ""),
        "library": plain(context.library_name),
        "round": str(round_.number) if round_ else "",
        "version": plain(round_.version.label, 40) if round_ else "",
        "lead": plain(context.org_name(round_.lead_org)) if round_ else "",
        "deadline": wording.time(round_.deadline) if round_ else "",
        "votes": vote_summary(batch.votes, context, limit, wording),
        "missing": listing(still_open, limit, wording) if still_open else wording(w.NONE),
        "count": str(len(batch.votes)),
    }
    title, sentence = wording.render(VOTES, values)
    asking = ballot(round_, context, limit, wording) if round_ else []
    who = tuple(_who(vote, context, wording) for vote in batch.votes[:limit])
    body: list[Element] = [
        header(title, f"{wording(w.SUBTITLE)} · {values['library']}", "emphasis"),
        TextBlock(cut(sentence, 1000)),
        FactSet((*document_facts(context, wording), *round_facts(round_, context, wording))),
        TextBlock(wording(w.NEW_IN_CYCLE), weight="bolder", separator=True),
        FactSet(who, separator=True),
    ]
    if round_ is not None:
        body += [
            TextBlock(wording(w.STANDING), weight="bolder", separator=True),
            standing(round_, context, limit, wording),
        ]
    return AdaptiveCard(
        (*body, *asking),
        links(context, wording, vote=bool(asking)),
        id=batch.key,
        fallback_text=shorten(literal(f"{title}: {sentence}"), 1000),
    )


def votes_card(batch: VoteBatch, context: CardContext, wording: Wording) -> AdaptiveCard:
    """The card telling the channel about the votes of ``batch``; it fits in one message."""
    return fit(lambda limit: _build(batch, context, wording, limit))

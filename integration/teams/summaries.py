"""Cards that are not about one event: the reminder before a deadline and the weekly digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from config.teams import DIGEST, REMINDER
from integration.teams import words as w
from integration.teams.context import DocumentRound
from integration.teams.elements import (
    AdaptiveCard,
    Container,
    Element,
    Fact,
    FactSet,
    OpenUrl,
    TextBlock,
)
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

__all__ = ["days_left", "digest_card", "in_words", "reminder_card"]


def days_left(deadline: datetime, at: datetime, zone: tzinfo) -> int:
    """Calendar days from ``at`` to ``deadline`` as people in ``zone`` count them."""
    return (deadline.astimezone(zone).date() - at.astimezone(zone).date()).days


def in_words(days: int, wording: Wording) -> str:
    """``heute``, ``morgen`` or ``in N Tagen`` (``today``, ``tomorrow``, ``in N days``)."""
    if days <= 0:
        return wording(w.TODAY)
    return wording(w.TOMORROW) if days == 1 else wording(w.IN_DAYS, days=days)


def reminder_card(
    open_round: DocumentRound, at: datetime, wording: Wording, key: str
) -> AdaptiveCard:
    """The reminder that the deadline of ``open_round`` is near, naming who has not voted."""
    round_, context = open_round.round, open_round.context

    def build(limit: int) -> AdaptiveCard:
        missing = [context.org_name(code) for code in context.not_voted(round_)]
        values = {
            "document": plain(context.document_name),
            "title": plain(context.title or ""),
            "library": plain(context.library_name),
            "round": str(round_.number),
            "version": plain(round_.version.label, 40),
            "lead": plain(context.org_name(round_.lead_org)),
            "deadline": wording.time(round_.deadline),
            "missing": listing(missing, limit, wording),
            "days_left": in_words(days_left(round_.deadline, at, wording.zone), wording),
            "count": str(len(missing)),
        }
        title, sentence = wording.render(REMINDER, values)
        asking = ballot(round_, context, limit, wording)
        body: tuple[Element, ...] = (
            header(title, f"{wording(w.SUBTITLE)} · {values['library']}", "warning"),
            TextBlock(cut(sentence, 1000)),
            FactSet((*document_facts(context, wording), *round_facts(round_, context, wording))),
            TextBlock(wording(w.STANDING), weight="bolder", separator=True),
            standing(round_, context, limit, wording),
            *asking,
        )
        fallback = shorten(literal(title), 1000)
        buttons = links(context, wording, vote=bool(asking))
        return AdaptiveCard(body, buttons, id=key, fallback_text=fallback)

    return fit(build)


def _entry(open_round: DocumentRound, wording: Wording, limit: int) -> Container:
    round_, context = open_round.round, open_round.context
    missing = [context.org_name(code) for code in context.not_voted(round_)]
    facts = (
        Fact(wording(w.LIBRARY), plain(context.library_name)),
        Fact(wording(w.DEADLINE), wording.time(round_.deadline)),
        Fact(wording(w.LEAD), plain(context.org_name(round_.lead_org))),
        Fact(wording(w.WITHOUT_VOTE), listing(missing, limit, wording)),
    )
    return Container(
        (TextBlock(plain(context.title or context.document_name), weight="bolder"), FactSet(facts)),
        separator=True,
        select=OpenUrl(wording(w.OPEN_IN_SHAREPOINT), context.web_url),
    )


def digest_card(
    rounds: Sequence[DocumentRound],
    at: datetime,
    wording: Wording,
    key: str,
    *,
    status_url: str | None = None,
) -> AdaptiveCard:
    """The weekly overview of ``rounds`` (open ones), earliest deadline first, with a button to
    the status page at ``status_url`` if given (where the whole vote matrix is)."""
    actions = () if status_url is None else (OpenUrl(wording(w.OPEN_STATUS_PAGE), status_url),)
    ordered = sorted(rounds, key=lambda r: (r.round.deadline, r.context.document_name))

    def build(limit: int) -> AdaptiveCard:
        values = {
            "count": str(len(ordered)),
            "open_votes": wording.count(w.OPEN_VOTES, len(ordered)),
            "date": wording.time(at),
        }
        title, sentence = wording.render(DIGEST, values)
        entries: list[Element] = [_entry(r, wording, limit) for r in ordered[:limit]]
        if len(ordered) > limit:
            more = wording(w.MORE, count=len(ordered) - limit)
            entries.append(TextBlock(more, subtle=True))
        if not ordered:
            entries.append(TextBlock(wording(w.NO_OPEN_ROUNDS), subtle=True))
        body: tuple[Element, ...] = (
            header(title, wording(w.SUBTITLE), "accent"),
            TextBlock(cut(sentence, 1000)),
            *entries,
        )
        return AdaptiveCard(body, actions, id=key, fallback_text=shorten(literal(title), 1000))

    return fit(build)

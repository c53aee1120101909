"""One card per event of the release process (``NoticeKind``), built from typed values.

Every card: a coloured headline, one sentence (from ``Wording``, overridable), the facts of
the document and the round, the votes where they matter, and a button to the document in
SharePoint; a card that asks for votes also names each open organisation's vote column and
has an "Abstimmen" button to the document's properties form. The card's ``id`` is the
notice's idempotency key. The template placeholders are filled with plain text
(``markdown.plain``): a template may format, the values it names never.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from approval.effects import NoticeKind, Notify
from integration.teams import words as w
from integration.teams.context import CardContext
from integration.teams.elements import AdaptiveCard, Element, Fact, FactSet, Style, TextBlock
from integration.teams.layout import (
    ballot,
    document_facts,
    fit,
    header,
    links,
    listing,
    round_facts,
    standing,
    tally_facts,
)
from integration.teams.markdown import cut, literal, plain, shorten
from integration.teams.texts import Wording

__all__ = ["notice_card", "notice_values"]

_SENTENCE_LIMIT = 1000

_Facts = Callable[[Notify, CardContext, int, Wording], list[Fact]]


def _nothing(_notice: Notify, _context: CardContext, _limit: int, _wording: Wording) -> list[Fact]:
    return []


def _actor(notice: Notify, wording: Wording) -> str:
    return plain(notice.actor or wording(w.UNKNOWN))


def _by(notice: Notify, _context: CardContext, _limit: int, wording: Wording) -> list[Fact]:
    return [Fact(wording(w.BY), _actor(notice, wording))]


def _missing(notice: Notify, _context: CardContext, limit: int, wording: Wording) -> list[Fact]:
    return [Fact(wording(w.MISSING), listing(notice.missing, limit, wording))]


def _lead(notice: Notify, context: CardContext, _limit: int, wording: Wording) -> list[Fact]:
    return [
        Fact(wording(w.GIVEN), plain(context.org_name(notice.org))),
        Fact(wording(w.EXPECTED), plain(context.org_name(notice.expected))),
        Fact(wording(w.REASON), wording.reason(notice.reason)),
    ]


def _vote(notice: Notify, context: CardContext, _limit: int, wording: Wording) -> list[Fact]:
    choice = [Fact(wording(w.VOTE), notice.choice.value)] if notice.choice is not None else []
    return [
        Fact(wording(w.ORGANISATION), plain(context.org_name(notice.org))),
        *choice,
        *_by(notice, context, 0, wording),
    ]


def _reverted(notice: Notify, _context: CardContext, _limit: int, wording: Wording) -> list[Fact]:
    return [
        Fact(wording(w.COLUMN), plain(notice.column or "–")),
        Fact(wording(w.BY), _actor(notice, wording)),
        Fact(wording(w.REASON), wording.reason(notice.reason)),
    ]


def _published(_notice: Notify, context: CardContext, _limit: int, wording: Wording) -> list[Fact]:
    return [Fact(wording(w.PUBLIC), plain(context.public_url or "–", 500))]


@dataclass(frozen=True, slots=True)
class _Layout:
    """How one kind's card looks: colour, its own facts, which vote section, which links,
    and whether it asks the organisations without a vote to cast one."""

    style: Style
    facts: _Facts = _nothing
    votes: str | None = None  # "standing": each organisation's vote; "tally": the decision
    public: bool = False
    asks: bool = False


_LAYOUTS: dict[NoticeKind, _Layout] = {
    NoticeKind.SUBMITTED: _Layout("accent", votes="standing", asks=True),
    NoticeKind.MISSING_METADATA: _Layout("warning", _missing),
    NoticeKind.LEAD_CONTRADICTION: _Layout("warning", _lead),
    NoticeKind.VOTE_CAST: _Layout("emphasis", _vote, votes="standing", asks=True),
    NoticeKind.VOTE_RETRACTED: _Layout("emphasis", _vote, votes="standing", asks=True),
    NoticeKind.CHANGE_REVERTED: _Layout("attention", _reverted),
    NoticeKind.DEADLINE_EXTENDED: _Layout("accent", _by, votes="standing", asks=True),
    NoticeKind.ROUND_RESTARTED: _Layout("warning", votes="standing", asks=True),
    NoticeKind.RELEASED: _Layout("good", _published, votes="tally", public=True),
    NoticeKind.REJECTED: _Layout("attention", votes="tally"),
    NoticeKind.WITHDRAWN: _Layout("attention", _by),
    NoticeKind.CANCELLED: _Layout("warning", _by),
    NoticeKind.NEW_DRAFT: _Layout("emphasis", public=True),
}


def notice_values(
    notice: Notify, context: CardContext, wording: Wording, limit: int
) -> dict[str, str]:
    """The template placeholders for ``notice`` as plain-text markdown; those that do not
    apply are empty."""
    round_ = notice.round
    return {
        "document": plain(context.document_name),
        "title": plain(context.title or ""),
        "library": plain(context.library_name),
        "round": str(round_.number) if round_ else "",
        "version": plain(round_.version.label, 40) if round_ else "",
        "lead": plain(context.org_name(round_.lead_org)) if round_ else "",
        "deadline": wording.time(round_.deadline) if round_ else "",
        "org": plain(context.org_name(notice.org)) if notice.org else "",
        "actor": _actor(notice, wording),
        "choice": notice.choice.value if notice.choice else "",
        "column": plain(notice.column or ""),
        "reason": wording.reason(notice.reason) if notice.reason else "",
        "missing": listing(notice.missing, limit, wording) if notice.missing else "",
        "expected": plain(context.org_name(notice.expected)) if notice.expected else "",
        "public_url": plain(context.public_url or "", 500),
    }


def _votes(
    layout: _Layout, notice: Notify, context: CardContext, limit: int, wording: Wording
) -> list[Element]:
    if layout.votes == "standing" and notice.round is not None:
        return [
            TextBlock(wording(w.STANDING), weight="bolder", separator=True),
            standing(notice.round, context, limit, wording),
        ]
    if layout.votes == "tally" and notice.tally is not None:
        return [tally_facts(notice.tally, notice.reason, limit, wording)]
    return []


def _build(notice: Notify, context: CardContext, wording: Wording, limit: int) -> AdaptiveCard:
    layout = _LAYOUTS[notice.kind]
    values = notice_values(notice, context, wording, limit)
    title, sentence = wording.render(notice.kind, values)
    subtitle = f"{wording(w.SUBTITLE)} · {values['library']}"
    facts = [
        *document_facts(context, wording),
        *round_facts(notice.round, context, wording),
        *layout.facts(notice, context, limit, wording),
    ]
    asking = ballot(notice.round, context, limit, wording) if layout.asks and notice.round else []
    body: list[Element] = [
        header(title, subtitle, layout.style),
        TextBlock(cut(sentence, _SENTENCE_LIMIT)),
        FactSet(tuple(facts)),
        *_votes(layout, notice, context, limit, wording),
        *asking,
    ]
    return AdaptiveCard(
        tuple(body),
        links(context, wording, public=layout.public, vote=bool(asking)),
        id=notice.key,
        fallback_text=shorten(literal(f"{title}: {sentence}"), _SENTENCE_LIMIT),
    )


def notice_card(notice: Notify, context: CardContext, wording: Wording) -> AdaptiveCard:
    """The card telling the channel about ``notice``; it fits in one webhook message."""
    return fit(lambda limit: _build(notice, context, wording, limit))

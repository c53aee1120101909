"""Votes of one cycle on one document share a card; the card and the vote link."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from approval import Choice, NoticeKind, Notify
from config.teams import VoteCards
from integration.teams.cards import notice_card
from integration.teams.context import DocumentRound
from integration.teams.forms import edit_form_url
from integration.teams.summaries import reminder_card
from integration.teams.vote_batches import VoteBatch, batch_votes
from integration.teams.vote_card import vote_summary, votes_card
from ports.ledger import RecordedNotice
from tests.unit.teams.samples import AT, CONTEXT, ROUND, WORDING, a_batch, a_round, notice


def _vote(org: str, *, seq: int, step: int = 0, doc: str = "doc-1") -> RecordedNotice:
    cast = Notify(
        NoticeKind.VOTE_CAST,
        doc,
        f"{doc}/2/vote_cast/{org}/etag-{step}",
        AT + timedelta(minutes=step),
        ROUND,
        org=org,
        choice=Choice.APPROVE,
    )
    return RecordedNotice(seq, "lib", cast)


def _other(kind: NoticeKind, *, seq: int, step: int = 0) -> RecordedNotice:
    return RecordedNotice(seq, "lib", replace(notice(kind), at=AT + timedelta(minutes=step)))


def _keys(entries: list[RecordedNotice | VoteBatch]) -> list[str]:
    return [e.key if isinstance(e, VoteBatch) else e.notice.key for e in entries]


STEP = [
    _vote("DWV", seq=1),
    _vote("BLP", seq=2),
    _other(NoticeKind.RELEASED, seq=3),
    _vote("SPV", seq=4, doc="doc-2"),
    _vote("KIV", seq=5, step=1),
]


def test_per_cycle_batches_the_votes_of_one_step_where_the_first_was() -> None:
    """One batch per document and cycle, in the place of its first vote; other notices
    keep theirs."""
    entries = batch_votes(STEP, VoteCards.PER_CYCLE)
    assert _keys(entries) == [
        "doc-1/2/vote_cast/DWV/etag-0/votes",
        "doc-1/2/released/etag-7",
        "doc-2/2/vote_cast/SPV/etag-0/votes",
        "doc-1/2/vote_cast/KIV/etag-1/votes",
    ]
    first = entries[0]
    assert isinstance(first, VoteBatch)
    assert [v.org for v in first.votes] == ["DWV", "BLP"]


def test_a_batch_key_does_not_depend_on_how_the_notices_were_read() -> None:
    """Read again after a crash, from the same or a later start, a step's votes give the
    same batch under the same key."""
    again = batch_votes(STEP[:2], VoteCards.PER_CYCLE)
    assert _keys(again) == _keys(batch_votes(STEP, VoteCards.PER_CYCLE))[:1]


def test_each_keeps_one_card_per_vote_and_off_drops_them() -> None:
    assert batch_votes(STEP, VoteCards.EACH) == STEP
    assert _keys(batch_votes(STEP, VoteCards.OFF)) == ["doc-1/2/released/etag-7"]


@pytest.mark.parametrize(
    ("votes", "summary"),
    [
        ({"DWV": Choice.APPROVE}, "1 neues Votum: DWV (Deutscher Wasserverband) Zustimmung"),
        (
            {"DWV": Choice.APPROVE, "SPV": Choice.REJECT},
            "2 neue Voten: DWV (Deutscher Wasserverband) Zustimmung, "
            "SPV (Stadtplanungsverein) Ablehnung",
        ),
        ({"KIV": None}, "1 Votum zurückgenommen: KIV (Kommunale Infrastruktur)"),
        (
            {"DWV": Choice.ABSTAIN, "KIV": None, "BLP": None},
            "1 neues Votum: DWV (Deutscher Wasserverband) Enthaltung; 2 Voten zurückgenommen: "
            "KIV (Kommunale Infrastruktur), BLP (Bund für Landschaftspflege)",
        ),
    ],
)
def test_summary_counts_in_singular_and_plural(
    votes: dict[str, Choice | None], summary: str
) -> None:
    assert vote_summary(a_batch(votes, ROUND).votes, CONTEXT, 20, WORDING) == summary


def test_a_card_once_everyone_voted_asks_no_one() -> None:
    """With every organisation voted the card says so and has no vote button."""
    done = a_round(dict.fromkeys(CONTEXT.organisations, Choice.APPROVE))
    card = votes_card(a_batch({"KIV": Choice.APPROVE}, done), CONTEXT, WORDING).to_json()
    assert "noch offen: keine." in json.dumps(card, ensure_ascii=False)
    assert [a["title"] for a in card["actions"]] == ["In SharePoint öffnen"]


def _asks(card: dict[str, object]) -> None:
    text = json.dumps(card, ensure_ascii=False)
    actions = card["actions"]
    assert isinstance(actions, list)
    assert actions[0] == {"type": "Action.OpenUrl", "title": "Abstimmen", "url": CONTEXT.edit_url}
    assert any(a["title"] == "In SharePoint öffnen" for a in actions)
    # the organisations without a vote, each with its column, and the values they take
    assert "Votum\\\\_SPV" in text
    assert "Votum\\\\_KIV" in text
    assert "Votum\\\\_DWV" not in text
    assert "Zustimmung, Ablehnung oder Enthaltung" in text


@pytest.mark.parametrize(
    "kind", [NoticeKind.SUBMITTED, NoticeKind.ROUND_RESTARTED, NoticeKind.DEADLINE_EXTENDED]
)
def test_cards_that_ask_for_votes_link_the_edit_form(kind: NoticeKind) -> None:
    _asks(notice_card(notice(kind), CONTEXT, WORDING).to_json())


def test_reminder_and_votes_cards_link_the_edit_form() -> None:
    _asks(reminder_card(DocumentRound(ROUND, CONTEXT), AT, WORDING, "r").to_json())
    _asks(votes_card(a_batch({"BLP": Choice.ABSTAIN}, ROUND), CONTEXT, WORDING).to_json())


def test_a_decision_asks_for_no_vote() -> None:
    card = notice_card(notice(NoticeKind.RELEASED), CONTEXT, WORDING).to_json()
    assert "Abstimmen" not in [a["title"] for a in card["actions"]]


def test_edit_form_of_a_library_root() -> None:
    """The library's own edit form, the item as ``ID``."""
    root = "https://contoso.sharepoint.com/sites/x/Shared%20Documents"
    assert edit_form_url(root, "12") == f"{root}/Forms/EditForm.aspx?ID=12"
    assert edit_form_url(root + "/", "12") == f"{root}/Forms/EditForm.aspx?ID=12"

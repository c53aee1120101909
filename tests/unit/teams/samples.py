"""One example of every card the service posts, and the values they are built from."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from approval import (
    Choice,
    Contradiction,
    NoticeKind,
    Notify,
    Reason,
    RevertReason,
    Tally,
    Vote,
    VotedVersion,
    VoteRound,
)
from integration.teams.cards import notice_card
from integration.teams.context import CardContext, OpenRound
from integration.teams.elements import webhook_message
from integration.teams.summaries import digest_card, reminder_card
from integration.teams.texts import Wording

BERLIN = ZoneInfo("Europe/Berlin")
WORDING = Wording(BERLIN, {})
AT = datetime(2026, 10, 26, 8, 30, tzinfo=UTC)
DEADLINE = datetime(2026, 10, 28, 16, 0, tzinfo=UTC)
ORGS = {
    "DWV": "Deutscher Wasserverband",
    "BLP": "Bund für Landschaftspflege",
    "SPV": "Stadtplanungsverein",
    "KIV": "Kommunale Infrastruktur",
}
CONTEXT = CardContext(
    document_name="Positionspapier Schwammstadt.docx",
    web_url="https://contoso.sharepoint.com/sites/allianz/Freigabe/Positionspapier%20Schwammstadt.docx",
    library_name="Freigabe",
    organisations=ORGS,
    title="Positionspapier Schwammstadt",
    public_url="https://allianz.example/dokumente/positionspapier-schwammstadt/",
)
ACTOR = "anna.berger@dwv.example"


def a_round(votes: Mapping[str, Choice] | None = None, *, number: int = 2) -> VoteRound:
    """Round ``number`` of the sample document, led by DWV, holding ``votes``."""
    held = {
        org: Vote(org, choice, ACTOR, AT - timedelta(hours=2))
        for org, choice in (votes or {}).items()
    }
    return VoteRound(
        "doc-1",
        number,
        VotedVersion("4.0", "aGFzaC1vbmU="),
        AT - timedelta(days=10),
        DEADLINE,
        "DWV",
        held,
    )


ROUND = a_round({"DWV": Choice.APPROVE, "BLP": Choice.ABSTAIN})
TALLY = Tally(("DWV", "SPV"), (), ("BLP",), ("KIV",), Choice.APPROVE)


def notice(kind: NoticeKind, **changes: Any) -> Notify:
    """A notice of ``kind`` about the sample document, with plausible details."""
    details: dict[str, Any] = {"round": ROUND, "actor": ACTOR}
    details.update(_DETAILS.get(kind, {}))
    details.update(changes)
    return Notify(kind, "doc-1", f"doc-1/2/{kind.value}/etag-7", AT, **details)


_DETAILS: dict[NoticeKind, dict[str, Any]] = {
    NoticeKind.MISSING_METADATA: {"round": None, "missing": ("Dokumenttyp", "Zusammenfassung")},
    NoticeKind.LEAD_CONTRADICTION: {
        "round": None,
        "org": "SPV",
        "expected": "DWV",
        "reason": Contradiction.NOT_TABLE_LEAD.value,
    },
    NoticeKind.VOTE_CAST: {"org": "BLP", "choice": Choice.ABSTAIN},
    NoticeKind.VOTE_RETRACTED: {"org": "SPV"},
    NoticeKind.CHANGE_REVERTED: {
        "org": "KIV",
        "column": "Votum_KIV",
        "reason": RevertReason.NOT_AUTHORISED.value,
        "actor": "max.muster@allianz.example",
    },
    NoticeKind.RELEASED: {"reason": Reason.CONSENSUS.value, "tally": TALLY, "actor": None},
    NoticeKind.REJECTED: {
        "reason": Reason.VETO.value,
        "tally": Tally(("DWV",), ("SPV",), (), ("BLP", "KIV"), None),
        "actor": None,
    },
    NoticeKind.NEW_DRAFT: {"round": None, "actor": None},
}


def payloads() -> dict[str, dict[str, Any]]:
    """Every card kind (each ``NoticeKind``, ``reminder``, ``digest``) as a webhook message."""
    cards = {kind.value: notice_card(notice(kind), CONTEXT, WORDING) for kind in NoticeKind}
    open_round = OpenRound(ROUND, CONTEXT)
    second = OpenRound(
        a_round({"SPV": Choice.REJECT}, number=1),
        CardContext(
            "Leitfaden Regenwasser.pdf", "https://contoso.sharepoint.com/x", "AG Wasser", ORGS
        ),
    )
    cards["reminder"] = reminder_card(open_round, AT, WORDING, "reminder/doc-1/2/2026-10-26")
    cards["digest"] = digest_card([open_round, second], AT, WORDING, "digest/2026-W44/default")
    return {kind: webhook_message(card) for kind, card in cards.items()}

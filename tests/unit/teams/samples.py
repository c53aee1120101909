"""One example of every card the service posts, and the values they are built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
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
from integration.language import Language
from integration.state.problems import EXPORT_SITE
from integration.teams.cards import notice_card
from integration.teams.context import CardContext, DocumentRound
from integration.teams.elements import AdaptiveCard, webhook_message
from integration.teams.problems import problem_card, problem_key, problem_kind
from integration.teams.summaries import digest_card, reminder_card
from integration.teams.texts import Wording
from integration.teams.vote_batches import VoteBatch
from integration.teams.vote_card import votes_card
from ports.problems import ItemProblem, Stage

BERLIN = ZoneInfo("Europe/Berlin")
WORDING = Wording(BERLIN, {})
ENGLISH = Wording(BERLIN, {}, Language.EN)
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
    edit_url="https://contoso.sharepoint.com/sites/allianz/Freigabe/Forms/EditForm.aspx?ID=7",
    vote_columns={code: f"Votum_{code}" for code in ORGS},
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


_ANSWERS = {
    Stage.ENFORCE: (423, "resourceLocked", "PATCH fields: 423 resourceLocked"),
    Stage.PUBLISH: (
        None,
        None,
        "refused export path 'versionen/positionspapier/4.0-1a2b3c4d.docx': "
        "'positionspapier' is no plain folder",
    ),
    Stage.LINK: (403, "accessDenied", "PATCH fields: 403 accessDenied"),
}
EXPORT_FAILURE = "refused export path 'index.html': 'index.html' is no plain file"


def a_batch(votes: Mapping[str, Choice | None], round_: VoteRound) -> VoteBatch:
    """The votes of one cycle on the sample document (None: a retraction), ``round_`` as it
    stood after each."""
    return VoteBatch(
        "lib",
        tuple(
            notice(NoticeKind.VOTE_CAST, org=org, choice=choice, round=round_)
            if choice is not None
            else notice(NoticeKind.VOTE_RETRACTED, org=org, round=round_)
            for org, choice in votes.items()
        ),
    )


def problem_cards(
    context: CardContext, message: str | None = None, wording: Wording = WORDING
) -> dict[str, AdaptiveCard]:
    """The card of a document stuck at each stage, and of the export failing, about
    ``context``'s document (``message``: every error text)."""
    problems = [
        ItemProblem(
            "doc-1", stage, "lib", context.document_name, status, code,
            message or text, AT, AT, 2,
        )
        for stage, (status, code, text) in _ANSWERS.items()
    ]  # fmt: skip
    site = ItemProblem(
        EXPORT_SITE, Stage.PUBLISH, "", "Export", None, None, message or EXPORT_FAILURE, AT, AT, 1
    )
    cards = {
        problem_kind(p, export=False): problem_card(p, context, wording, problem_key(p, "default"))
        for p in problems
    }
    cards[problem_kind(site, export=True)] = problem_card(
        site, None, wording, problem_key(site, "default")
    )
    return cards


STATUS_URL = "https://intranet.example.org/freigabe/status"


def payloads(wording: Wording = WORDING) -> dict[str, dict[str, Any]]:
    """Every card kind (each ``NoticeKind``, ``reminder``, ``digest``, each ``stuck_...``) as
    a webhook message, in the language of ``wording``."""
    cards = {kind.value: notice_card(notice(kind), CONTEXT, wording) for kind in NoticeKind}
    open_round = DocumentRound(ROUND, CONTEXT)
    second = DocumentRound(
        a_round({"SPV": Choice.REJECT}, number=1),
        CardContext(
            "Leitfaden Regenwasser.pdf", "https://contoso.sharepoint.com/x", "AG Wasser", ORGS
        ),
    )
    cards["reminder"] = reminder_card(open_round, AT, wording, "reminder/doc-1/2/2026-10-26")
    cards["digest"] = digest_card(
        [open_round, second], AT, wording, "digest/2026-W44/default", status_url=STATUS_URL
    )
    cards["votes"] = votes_card(
        a_batch({"DWV": Choice.APPROVE, "BLP": Choice.ABSTAIN}, ROUND), CONTEXT, wording
    )
    cards.update(problem_cards(CONTEXT, wording=wording))
    return {kind: webhook_message(card) for kind, card in cards.items()}


# Texts from SharePoint and people that markdown would turn into something else.
PHISH = "[Jetzt hier abstimmen](https://evil.example/phish)"
MARKDOWN_TRAPS = (
    PHISH,
    "**Dringend** __sofort__ *heute* _morgen_",
    "# Überschrift",
    "- Punkt",
    "+ Punkt",
    "1. Punkt",
    "2026) Punkt",
    "> Zitat",
    "<https://evil.example/auto>",
    "`Code` ```mehr```",
    "~~gestrichen~~",
    "![Bild](https://evil.example/pixel.png)",
    "&lt;b&gt; &#91;x&#93;",
    "C:\\Ordner\\*Datei*",
    "---",
    "Ende\\",
)
# NUL, controls, direction marks, an override and an isolate: stripped from every card text
DISGUISE = "\x00\x1b\x9b\u200e\u200f\u061c\u202e\u2067"
_TRAPS = MARKDOWN_TRAPS[1 : len(ORGS) + 1]
_TRAP_ORGS = {code: f"{trap} {ORGS[code]}" for code, trap in zip(ORGS, _TRAPS, strict=True)}
HOSTILE_CONTEXT = CardContext(
    document_name=f"{MARKDOWN_TRAPS[9]} {DISGUISE}Bericht.docx",
    web_url=CONTEXT.web_url,
    library_name=f"{MARKDOWN_TRAPS[2]}{DISGUISE}",
    organisations=_TRAP_ORGS,
    title=f"{PHISH}{DISGUISE}",
    public_url=f"{CONTEXT.public_url}?a=_b_&c=*d*",
)
HOSTILE_DETAILS: dict[str, Any] = {
    "actor": f"[Anna](https://evil.example/actor){DISGUISE}",
    "column": "**Votum_KIV**",
    "missing": MARKDOWN_TRAPS,
}
HOSTILE_ROUND = replace(
    ROUND, version=VotedVersion(f"{MARKDOWN_TRAPS[5]}{DISGUISE}", ROUND.version.content_hash)
)


def hostile_payloads() -> dict[str, dict[str, Any]]:
    """Every card kind about a document whose texts are markdown traps and disguises."""
    cards = {}
    for kind in NoticeKind:
        details = dict(HOSTILE_DETAILS)
        if _DETAILS.get(kind, {}).get("round", ROUND) is not None:
            details["round"] = HOSTILE_ROUND
        if kind in (NoticeKind.RELEASED, NoticeKind.REJECTED, NoticeKind.NEW_DRAFT):
            details["actor"] = None
        cards[kind.value] = notice_card(notice(kind, **details), HOSTILE_CONTEXT, WORDING)
    open_round = DocumentRound(HOSTILE_ROUND, HOSTILE_CONTEXT)
    cards["reminder"] = reminder_card(open_round, AT, WORDING, "reminder/hostile")
    cards["digest"] = digest_card([open_round], AT, WORDING, "digest/hostile")
    cards["votes"] = votes_card(
        a_batch(dict.fromkeys(ORGS), HOSTILE_ROUND), HOSTILE_CONTEXT, WORDING
    )
    cards.update(problem_cards(HOSTILE_CONTEXT, f"{PHISH}{DISGUISE}"))
    return {kind: webhook_message(card) for kind, card in cards.items()}


def longest_payloads() -> dict[str, dict[str, Any]]:
    """Every card kind with each text as long as a card shows it, every character escaped,
    and 300 organisations: the cards that come closest to Teams' size limit."""
    long = "[*_`<&~\\]" * 600
    orgs = {f"O{n:03d}": long for n in range(300)}
    context = CardContext(
        long,
        CONTEXT.web_url,
        long,
        orgs,
        long,
        CONTEXT.public_url,
        edit_url=CONTEXT.edit_url,
        vote_columns=dict.fromkeys(orgs, long),
    )
    round_ = replace(HOSTILE_ROUND, version=VotedVersion(long, "aGFzaA=="), lead_org="O000")
    cards = {}
    for kind in NoticeKind:
        details: dict[str, Any] = {"actor": long, "column": long, "missing": (long,) * 300}
        if _DETAILS.get(kind, {}).get("round", ROUND) is not None:
            details["round"] = round_
        if kind is NoticeKind.LEAD_CONTRADICTION:
            details.update(org="O001", expected="O002")
        cards[kind.value] = notice_card(notice(kind, **details), context, WORDING)
    rounds = [DocumentRound(replace(round_, number=n + 1), context) for n in range(100)]
    cards["reminder"] = reminder_card(rounds[0], AT, WORDING, "reminder/longest")
    cards["digest"] = digest_card(rounds, AT, WORDING, "digest/longest", status_url=STATUS_URL)
    batch = VoteBatch(
        "lib",
        tuple(
            notice(NoticeKind.VOTE_CAST, org=org, choice=Choice.REJECT, round=round_, actor=long)
            for org in orgs
        ),
    )
    cards["votes"] = votes_card(batch, context, WORDING)
    cards.update(problem_cards(context, long))
    return {kind: webhook_message(card) for kind, card in cards.items()}

"""The cards: one per kind, typed JSON Teams accepts, links, wording, and the size limit."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from approval import Choice, NoticeKind
from config.teams import STUCK_EXPORT, TEMPLATE_KINDS
from integration.teams.cards import notice_card
from integration.teams.context import CardContext, DocumentRound
from integration.teams.elements import MAX_PAYLOAD_BYTES, payload_size, webhook_message
from integration.teams.summaries import digest_card, reminder_card
from integration.teams.texts import Wording
from tests.unit.teams.samples import (
    AT,
    BERLIN,
    CONTEXT,
    DISGUISE,
    ENGLISH,
    PHISH,
    ROUND,
    STATUS_URL,
    WORDING,
    a_round,
    hostile_payloads,
    longest_payloads,
    notice,
    payloads,
)

KINDS = sorted(payloads())
# the export as a whole failing is about no document, so its card has no button
ABOUT_A_DOCUMENT = [kind for kind in KINDS if kind != STUCK_EXPORT]


def _card(message: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = message["attachments"][0]["content"]
    return content


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every JSON object inside ``node``."""
    if isinstance(node, dict):
        return [node, *(o for v in node.values() for o in _walk(v))]
    if isinstance(node, list):
        return [o for v in node for o in _walk(v)]
    return []


def _text(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_every_kind_has_a_sample() -> None:
    """Each notice kind, the reminder, the digest and each stuck kind have a card."""
    assert set(KINDS) == TEMPLATE_KINDS
    assert {k.value for k in NoticeKind} | {"reminder", "digest"} < TEMPLATE_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_card_is_a_version_1_5_webhook_message(kind: str) -> None:
    """Every card is an Adaptive Card 1.5 attachment of a ``message``, under 28 KB."""
    message = payloads()[kind]
    assert message["type"] == "message"
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["contentUrl"] is None
    assert _card(message)["type"] == "AdaptiveCard"
    assert _card(message)["version"] == "1.5"
    assert payload_size(message) < MAX_PAYLOAD_BYTES


@pytest.mark.parametrize("kind", ABOUT_A_DOCUMENT)
def test_card_uses_only_open_url_actions(kind: str) -> None:
    """No card carries an action a webhook cannot serve (only Action.OpenUrl)."""
    actions = [o for o in _walk(payloads()[kind]) if str(o.get("type", "")).startswith("Action.")]
    assert actions
    assert {a["type"] for a in actions} == {"Action.OpenUrl"}


@pytest.mark.parametrize("kind", ABOUT_A_DOCUMENT)
def test_card_links_to_the_document_in_sharepoint(kind: str) -> None:
    """Every card opens the document in SharePoint."""
    urls = {o["url"] for o in _walk(payloads()[kind]) if o.get("type") == "Action.OpenUrl"}
    assert CONTEXT.web_url in urls


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_notice_card_carries_the_idempotency_key(kind: NoticeKind) -> None:
    """The card's id is the notice's key."""
    card = notice_card(notice(kind), CONTEXT, WORDING).to_json()
    assert card["id"] == notice(kind).key


def test_released_card_names_version_and_public_link() -> None:
    """The release card says which version and links to the public copy."""
    message = payloads()["released"]
    urls = [o["url"] for o in _walk(message) if o.get("type") == "Action.OpenUrl"]
    assert CONTEXT.public_url in urls
    assert "Version 4.0 ist freigegeben (Konsens)" in _text(message)


@pytest.mark.parametrize(
    ("kind", "phrases"),
    [
        ("submitted", ["Zur Abstimmung", "28.10.2026 17:00", "noch kein Votum"]),
        ("missing_metadata", ["Dokumenttyp, Zusammenfassung"]),
        ("lead_contradiction", ["SPV (Stadtplanungsverein)", "Laut Lenkungskreis"]),
        ("vote_cast", ["Votum BLP (Bund für Landschaftspflege) zu Positionspapier"]),
        (
            "votes",
            [
                "Abstimmungsstand: Positionspapier Schwammstadt.docx",
                "2 neue Voten: DWV (Deutscher Wasserverband) Zustimmung, BLP (Bund für "
                "Landschaftspflege) Enthaltung; noch offen: SPV (Stadtplanungsverein), KIV",
            ],
        ),
        ("change_reverted", ["Votum_KIV", "keine Berechtigung", "max.muster@allianz.example"]),
        ("rejected", ["Veto durch Ablehnung"]),
        ("released", ["KIV (zählt als Zustimmung)"]),
        ("reminder", ["Erinnerung", "in 2 Tagen", "SPV (Stadtplanungsverein), KIV"]),
        ("digest", ["Wochenübersicht: 2 offene Abstimmungen", "Leitfaden Regenwasser.pdf"]),
        ("stuck_enforce", ["Hängt: Positionspapier", "423 resourceLocked", "In Office geöffnet"]),
        ("stuck_publish", ["Nicht veröffentlicht: Positionspapier", "no plain folder", "Was tun"]),
        ("stuck_link", ["Link nicht eingetragen", "403 accessDenied", "öffentlicher Link"]),
        ("stuck_export", ["Export nicht geschrieben", "index.html", "nichts veröffentlicht"]),
    ],
)
def test_card_says_what_happened_in_german(kind: str, phrases: list[str]) -> None:
    """The card's texts name the facts of the event."""
    text = _text(payloads()[kind])
    for phrase in phrases:
        assert phrase in text


# German words no English card may show; the tenant's values (vote values, column names) stay
GERMAN = ("Freigabeprozess", "Bibliothek", "Federführung", "Frist", "noch kein Votum", " und ")


@pytest.mark.parametrize(
    ("kind", "phrases"),
    [
        ("submitted", ["To vote: Positionspapier", "2026-10-28 17:00", "no vote yet", "Vote"]),
        ("votes", ["2 new votes: DWV (Deutscher Wasserverband) Zustimmung", "still open: SPV"]),
        ("released", ["Released: Positionspapier", "(consensus)", "KIV (counts as Zustimmung)"]),
        ("reminder", ["Reminder", "in 2 days", "Set your organisation's column", "Votum\\\\_SPV"]),
        ("digest", ["Weekly overview: 2 open votes", "Open in SharePoint"]),
        ("stuck_enforce", ["Stuck: Positionspapier", "Open in Office: please close"]),
    ],
)
def test_card_says_what_happened_in_english(kind: str, phrases: list[str]) -> None:
    """With ``language: en`` the card is English; vote values and columns stay the tenant's."""
    text = _text(payloads(ENGLISH)[kind])
    for phrase in phrases:
        assert phrase in text
    for german in GERMAN:
        assert german not in text


@pytest.mark.parametrize(
    ("wording", "title"), [(WORDING, "1 offene Abstimmung"), (ENGLISH, "1 open vote")]
)
def test_digest_of_one_round_counts_in_the_singular(wording: Wording, title: str) -> None:
    """One open round is "1 offene Abstimmung", not "1 offene Abstimmungen"."""
    card = digest_card([DocumentRound(ROUND, CONTEXT)], AT, wording, "digest/2026-W44/default")
    assert title in _text(webhook_message(card))


def test_template_override_replaces_title_and_text() -> None:
    """A configured template replaces the default wording, placeholders filled in."""
    wording = Wording(BERLIN, {"vote_cast": ("$org stimmt: $choice", None)})
    card = notice_card(notice(NoticeKind.VOTE_CAST), CONTEXT, wording).to_json()
    assert (
        card["body"][0]["items"][0]["text"] == "BLP (Bund für Landschaftspflege) stimmt: Enthaltung"
    )
    assert "abgestimmt" in card["body"][1]["text"]


def _many_orgs(count: int) -> CardContext:
    names = {f"O{n:03d}": "Organisation mit einem sehr langen Namen " * 8 for n in range(count)}
    return replace(CONTEXT, organisations=names, document_name="x" * 5000)


@pytest.mark.parametrize("kind", [NoticeKind.SUBMITTED, NoticeKind.MISSING_METADATA])
def test_long_lists_are_cut_and_the_card_still_fits(kind: NoticeKind) -> None:
    """Hundreds of organisations or columns end in "… und N weitere" under 28 KB."""
    context = _many_orgs(300)
    many = notice(kind, missing=tuple(f"Spalte {n} " * 20 for n in range(300)))
    message = webhook_message(notice_card(many, context, WORDING))
    assert payload_size(message) <= MAX_PAYLOAD_BYTES
    assert "weitere" in _text(message)


def test_digest_of_many_rounds_is_cut_and_fits() -> None:
    """A digest of 200 open rounds lists the earliest and says how many more there are."""
    context = _many_orgs(40)
    rounds = [DocumentRound(replace(ROUND, number=n + 1), context) for n in range(200)]
    message = webhook_message(digest_card(rounds, AT, WORDING, "digest/x"))
    assert payload_size(message) <= MAX_PAYLOAD_BYTES
    assert "… und " in _text(message)


def test_digest_links_the_status_page_only_when_it_has_an_address() -> None:
    """The whole vote matrix is on the status page; without its address no dead button."""
    linked = webhook_message(digest_card([], AT, WORDING, "d", status_url=STATUS_URL))
    buttons = [o for o in _walk(linked) if o.get("type") == "Action.OpenUrl"]
    assert [(b["title"], b["url"]) for b in buttons] == [("Statusseite öffnen", STATUS_URL)]
    plain_digest = webhook_message(digest_card([], AT, WORDING, "d"))
    assert not [o for o in _walk(plain_digest) if o.get("type") == "Action.OpenUrl"]


def test_reminder_counts_days_in_the_local_calendar() -> None:
    """One local day before the deadline the reminder says "morgen"."""
    round_ = a_round({"DWV": Choice.APPROVE})
    card = reminder_card(
        DocumentRound(round_, CONTEXT), round_.deadline.replace(day=27), WORDING, "k"
    )
    assert "(morgen)" in _text(webhook_message(card))


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_texts_arrive_escaped_and_clean(kind: str) -> None:
    """The phishing title is escaped wherever it appears, and no disguise reaches the card."""
    message = hostile_payloads()[kind]
    texts = [o.get("text", "") for o in _walk(message)] + [
        f"{o.get('title', '')} {o.get('value', '')}" for o in _walk(message)
    ]
    joined = "\n".join(str(t) for t in texts)
    assert PHISH not in joined
    assert not set(DISGUISE) & set(_text(message))


def test_fallback_text_reads_as_typed() -> None:
    """Clients without markdown show the fallback text: it carries no escapes."""
    card = _card(hostile_payloads()["submitted"])
    assert "\\" not in card["fallbackText"]
    assert card["fallbackText"].startswith("Zur Abstimmung: `Code` ```mehr``` Bericht.docx")


@pytest.fixture(scope="module")
def longest() -> dict[str, dict[str, Any]]:
    # built once: every kind's card at its longest takes about a second to build
    return longest_payloads()


@pytest.mark.parametrize("kind", KINDS)
def test_the_longest_escaped_texts_still_fit(longest: dict[str, dict[str, Any]], kind: str) -> None:
    """Texts of nothing but escaped characters, as long as a card shows them, stay under 28 KB."""
    assert payload_size(longest[kind]) < MAX_PAYLOAD_BYTES

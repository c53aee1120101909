"""Every card through the official Adaptive Cards renderer in headless Chromium.

Needs the real parts ``tools/install-real-parts.sh`` installs (Chromium, the ``adaptivecards``
and ``markdown-it`` npm packages); without them the test fails, it is never skipped. The
renderer formats markdown with markdown-it, as Teams formats card texts. Screenshots of each
card go to ``test-artifacts/cards/<kind>.png``.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from approval import NoticeKind
from freigabe_devtools.preview import find_markdown, find_renderer, render_cards_page
from integration.teams.cards import notice_card
from integration.teams.elements import MAX_PAYLOAD_BYTES, payload_size, webhook_message
from integration.teams.texts import Wording
from tests.adapter.teams.devtools import HEADLESS, Browser, chromium
from tests.unit.teams.samples import (
    BERLIN,
    DISGUISE,
    ENGLISH,
    HOSTILE_CONTEXT,
    PHISH,
    hostile_payloads,
    longest_payloads,
    notice,
    payloads,
)

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts" / "cards"
INSTALL = "run tools/install-real-parts.sh to install it"
FLAGS = (
    *HEADLESS,
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    "--hide-scrollbars",
)
PAYLOADS = payloads()
KINDS = list(PAYLOADS)
HOSTILE = hostile_payloads()
# an operator's template may format on purpose; the document's name in it may not
TEMPLATE = Wording(BERLIN, {"submitted": (None, "**Bitte abstimmen:** $document ($title)")})
DELIBERATE = webhook_message(notice_card(notice(NoticeKind.SUBMITTED), HOSTILE_CONTEXT, TEMPLATE))
# raw markdown on a card: proves the page formats markdown at all
CONTROL = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": PHISH}]}
CARDS: dict[str, dict[str, Any]] = {
    **{f"sample/{kind}": message for kind, message in PAYLOADS.items()},
    **{f"english/{kind}": message for kind, message in payloads(ENGLISH).items()},
    **{f"hostile/{kind}": message for kind, message in HOSTILE.items()},
    **{f"longest/{kind}": message for kind, message in longest_payloads().items()},
    "template/submitted": DELIBERATE,
    "control/raw-markdown": CONTROL,
}
LABELS = list(CARDS)


@dataclass
class _Verdict:
    """What the page recorded for one card, and the text the renderer drew."""

    warnings: str | None
    messages: str | None
    markup: dict[str, int]
    text: list[str] = field(default_factory=list)


class _Bubbles(HTMLParser):
    """Collects the renderer's verdicts the page wrote into the DOM, and each card's text."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, _Verdict] = {}
        self.body: dict[str, str | None] = {}
        self._current: _Verdict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "body":
            self.body = found
        elif (found.get("id") or "").startswith("card-"):
            markup = json.loads(found.get("data-markup") or "{}")
            verdict = _Verdict(found.get("data-warnings"), found.get("data-messages"), markup)
            self.cards[str(found["id"])] = self._current = verdict
        elif tag == "script":
            self._current = None  # the cards are over: the page's data and program follow

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The preview page of every card, loading the installed renderer and markdown-it."""
    renderer, markdown = find_renderer(REPO), find_markdown(REPO)
    if renderer is None or markdown is None:
        pytest.fail(f"the adaptivecards or markdown-it npm package is missing: {INSTALL}")
    path = tmp_path_factory.mktemp("cards") / "cards.html"
    text = render_cards_page(
        list(CARDS.values()), renderer_src=renderer.as_uri(), markdown_src=markdown.as_uri()
    )
    path.write_text(text, encoding="utf-8")
    return path


def _run(chromium: str, profile: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.fixture(scope="module")
def verdicts(page: Path, tmp_path_factory: pytest.TempPathFactory) -> _Bubbles:
    """The DOM after the renderer ran over every card (one headless Chromium run)."""
    profile = tmp_path_factory.mktemp("profile")
    dom, _ = _run(chromium(), profile, "--dump-dom", page.as_uri()).communicate(timeout=60)
    parsed = _Bubbles()
    parsed.feed(dom)
    assert parsed.body.get("data-rendered") == "yes", "the page's script did not finish"
    return parsed


def _verdict(verdicts: _Bubbles, label: str) -> _Verdict:
    return verdicts.cards[f"card-{LABELS.index(label)}"]


@pytest.mark.parametrize("label", [label for label in LABELS if not label.startswith("control")])
def test_card_renders_without_warnings_and_fits(verdicts: _Bubbles, label: str) -> None:
    """The official renderer parses the card for version 1.5 without a single warning."""
    verdict = _verdict(verdicts, label)
    assert verdict.warnings == "0", verdict.messages
    assert payload_size(CARDS[label]) < MAX_PAYLOAD_BYTES


def test_the_page_formats_markdown(verdicts: _Bubbles) -> None:
    """The same phishing text as raw card markdown does become a link (the check is live)."""
    assert _verdict(verdicts, "control/raw-markdown").markup == {"a": 1}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_texts_from_sharepoint_are_never_formatted(verdicts: _Bubbles, kind: str) -> None:
    """Markdown in titles, names, versions, columns and people comes out as plain text."""
    assert _verdict(verdicts, f"hostile/{kind}").markup == {}


def test_the_phishing_title_reads_as_written(verdicts: _Bubbles) -> None:
    """The link-shaped title is shown character for character, with no link and no disguise."""
    text = "".join(_verdict(verdicts, "hostile/submitted").text)
    assert PHISH in text
    assert not set(DISGUISE) & set(text)


def test_an_operators_template_still_formats(verdicts: _Bubbles) -> None:
    """A template's own ``**`` makes bold text; the document's name in it stays plain."""
    verdict = _verdict(verdicts, "template/submitted")
    assert verdict.markup == {"strong": 1}
    assert PHISH in "".join(verdict.text)


def test_the_page_would_report_a_broken_card(tmp_path: Path) -> None:
    """The same page counts a warning for an element type the renderer does not know."""
    renderer = find_renderer(REPO)
    assert renderer is not None, INSTALL
    broken = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Carousel2"}]}
    page = tmp_path / "broken.html"
    page.write_text(render_cards_page([broken], renderer_src=renderer.as_uri()), encoding="utf-8")
    dom, _ = _run(chromium(), tmp_path / "p", "--dump-dom", page.as_uri()).communicate(timeout=60)
    parsed = _Bubbles()
    parsed.feed(dom)
    assert parsed.cards["card-0"].warnings == "1"


def test_screenshot_of_every_card(page: Path, tmp_path: Path) -> None:
    """Each card is drawn alone and saved as test-artifacts/cards/<kind>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    targets = [ARTIFACTS / f"{kind}.png" for kind in KINDS]
    labels = [*LABELS[: len(KINDS)], "hostile/submitted"]
    targets.append(ARTIFACTS / "hostile-submitted.png")  # the phishing title, as Teams shows it
    # one browser for every card: a browser start costs more than drawing a card
    with Browser(chromium(), FLAGS, tmp_path / "profile", width=720, height=900) as browser:
        for target, label in zip(targets, labels, strict=True):
            index = LABELS.index(label)
            target.unlink(missing_ok=True)
            browser.open(f"{page.as_uri()}?card={index}")
            assert browser.evaluate("document.body.dataset.rendered") == "yes", target.name
            target.write_bytes(browser.screenshot())
    for target in targets:
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", target

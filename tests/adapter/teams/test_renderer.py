"""Every card through the official Adaptive Cards renderer in headless Chromium.

Needs the real parts ``tools/install-real-parts.sh`` installs (Chromium, the ``adaptivecards``
npm package); without them the test fails, it is never skipped. Screenshots of each card go
to ``test-artifacts/cards/<kind>.png``.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integration.teams.elements import MAX_PAYLOAD_BYTES, payload_size
from integration.teams.preview import find_renderer, render_cards_page
from tests.adapter.teams.devtools import Browser
from tests.unit.teams.samples import payloads

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts" / "cards"
INSTALL = "run tools/install-real-parts.sh to install it"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    "--hide-scrollbars",
)
PAYLOADS = payloads()
KINDS = list(PAYLOADS)


class _Bubbles(HTMLParser):
    """Collects the renderer's verdicts the page wrote into the DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, tuple[str | None, str | None]] = {}
        self.body: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "body":
            self.body = found
        elif (found.get("id") or "").startswith("card-"):
            self.cards[str(found["id"])] = (found.get("data-warnings"), found.get("data-messages"))


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(f"chromium is not on PATH: {INSTALL}")
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The preview page of every sample card, loading the installed renderer."""
    renderer = find_renderer(REPO)
    if renderer is None:
        pytest.fail(f"the adaptivecards npm package is missing: {INSTALL}")
    path = tmp_path_factory.mktemp("cards") / "cards.html"
    cards = list(PAYLOADS.values())
    path.write_text(render_cards_page(cards, renderer_src=renderer.as_uri()), encoding="utf-8")
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
    dom, _ = _run(_chromium(), profile, "--dump-dom", page.as_uri()).communicate(timeout=60)
    parsed = _Bubbles()
    parsed.feed(dom)
    assert parsed.body.get("data-rendered") == "yes", "the page's script did not finish"
    return parsed


@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_card_renders_without_warnings_and_fits(verdicts: _Bubbles, index: int) -> None:
    """The official renderer parses the card for version 1.5 without a single warning."""
    warnings, messages = verdicts.cards[f"card-{index}"]
    assert warnings == "0", messages
    assert payload_size(PAYLOADS[KINDS[index]]) < MAX_PAYLOAD_BYTES


def test_the_page_would_report_a_broken_card(tmp_path: Path) -> None:
    """The same page counts a warning for an element type the renderer does not know."""
    renderer = find_renderer(REPO)
    assert renderer is not None, INSTALL
    broken = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Carousel2"}]}
    page = tmp_path / "broken.html"
    page.write_text(render_cards_page([broken], renderer_src=renderer.as_uri()), encoding="utf-8")
    dom, _ = _run(_chromium(), tmp_path / "p", "--dump-dom", page.as_uri()).communicate(timeout=60)
    parsed = _Bubbles()
    parsed.feed(dom)
    assert parsed.cards["card-0"][0] == "1"


def test_screenshot_of_every_card(page: Path, tmp_path: Path) -> None:
    """Each card is drawn alone and saved as test-artifacts/cards/<kind>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    targets = [ARTIFACTS / f"{kind}.png" for kind in KINDS]
    # one browser for every card: a browser start costs more than drawing a card
    with Browser(_chromium(), FLAGS, tmp_path / "profile", width=720, height=900) as browser:
        for index, target in enumerate(targets):
            target.unlink(missing_ok=True)
            browser.open(f"{page.as_uri()}?card={index}")
            assert browser.evaluate("document.body.dataset.rendered") == "yes", target.name
            target.write_bytes(browser.screenshot())
    for target in targets:
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", target

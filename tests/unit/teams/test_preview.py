"""The preview page: cards embedded safely, the renderer beside the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from freigabe_devtools.preview import (
    MARKDOWN_FILE,
    RENDERER_FILE,
    find_markdown,
    find_renderer,
    render_cards_page,
    write_cards_page,
)
from tests.unit.teams.samples import payloads


def _embedded(page: str) -> list[dict[str, object]]:
    match = re.search(r'<script type="application/json" id="cards">(.*?)</script>', page, re.S)
    assert match is not None
    entries: list[dict[str, object]] = json.loads(match.group(1))
    return entries


def test_page_embeds_each_card_labelled_by_its_id() -> None:
    """Webhook messages are unwrapped to their cards and labelled with the card id."""
    messages = list(payloads().values())
    entries = _embedded(render_cards_page(messages))
    assert [e["label"] for e in entries] == [m["attachments"][0]["content"]["id"] for m in messages]
    assert entries[0]["card"] == messages[0]["attachments"][0]["content"]


def test_card_text_cannot_end_the_script_element() -> None:
    """A "</script>" in a card's text stays data and round-trips unchanged."""
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": "</script><b>x"}],
    }
    page = render_cards_page([card])
    assert page.count("</script>") == 4  # renderer, cards, host config, program
    assert _embedded(page)[0]["card"] == card


def test_write_cards_page_copies_the_renderer(tmp_path: Path) -> None:
    """The page and the renderer land side by side, so the folder opens offline."""
    renderer = tmp_path / "dist" / RENDERER_FILE
    renderer.parent.mkdir()
    renderer.write_text("/* renderer */")
    page = write_cards_page(tmp_path / "out", list(payloads().values()), renderer=renderer)
    assert page.name == "index.html"
    assert (page.parent / RENDERER_FILE).read_text() == "/* renderer */"
    assert f'src="{RENDERER_FILE}"' in page.read_text()


def test_write_cards_page_copies_markdown_it_when_given(tmp_path: Path) -> None:
    """With markdown-it beside it the page loads it before the renderer, which then uses it."""
    renderer, markdown = tmp_path / RENDERER_FILE, tmp_path / "markdown-it.umd.min.js"
    renderer.write_text("/* renderer */")
    markdown.write_text("/* markdown-it */")
    page = write_cards_page(tmp_path / "out", [], renderer=renderer, markdown=markdown)
    assert (page.parent / MARKDOWN_FILE).read_text() == "/* markdown-it */"
    text = page.read_text()
    assert text.index(f'src="{MARKDOWN_FILE}"') < text.index(f'src="{RENDERER_FILE}"')


def test_find_renderer_looks_upwards(tmp_path: Path) -> None:
    """The installed renderer is found from a folder below the repository root."""
    installed = tmp_path / "tools/real-parts/node_modules/adaptivecards/dist" / RENDERER_FILE
    installed.parent.mkdir(parents=True)
    installed.write_text("")
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    assert find_renderer(below) == installed
    assert find_renderer(tmp_path / "a") == installed


def test_find_markdown_looks_upwards(tmp_path: Path) -> None:
    """markdown-it's browser build is found where the install script puts it."""
    installed = tmp_path / "tools/real-parts/node_modules/markdown-it/dist/browser"
    installed.mkdir(parents=True)
    (installed / "markdown-it.umd.min.js").write_text("")
    assert find_markdown(tmp_path) == installed / "markdown-it.umd.min.js"

"""One HTML page that shows cards as Teams would, drawn by the official Adaptive Cards renderer.

The page loads ``adaptivecards.min.js`` (the npm package ``adaptivecards``) and, when given,
``markdown-it.min.js`` (the npm package ``markdown-it``, which the renderer uses for the
markdown of text blocks and facts as Teams renders it: without it every text shows as typed).
It parses each card for schema version 1.5 with a Teams-like host config and renders it in a
chat bubble. Each bubble records its parse and validation warnings in ``data-warnings`` (a
count) and ``data-messages`` (JSON), and in ``data-markup`` (JSON) how many elements of each
kind the markdown made (links, emphasis, headings, lists, code), the body the sum of the
warnings in ``data-warnings`` once everything is drawn, so a headless browser's DOM tells a
test whether the renderer accepted every card and what it formatted. ``?card=N`` shows only
the N-th card (for a screenshot of one).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

__all__ = [
    "MARKDOWN_FILE",
    "RENDERER_FILE",
    "find_markdown",
    "find_renderer",
    "render_cards_page",
    "write_cards_page",
]

RENDERER_FILE = "adaptivecards.min.js"
MARKDOWN_FILE = "markdown-it.min.js"
_MODULES = Path("tools/real-parts/node_modules")
_INSTALLED = _MODULES / "adaptivecards/dist" / RENDERER_FILE
_MARKDOWN_INSTALLED = _MODULES / "markdown-it/dist/browser/markdown-it.umd.min.js"

_HOST_CONFIG: dict[str, Any] = {
    "fontFamily": "'Segoe UI', system-ui, -apple-system, sans-serif",
    "supportsInteractivity": True,
    "spacing": {"small": 4, "default": 8, "medium": 16, "large": 20, "padding": 16},
    "separator": {"lineThickness": 1, "lineColor": "#E0E0E0"},
    "fontSizes": {"small": 12, "default": 14, "medium": 16, "large": 18, "extraLarge": 24},
    "containerStyles": {
        "default": {
            "backgroundColor": "#FFFFFF",
            "foregroundColors": {
                "default": {"default": "#242424", "subtle": "#616161"},
                "accent": {"default": "#5B5FC7", "subtle": "#5B5FC7"},
                "good": {"default": "#107C10", "subtle": "#107C10"},
                "warning": {"default": "#835C00", "subtle": "#835C00"},
                "attention": {"default": "#C4314B", "subtle": "#C4314B"},
            },
        },
        "emphasis": {"backgroundColor": "#F5F5F5"},
        "accent": {"backgroundColor": "#E8EBFA"},
        "good": {"backgroundColor": "#E7F2DA"},
        "warning": {"backgroundColor": "#FBF6D9"},
        "attention": {"backgroundColor": "#FCF4F6"},
    },
    "actions": {"maxActions": 5, "buttonSpacing": 8, "actionsOrientation": "horizontal"},
}

_STYLE = """
body { background: #F5F5F5; font-family: 'Segoe UI', system-ui, sans-serif; margin: 24px; }
h1 { font-size: 20px; color: #242424; }
.message { display: flex; gap: 12px; margin: 0 0 24px; max-width: 640px; }
.avatar { width: 32px; height: 32px; border-radius: 50%; background: #5B5FC7; color: #fff;
  display: flex; align-items: center; justify-content: center; font-weight: 600; flex: none; }
.bubble { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14);
  flex: 1; overflow: hidden; }
.meta { font-size: 12px; color: #616161; padding: 8px 16px 0; }
.ac-pushButton { border: 1px solid #D1D1D1; border-radius: 4px; background: #fff;
  padding: 5px 12px; font-family: inherit; color: #242424; }
pre.missing { background: #fff; padding: 12px; white-space: pre-wrap; }
"""

# what markdown can make of a text (the renderer itself draws facts as a table, actions as
# buttons, so neither is listed)
_SCRIPT = """
(function () {
  var MARKUP = ["a", "strong", "em", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "code", "pre", "blockquote", "s", "del", "img", "hr"];
  var entries = JSON.parse(document.getElementById("cards").textContent);
  var hostConfig = JSON.parse(document.getElementById("host-config").textContent);
  var only = new URLSearchParams(location.search).get("card");
  var main = document.getElementById("cards-out");
  var total = 0;
  entries.forEach(function (entry, index) {
    if (only !== null && String(index) !== only) { return; }
    var frame = document.createElement("article");
    frame.className = "message";
    frame.id = "card-" + index;
    var avatar = document.createElement("div");
    avatar.className = "avatar";
    avatar.textContent = "F";
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    var meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = "Freigabe (Workflows) · " + entry.label;
    bubble.appendChild(meta);
    frame.appendChild(avatar);
    frame.appendChild(bubble);
    main.appendChild(frame);
    if (typeof AdaptiveCards === "undefined") {
      var raw = document.createElement("pre");
      raw.className = "missing";
      raw.textContent = "Adaptive-Cards-Renderer fehlt (tools/install-real-parts.sh):\\n" +
        JSON.stringify(entry.card, null, 2);
      bubble.appendChild(raw);
      frame.dataset.warnings = "-1";
      total = -1;
      return;
    }
    var card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
    var context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
    card.parse(entry.card, context);
    var messages = [];
    for (var i = 0; i < context.eventCount; i++) { messages.push(context.getEventAt(i).message); }
    card.validateProperties().validationEvents.forEach(function (e) { messages.push(e.message); });
    var rendered = card.render();
    if (rendered) { bubble.appendChild(rendered); } else { messages.push("nothing rendered"); }
    frame.dataset.warnings = String(messages.length);
    frame.dataset.messages = JSON.stringify(messages);
    var markup = {};
    MARKUP.forEach(function (tag) {
      var count = rendered ? rendered.querySelectorAll(tag).length : 0;
      if (count) { markup[tag] = count; }
    });
    frame.dataset.markup = JSON.stringify(markup);
    if (total >= 0) { total += messages.length; }
  });
  document.body.dataset.warnings = String(total);
  document.body.dataset.rendered = "yes";
})();
"""


def _card_of(message: Mapping[str, Any]) -> Mapping[str, Any]:
    """The card of a webhook message, or ``message`` itself when it is a bare card."""
    if message.get("type") == "message":
        content: Mapping[str, Any] = message["attachments"][0]["content"]
        return content
    return message


def _script_json(value: object) -> str:
    # inside <script> only "</" can end the element early
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_cards_page(
    cards: Sequence[Mapping[str, Any]],
    *,
    title: str = "Teams-Karten",
    renderer_src: str = RENDERER_FILE,
    markdown_src: str | None = None,
) -> str:
    """An HTML page showing ``cards`` (webhook messages or bare cards) as Teams would.

    ``renderer_src`` is the URL of ``adaptivecards.min.js`` as the page sees it; without the
    renderer the page shows each card's JSON instead. ``markdown_src`` is the URL of
    ``markdown-it.min.js``; without it the renderer formats no markdown.
    """
    markdown = f'<script src="{escape(markdown_src)}"></script>' if markdown_src else ""
    entries = [
        {"label": str(_card_of(c).get("id") or f"Karte {n + 1}"), "card": _card_of(c)}
        for n, c in enumerate(cards)
    ]
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style>"
        f'{markdown}<script src="{escape(renderer_src)}"></script></head>'
        f'<body><h1>{escape(title)}</h1><main id="cards-out"></main>'
        f'<script type="application/json" id="cards">{_script_json(entries)}</script>'
        f'<script type="application/json" id="host-config">{_script_json(_HOST_CONFIG)}'
        f"</script><script>{_SCRIPT}</script></body></html>\n"
    )


def _find(installed: Path, start: Path | None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / installed
        if candidate.is_file():
            return candidate
    return None


def find_renderer(start: Path | None = None) -> Path | None:
    """``adaptivecards.min.js`` as ``tools/install-real-parts.sh`` installs it, or None.

    Looks in ``start`` (default: the working directory) and its parents.
    """
    return _find(_INSTALLED, start)


def find_markdown(start: Path | None = None) -> Path | None:
    """markdown-it's browser build as ``tools/install-real-parts.sh`` installs it, or None.

    Looks in ``start`` (default: the working directory) and its parents.
    """
    return _find(_MARKDOWN_INSTALLED, start)


def write_cards_page(
    folder: Path,
    cards: Sequence[Mapping[str, Any]],
    *,
    renderer: Path | None = None,
    markdown: Path | None = None,
) -> Path:
    """Write ``index.html`` for ``cards`` into ``folder``, with the renderer (and markdown-it,
    when given) copied beside it.

    Without a ``renderer`` file the page still opens and shows the cards' JSON.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if renderer is not None:
        shutil.copyfile(renderer, folder / RENDERER_FILE)
    if markdown is not None:
        shutil.copyfile(markdown, folder / MARKDOWN_FILE)
    page = folder / "index.html"
    source = MARKDOWN_FILE if markdown is not None else None
    page.write_text(render_cards_page(cards, markdown_src=source), encoding="utf-8")
    return page

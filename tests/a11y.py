"""Accessibility checks of a page open in headless Chromium (``tests.adapter.teams.devtools``).

What the pages promise (issue 13): ``lang`` set, headings in order (no level skipped, one
``h1`` at most), every image with alt text, and every visible text at a contrast of at least
4.5:1 against the background it is drawn on, as Chromium computes the styles.
"""

from __future__ import annotations

import json
from typing import Protocol

__all__ = ["a11y_problems", "contrast"]

# For each visible text node: its colour, the first opaque background behind it, and a label.
_COLOURS = r"""
(() => {
  const rgba = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const behind = el => { for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) return c; }
    return [255, 255, 255, 1]; };
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    out.push([rgba(getComputedStyle(el).color), behind(el),
              el.tagName + ': ' + node.textContent.trim().slice(0, 40)]);
  }
  return JSON.stringify(out);
})()
"""
_STRUCTURE = r"""
JSON.stringify({
  lang: document.documentElement.lang,
  headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]),
  images: [...document.querySelectorAll('img')].filter(i => !i.alt).map(i => i.src),
})
"""


class Page(Protocol):
    def evaluate(self, expression: str) -> object: ...


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fore: list[float], back: list[float]) -> float:
    """The WCAG 2 contrast ratio of two RGB colours (0..255 each)."""
    high, low = sorted((_luminance(fore), _luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def a11y_problems(page: Page, *, top: int = 1) -> list[str]:
    """What the open page gets wrong; empty when it keeps every promise above. ``top`` is the
    level its headings start at (2 for a page made to be embedded under the host's h1)."""
    structure = json.loads(str(page.evaluate(_STRUCTURE)))
    problems = []
    if not structure["lang"]:
        problems.append("no lang on <html>")
    levels: list[int] = structure["headings"]
    if levels.count(1) > 1:
        problems.append(f"{levels.count(1)} h1 headings")
    for before, after in zip([top - 1, *levels], levels, strict=False):
        if after > before + 1:
            problems.append(f"heading h{after} after h{before or '-'}")
    problems += [f"image without alt text: {src}" for src in structure["images"]]
    for fore, back, label in json.loads(str(page.evaluate(_COLOURS))):
        ratio = contrast(fore, back)
        if ratio < 4.5:
            problems.append(f"contrast {ratio:.2f}:1 of {label!r}")
    return problems

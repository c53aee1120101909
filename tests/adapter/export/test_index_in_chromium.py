"""index.html and embed.html opened in headless Chromium, served from loopback."""

from __future__ import annotations

import subprocess
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.a11y import a11y_problems
from tests.adapter.export.builders import listed, opener, release
from tests.adapter.export.conftest import PublisherFactory
from tests.adapter.teams.devtools import HEADLESS, Browser, chromium


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)


def dump_dom(url: str, profile: Path) -> str:
    flags = [*HEADLESS, "--disable-background-networking", "--disable-component-update"]
    flags += ["--disable-sync"]
    done = subprocess.run(
        [chromium(), *flags, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return int(response.status)


def documents_of(page: str) -> list[str]:
    """The titles a page lists (builders.release gives every document a summary)."""
    return {"embed-leitfaden.html": ["D0"], "embed-praxisbeispiel.html": ["D1"]}.get(
        page, ["D0", "D1"]
    )


def headings(dom: _Dom) -> list[int]:
    return [int(tag[1]) for tag, _ in dom.tags if tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


@pytest.mark.parametrize(
    "page", ["index.html", "embed.html", "embed-leitfaden.html", "embed-praxisbeispiel.html"]
)
async def test_page_renders_and_every_link_resolves(
    make_publisher: PublisherFactory, web_server: str, tmp_path: Path, page: str
) -> None:
    """Chromium renders the page; every link on it answers 200 from the served export."""
    publisher = make_publisher(base_url=web_server)
    for n, (kind, name) in enumerate(
        [("Leitfaden", "Leitfaden Ä.pdf"), ("Praxisbeispiel", "Beispiel.docx")]
    ):
        content = f"Inhalt {n}".encode()
        released = release(content, document_id=f"D{n}", file_name=name, document_type=kind)
        await publisher.publish(released, opener(content))
    await publisher.publish_pdf(released, opener(b"%PDF-1.4 Beispiel"), vouch=listed)
    dom = _Dom()
    rendered = dump_dom(f"{web_server}/{page}", tmp_path / "profile")
    dom.feed(rendered)
    assert rendered.count("Zusammenfassung von") == len(documents_of(page))
    assert ("html", {"lang": "de"}) in dom.tags
    assert all(attrs.get("alt") for tag, attrs in dom.tags if tag == "img")
    targets = {urljoin(f"{web_server}/{page}", href) for href in dom.links}
    documents = [t for t in targets if "/dokumente/" in t]
    # the .docx of the Praxisbeispiel has its PDF beside it
    assert len(documents) == {"embed-leitfaden.html": 1, "embed-praxisbeispiel.html": 2}.get(
        page, 3
    )
    assert (f"{web_server}/dokumente/beispiel.pdf" in targets) == ("D1" in documents_of(page))
    levels = headings(dom)
    # in order: no level skipped going down; an embed page starts below the host's <h1>
    above = [0 if page == "index.html" else 1, *levels][: len(levels)]
    assert all(b <= a + 1 for a, b in zip(above, levels, strict=True))
    for target in sorted(t for t in targets if "#" not in t):
        assert status(target) == 200, target
    if page.startswith("embed"):
        assert 1 not in levels
    if page == "index.html":
        assert {"embed.html", "embed-leitfaden.html", "embed-praxisbeispiel.html"} <= {
            href for href in dom.links
        }
        assert dom.links[0] == "#inhalt"
        assert ("main", {"id": "inhalt"}) in dom.tags
        assert [t for t, _ in dom.tags].count("h2") == 2


async def test_every_page_passes_the_accessibility_check(
    make_publisher: PublisherFactory, web_server: str, tmp_path: Path
) -> None:
    """lang, heading order, alt texts and a contrast of at least 4.5:1 for every visible
    text, as Chromium draws the index and the embed pages."""
    publisher = make_publisher(base_url=web_server)
    for n, (kind, name) in enumerate(
        [("Leitfaden", "Leitfaden.pdf"), ("Praxisbeispiel", "B.docx")]
    ):
        content = f"Inhalt {n}".encode()
        released = release(content, document_id=f"D{n}", file_name=name, document_type=kind)
        await publisher.publish(released, opener(content))
    await publisher.publish_pdf(
        released, opener(b"%PDF-1.4 Beispiel"), vouch=listed
    )  # its link too
    pages = ["index.html", "embed.html", "embed-leitfaden.html", "embed-praxisbeispiel.html"]
    with Browser(chromium(), HEADLESS, tmp_path / "cdp", width=1000, height=800) as browser:
        for page in pages:
            browser.open(f"{web_server}/{page}")
            top = 1 if page == "index.html" else 2
            assert a11y_problems(browser, top=top) == [], page

"""The status page as HTML: headings in order, German, escaped, colours readable."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from config import Settings, load_settings
from integration.language import Language
from jobs.status_view import Decision, RoundRow, StatusView, VoteCell
from jobs.worker.status_page import PALETTE, render_status_page
from tests import support
from tests.a11y import contrast

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.scripts += tag == "script" or any(name.startswith("on") for name, _ in attrs)


def _rgb(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    return load_settings(support.write_config(tmp_path / "f.yaml", data), environ={})


def _view(settings: Settings) -> StatusView:
    votes = tuple(
        VoteCell(org, "Zustimmung", f"{org.lower()}@example.org", AT) if n == 0 else VoteCell(org)
        for n, org in enumerate(settings.org_codes)
    )
    hostile = '<script>alert("x")</script>.docx'
    return StatusView(
        rounds=(RoundRow(hostile, "lib0", 1, "DWV", AT, votes),),
        decisions=(Decision(AT, "Bericht.docx", "freigegeben", "round: 1"),),
        reverted=(Decision(AT, "Bericht.docx", "zurückgesetzt", "reason: not_authorised"),),
        problems=(),
        undelivered=(),
        last_cycle=AT,
    )


def test_the_page_is_german_ordered_and_inert(settings: Settings) -> None:
    """lang set, one h1 and h2/h3 below it in order, a vote matrix with one column per
    organisation, and a hostile document name shown as text, never as markup."""
    page = render_status_page(_view(settings), settings)
    tags = _Tags()
    tags.feed(page)
    assert ("html", {"lang": "de"}) in tags.tags
    levels = [int(t[1]) for t, _ in tags.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert tags.scripts == 0
    assert "&lt;script&gt;" in page
    head = [org for org in settings.org_codes if f'<th scope="col">{org}</th>' in page]
    assert head == list(settings.org_codes)
    assert page.count(">offen<") == len(settings.org_codes) - 1
    assert "Zustimmung" in page


@pytest.mark.parametrize("pair", sorted(PALETTE))
def test_every_colour_pair_is_readable(pair: str) -> None:
    """WCAG AA for normal text: at least 4.5:1."""
    fore, back = PALETTE[pair]
    assert contrast(_rgb(fore), _rgb(back)) >= 4.5


def test_the_page_is_english_when_configured(settings: Settings) -> None:
    """``language: en`` gives ``lang="en"`` and English headings; vote values stay as voted."""
    english = settings.model_copy(update={"language": Language.EN})
    page = render_status_page(_view(english), english)
    tags = _Tags()
    tags.feed(page)
    assert ("html", {"lang": "en"}) in tags.tags
    for words in ("Open votes", "Votes by organisation", "Needs attention", ">open<", "2026-12"):
        assert words in page
    for german in ("Offene", "Frist", "Keine", ">offen<", "Letzter Zyklus"):
        assert german not in page
    assert "Zustimmung" in page

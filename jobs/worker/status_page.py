"""The status page on the worker's port: ``GET /status``, for the alliance, not the public.

It names documents that are not released, so it is served only when ``worker.status.token``
is set, and every request without that bearer token (RFC 6750: ``Authorization: Bearer
...``) is answered 403; the token is compared in constant time. The page is in the
configured language (``lang`` set to it), plain HTML with one inline stylesheet and no
script, readable in any browser and by a screen reader; each request reads the state file
afresh, read-only, in one snapshot.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from config import Settings
from integration.language import Language, Text, time_in
from integration.teams.problems import STAGE_WORDS
from jobs import messages as m
from jobs.state import open_state_readonly
from jobs.status_view import Decision, StatusView, VoteCell, status_view

__all__ = ["PALETTE", "STATUS_PATH", "render_status_page", "status_route"]

STATUS_PATH = "/status"

PALETTE = {
    "text": ("#1b1b1b", "#ffffff"),
    "head": ("#1b1b1b", "#e6edf3"),
    "muted": ("#4a4a4a", "#ffffff"),
    "link": ("#0b4f8a", "#ffffff"),
    "open": ("#7a3e00", "#fff4e0"),
}
"""Foreground and background of every colour pair the stylesheet uses (WCAG contrast of at
least 4.5:1 each, checked by the tests)."""

_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _style() -> str:
    text, head, muted, link, open_ = (PALETTE[k] for k in ("text", "head", "muted", "link", "open"))
    return (
        f"body{{font-family:system-ui,sans-serif;color:{text[0]};background:{text[1]};"
        "margin:1.5rem;line-height:1.4}"
        "table{border-collapse:collapse;margin:0.5rem 0 1.5rem}"
        "th,td{border:1px solid #8a8a8a;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}"
        f"th{{color:{head[0]};background:{head[1]}}}"
        f".muted{{color:{muted[0]}}}a{{color:{link[0]}}}"
        f"td.open{{color:{open_[0]};background:{open_[1]}}}"
        "caption{text-align:left;font-weight:bold;margin-bottom:0.3rem}"
    )


class _Page:
    """The language and time zone the page is written in."""

    def __init__(self, language: Language, tz: ZoneInfo) -> None:
        self.language, self.tz = language, tz

    def __call__(self, text: Text, /, **values: object) -> str:
        return escape(text(self.language, **values))

    def heads(self, texts: Sequence[Text]) -> list[str]:
        return [text(self.language) for text in texts]

    def when(self, moment: datetime | None) -> str:
        return time_in(moment.astimezone(self.tz), self.language) if moment else ""


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table whose rows are ``<td>`` cells of escaped text."""
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    cols = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return f"<table><caption>{escape(caption)}</caption><tr>{cols}</tr>{body}</table>"


def _cell(text: str, css: str = "") -> str:
    return f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>"


def _vote(cell: VoteCell, page: _Page) -> str:
    if cell.choice is None:
        return _cell(page(m.OPEN), "open")
    who = escape(cell.voter or "")
    return _cell(
        f'{escape(cell.choice)}<br><span class="muted">{who}, {page.when(cell.cast_at)}</span>'
    )


def _rounds(view: StatusView, orgs: Sequence[str], page: _Page) -> str:
    if not view.rounds:
        return f"<p>{page(m.NO_OPEN_ROUNDS)}</p>"
    rows = [
        [
            _cell(escape(r.document)),
            _cell(escape(r.lead_org)),
            _cell(page.when(r.deadline)),
            *(_vote(v, page) for v in r.votes),
        ]
        for r in view.rounds
    ]
    head = [*page.heads((m.DOCUMENT, m.LEAD, m.DEADLINE)), *orgs]
    return _table(m.VOTES_BY_ORG(page.language), head, rows)


def _decisions(caption: Text, found: Sequence[Decision], page: _Page, none: Text) -> str:
    if not found:
        return f"<p>{page(none)}</p>"
    rows = [
        [
            _cell(page.when(d.at)),
            _cell(escape(d.document)),
            _cell(escape(d.what)),
            _cell(escape(d.detail)),
        ]
        for d in found
    ]
    return _table(caption(page.language), page.heads(m.DECISION_HEADINGS), rows)


def _attention(view: StatusView, page: _Page) -> str:
    parts = [
        f"<h3>{page(m.REVERTED_CHANGES)}</h3>",
        _decisions(m.REVERTED_CAPTION, view.reverted, page, m.NONE),
        f"<h3>{page(m.STUCK)}</h3>",
    ]
    if view.problems:
        rows = [
            [
                _cell(escape(p.name)),
                _cell(page(STAGE_WORDS[p.stage])),
                _cell(str(p.attempts)),
                _cell(page.when(p.first_at)),
                _cell(escape(p.message)),
            ]
            for p in view.problems
        ]
        parts.append(_table(m.STUCK_CAPTION(page.language), page.heads(m.STUCK_HEADINGS), rows))
    else:
        parts.append(f"<p>{page(m.NONE)}</p>")
    parts.append(f"<h3>{page(m.UNDELIVERED)}</h3>")
    if view.undelivered:
        rows = [
            [
                _cell(page.when(f.failed_at)),
                _cell(escape(f.kind)),
                _cell(escape(f.channel)),
                _cell(str(f.attempts)),
                _cell(escape(f.error)),
            ]
            for f in view.undelivered
        ]
        head = page.heads(m.UNDELIVERED_HEADINGS)
        parts.append(_table(m.UNDELIVERED_CAPTION(page.language), head, rows))
    else:
        parts.append(f"<p>{page(m.NONE)}</p>")
    return "".join(parts)


def render_status_page(view: StatusView, settings: Settings) -> str:
    """The whole page for ``view``, in the configured language."""
    page = _Page(settings.language, ZoneInfo(settings.process.timezone))
    last = page.when(view.last_cycle) or page(m.NEVER)
    title = page(m.PAGE_TITLE)
    return (
        f'<!doctype html><html lang="{page.language.value}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex"><title>{title}</title>'
        f"<style>{_style()}</style></head><body><main>"
        f"<h1>{title}</h1>"
        f'<p class="muted">{page(m.LAST_CYCLE, when=last)}</p>'
        f"<h2>{page(m.OPEN_ROUNDS)}</h2>"
        f"{_rounds(view, settings.org_codes, page)}"
        f"<h2>{page(m.RECENT_DECISIONS)}</h2>"
        f"{_decisions(m.NEWEST_FIRST, view.decisions, page, m.NO_DECISIONS)}"
        f"<h2>{page(m.ATTENTION)}</h2>"
        f"{_attention(view, page)}"
        "</main></body></html>"
    )


def _authorised(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def status_route(settings: Settings, token: str) -> Route:
    """``GET /status``: the page for a request with the bearer ``token``, else 403."""

    async def page(request: Request) -> Response:
        if not _authorised(request, token):
            return Response("403 Forbidden\n", status_code=403, headers=_HEADERS)
        with open_state_readonly(settings) as store, store.snapshot():
            view = status_view(settings, store)
        return HTMLResponse(render_status_page(view, settings), headers=_HEADERS)

    return Route(STATUS_PATH, page, methods=["GET"])

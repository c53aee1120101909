"""The status page on the worker's port: ``GET /status``, for the alliance, not the public.

It names documents that are not released, so it is served only when ``worker.status.token``
is set, and every request without that bearer token (RFC 6750: ``Authorization: Bearer
...``) is answered 403; the token is compared in constant time. The page is German, plain
HTML with one inline stylesheet and no script, readable in any browser and by a screen reader;
each request reads the state file afresh, read-only, in one snapshot.
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


def _when(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M") if moment else ""


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table whose rows are ``<td>`` cells of escaped text."""
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    cols = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return f"<table><caption>{escape(caption)}</caption><tr>{cols}</tr>{body}</table>"


def _cell(text: str, css: str = "") -> str:
    return f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>"


def _vote(cell: VoteCell, tz: ZoneInfo) -> str:
    if cell.choice is None:
        return _cell("offen", "open")
    who = escape(cell.voter or "")
    return _cell(
        f'{escape(cell.choice)}<br><span class="muted">{who}, {_when(cell.cast_at, tz)}</span>'
    )


def _rounds(view: StatusView, orgs: Sequence[str], tz: ZoneInfo) -> str:
    if not view.rounds:
        return "<p>Keine offenen Abstimmungen.</p>"
    rows = [
        [
            _cell(escape(r.document)),
            _cell(escape(r.lead_org)),
            _cell(_when(r.deadline, tz)),
            *(_vote(v, tz) for v in r.votes),
        ]
        for r in view.rounds
    ]
    head = ["Dokument", "Federführung", "Frist", *orgs]
    return _table("Stimmen je Organisation", head, rows)


def _decisions(caption: str, found: Sequence[Decision], tz: ZoneInfo, none: str) -> str:
    if not found:
        return f"<p>{escape(none)}</p>"
    rows = [
        [
            _cell(_when(d.at, tz)),
            _cell(escape(d.document)),
            _cell(escape(d.what)),
            _cell(escape(d.detail)),
        ]
        for d in found
    ]
    return _table(caption, ["Zeit", "Dokument", "Was", "Einzelheiten"], rows)


def _attention(view: StatusView, tz: ZoneInfo) -> str:
    parts = [
        "<h3>Zurückgesetzte Änderungen</h3>",
        _decisions("Zurückgesetzt", view.reverted, tz, "Keine."),
        "<h3>Hängende Dokumente</h3>",
    ]
    if view.problems:
        rows = [
            [
                _cell(escape(p.name)),
                _cell(escape(str(p.stage))),
                _cell(str(p.attempts)),
                _cell(_when(p.first_at, tz)),
                _cell(escape(p.message)),
            ]
            for p in view.problems
        ]
        head = ["Dokument", "Schritt", "Versuche", "Seit", "Fehler"]
        parts.append(_table("Werden in jedem Zyklus erneut versucht", head, rows))
    else:
        parts.append("<p>Keine.</p>")
    parts.append("<h3>Nicht zugestellte Karten</h3>")
    if view.undelivered:
        rows = [
            [
                _cell(_when(f.failed_at, tz)),
                _cell(escape(f.kind)),
                _cell(escape(f.channel)),
                _cell(str(f.attempts)),
                _cell(escape(f.error)),
            ]
            for f in view.undelivered
        ]
        head = ["Aufgegeben", "Art", "Kanal", "Versuche", "Grund"]
        parts.append(_table("Endgültig fehlgeschlagen", head, rows))
    else:
        parts.append("<p>Keine.</p>")
    return "".join(parts)


def render_status_page(view: StatusView, settings: Settings) -> str:
    """The whole page for ``view``."""
    tz = ZoneInfo(settings.process.timezone)
    last = _when(view.last_cycle, tz) or "noch nie"
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex"><title>Freigabe: aktueller Stand</title>'
        f"<style>{_style()}</style></head><body><main>"
        "<h1>Freigabe: aktueller Stand</h1>"
        f'<p class="muted">Letzter Zyklus: {last}</p>'
        "<h2>Offene Abstimmungen</h2>"
        f"{_rounds(view, settings.org_codes, tz)}"
        "<h2>Letzte Entscheidungen</h2>"
        f"{_decisions('Neueste zuerst', view.decisions, tz, 'Noch keine Entscheidungen.')}"
        "<h2>Braucht Aufmerksamkeit</h2>"
        f"{_attention(view, tz)}"
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

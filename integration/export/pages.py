"""``index.html`` and the embed pages: static pages of the released documents.

Readable without JavaScript (there is none), in the configured language (``lang="de"`` or
``lang="en"``, words from ``integration.export.wording``), with a skip link,
one heading per document type and every image described. Links are relative, so the pages
work wherever the export is served. All text goes through ``html.escape``.

The embed pages (``embed.html`` with every document, ``embed-<type slug>.html`` with one
type) go into an iframe on a member page, which has its own ``<h1>``: they have none, their
headings start at ``<h2>``, and their links open outside the frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from itertools import groupby
from urllib.parse import quote

from integration.export import wording as w
from integration.export.manifest import entry_order
from integration.export.paths import EMBED, FEED, MANIFEST, SCHEMA, embed_path, extension, slugify
from integration.export.records import PublishedEntry, VoteValue
from integration.language import Language, date_in
from integration.text import clean

__all__ = ["document_kind", "render_embed", "render_index", "render_type_embed", "type_page"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}
.skip{position:absolute;left:-100rem}.skip:focus{left:1rem;top:1rem;background:#fff}
ul.docs{list-style:none;padding:0}ul.docs li{border-top:1px solid #ccc;padding:.5rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;margin:.25rem 0}
dd{margin:0}h3{margin:.25rem 0;font-size:1.1rem}img{vertical-align:middle}
"""
# a neutral document symbol; the alt text names the file format
_ICON = quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
    '<path d="M3 1h7l3 3v11H3z" fill="#fff" stroke="#333"/></svg>'
)


def _e(text: str) -> str:
    return escape(clean(text), quote=True)


def document_kind(document_type: str, language: Language = Language.DE) -> str:
    """The group a document type is listed under (``Sonstige Dokumente`` when none)."""
    return clean(document_type) or w.OTHER(language)


def type_page(kind: str) -> str:
    """The embed page of the group ``kind``."""
    return embed_path(slugify(kind))


def _kind(entry: PublishedEntry, language: Language) -> str:
    return document_kind(entry.release.document_type, language)


def _groups(
    entries: Sequence[PublishedEntry], language: Language
) -> list[tuple[str, list[PublishedEntry]]]:
    ordered = sorted(entries, key=lambda e: (_kind(e, language).casefold(), *entry_order(e)))
    return [
        (kind, list(group)) for kind, group in groupby(ordered, key=lambda e: _kind(e, language))
    ]


def _votes(entry: PublishedEntry, language: Language) -> str:
    parts = []
    for value in VoteValue:
        codes = [v.organisation for v in entry.release.votes if v.vote is value]
        if codes:
            names = ", ".join(f'<abbr title="{_e(o.name)}">{_e(o.code)}</abbr>' for o in codes)
            parts.append(f"{escape(value.value)}: {names}")
    return "; ".join(parts) or w.NO_VOTES(language)


def _format(entry: PublishedEntry, language: Language) -> str:
    return (extension(entry.stable_path) or w.FILE(language)).upper()


def _time(moment: datetime, language: Language) -> str:
    shown = date_in(moment, language)
    return f'<time datetime="{escape(moment.isoformat())}">{shown}</time>'


def _pdf_row(entry: PublishedEntry, language: Language) -> str:
    pdf = entry.pdf
    if pdf is None:
        return ""
    title = _e(entry.release.title) or w.DOCUMENT(language)
    link = f'<a href="{escape(pdf.stable_path)}">{w.PDF_OF(language, title=title)}</a>'
    return f"<dt>PDF</dt><dd>{link} ({escape(w.size_in(pdf.size, language))})</dd>\n"


def _document(entry: PublishedEntry, language: Language) -> str:
    r = entry.release
    fmt = _format(entry, language)
    summary = f"<p>{_e(r.summary)}</p>" if clean(r.summary) else ""
    org = r.lead_org
    lead = f'{_e(org.name)} (<abbr title="{_e(org.name)}">{_e(org.code)}</abbr>)'
    version = f'<a href="{escape(entry.versioned_path)}">{w.PERMALINK(language)}</a>'
    alt = w.FORMAT_FILE(language, format=fmt)
    return f"""<li><article>
<h3><img src="data:image/svg+xml,{_ICON}" width="16" height="16" alt="{escape(alt)}">
<a href="{escape(entry.stable_path)}">{_e(r.title) or w.UNTITLED(language)}</a></h3>
{summary}<dl>
<dt>{w.VERSION(language)}</dt><dd>{_e(r.version_label)} ({version})</dd>
<dt>{w.RELEASED_ON(language)}</dt><dd>{_time(r.released_at, language)}</dd>
<dt>{w.FILE_LABEL(language)}</dt><dd>{escape(fmt)}, {escape(w.size_in(entry.size, language))}</dd>
{_pdf_row(entry, language)}<dt>{w.LEAD(language)}</dt><dd>{lead}</dd>
<dt>{w.VOTE(language)}</dt><dd>{_votes(entry, language)}</dd>
</dl></article></li>"""


def _sections(groups: Iterable[tuple[str, list[PublishedEntry]]], language: Language) -> str:
    out = []
    for number, (kind, members) in enumerate(groups, start=1):
        anchor = f"typ-{number}-{slugify(kind) or 'dokumente'}"
        items = "\n".join(_document(e, language) for e in members)
        out.append(
            f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{_e(kind)}</h2>\n'
            f'<ul class="docs">\n{items}\n</ul>\n</section>'
        )
    return "\n".join(out)


def _page(title: str, body: str, language: Language, *, head: str = "") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="{language.value}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
{head}<style>{_STYLE}</style>
</head>
<body>
{body}
</body>
</html>
""".encode()


def render_index(
    entries: Sequence[PublishedEntry],
    *,
    title: str,
    updated: datetime | None,
    language: Language = Language.DE,
) -> bytes:
    """The public index page of ``entries`` (any order), grouped by document type."""
    groups = _groups(entries, language)
    nav = "".join(
        f'<li><a href="#typ-{n}-{slugify(kind) or "dokumente"}">{_e(kind)}</a> ({len(m)})</li>'
        for n, (kind, m) in enumerate(groups, start=1)
    )
    content = (
        f'<nav aria-label="{w.TYPES(language)}"><ul>{nav}</ul></nav>\n'
        + _sections(groups, language)
        if groups
        else f"<p>{w.NONE_RELEASED(language)}</p>"
    )
    embeds = "".join(
        f'<li><a href="{escape(type_page(kind))}">{_e(kind)}</a></li>' for kind, _ in groups
    )
    stand = f"<p>{w.AS_OF(language, date=_time(updated, language))}</p>" if updated else ""
    embed_all = w.EMBED_ALL(language, link=f'<a href="{EMBED}">{w.ALL_DOCUMENTS(language)}</a>')
    body = f"""<a class="skip" href="#inhalt">{w.SKIP(language)}</a>
<header><h1>{_e(title)}</h1>{stand}</header>
<main id="inhalt">
{content}
</main>
<footer><p>{embed_all}</p>
<ul aria-label="{w.EMBED_TYPES(language)}">{embeds}</ul>
<p><a href="{FEED}">{w.FEED(language)}</a> · <a href="{MANIFEST}">{w.MANIFEST(language)}
(manifest.json)</a> · <a href="{SCHEMA}">{w.SCHEMA(language)}</a></p></footer>"""
    feed_link = f'<link rel="alternate" type="application/atom+xml" href="{FEED}">\n'
    return _page(title, body, language, head=feed_link)


def _embedded(entry: PublishedEntry, language: Language) -> str:
    r = entry.release
    summary = f"<br>{_e(r.summary)}" if clean(r.summary) else ""
    return (
        f'<li><a href="{escape(entry.stable_path)}" target="_blank" rel="noopener">'
        f"{_e(r.title) or w.UNTITLED(language)}</a> ({escape(_format(entry, language))}, "
        f"{escape(w.size_in(entry.size, language))}, {_time(r.released_at, language)})"
        f"{_embedded_pdf(entry, language)}{summary}</li>"
    )


def _embedded_pdf(entry: PublishedEntry, language: Language) -> str:
    pdf = entry.pdf
    if pdf is None:
        return ""
    label = w.PDF_OF(language, title=_e(entry.release.title) or w.DOCUMENT(language))
    return (
        f' · <a href="{escape(pdf.stable_path)}" target="_blank" rel="noopener"'
        f' aria-label="{label}">'
        f"{w.AS_PDF(language)}</a> ({escape(w.size_in(pdf.size, language))})"
    )


def _embed_list(entries: Iterable[PublishedEntry], language: Language) -> str:
    items = "\n".join(_embedded(e, language) for e in entries)
    empty = f"<p>{w.NO_DOCUMENTS(language)}</p>"
    return f'<ul class="docs">\n{items}\n</ul>' if items else empty


def render_embed(
    entries: Sequence[PublishedEntry], *, title: str, language: Language = Language.DE
) -> bytes:
    """Every document of ``entries`` with its summary, under one ``<h2>`` per document type."""
    groups = _groups(entries, language)
    sections = "\n".join(
        f"<section>\n<h2>{_e(kind)}</h2>\n{_embed_list(members, language)}\n</section>"
        for kind, members in groups
    )
    return _page(title, f"<main>\n{sections or _embed_list((), language)}\n</main>", language)


def render_type_embed(
    kind: str,
    entries: Sequence[PublishedEntry],
    *,
    title: str,
    language: Language = Language.DE,
) -> bytes:
    """The documents of the group ``kind`` among ``entries``, with summaries, no heading."""
    members = [
        e
        for e in sorted(entries, key=entry_order)
        if type_page(_kind(e, language)) == type_page(kind)
    ]
    body = f"<main>\n{_embed_list(members, language)}\n</main>"
    return _page(f"{kind} – {title}", body, language)

"""``index.html`` and the embed pages: static pages of the released documents.

Readable without JavaScript (there is none), German (``lang="de"``), with a skip link,
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

from integration.export.manifest import entry_order
from integration.export.paths import EMBED, FEED, MANIFEST, SCHEMA, embed_path, extension, slugify
from integration.export.records import PublishedEntry, VoteValue
from integration.export.text import file_size, german_date
from integration.text import clean

__all__ = ["document_kind", "render_embed", "render_index", "render_type_embed", "type_page"]

_OTHER = "Sonstige Dokumente"
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


def document_kind(document_type: str) -> str:
    """The group a document type is listed under (``Sonstige Dokumente`` when none)."""
    return clean(document_type) or _OTHER


def type_page(kind: str) -> str:
    """The embed page of the group ``kind``."""
    return embed_path(slugify(kind))


def _kind(entry: PublishedEntry) -> str:
    return document_kind(entry.release.document_type)


def _groups(entries: Sequence[PublishedEntry]) -> list[tuple[str, list[PublishedEntry]]]:
    ordered = sorted(entries, key=lambda e: (_kind(e).casefold(), *entry_order(e)))
    return [(kind, list(group)) for kind, group in groupby(ordered, key=_kind)]


def _votes(entry: PublishedEntry) -> str:
    parts = []
    for value in VoteValue:
        codes = [v.organisation for v in entry.release.votes if v.vote is value]
        if codes:
            names = ", ".join(f'<abbr title="{_e(o.name)}">{_e(o.code)}</abbr>' for o in codes)
            parts.append(f"{escape(value.value)}: {names}")
    return "; ".join(parts) or "keine Angaben"


def _format(entry: PublishedEntry) -> str:
    return (extension(entry.stable_path) or "Datei").upper()


def _time(moment: datetime) -> str:
    return f'<time datetime="{escape(moment.isoformat())}">{german_date(moment)}</time>'


def _pdf_row(entry: PublishedEntry) -> str:
    pdf = entry.pdf
    if pdf is None:
        return ""
    link = (
        f'<a href="{escape(pdf.stable_path)}">{_e(entry.release.title) or "Dokument"} als PDF</a>'
    )
    return f"<dt>PDF</dt><dd>{link} ({escape(file_size(pdf.size))})</dd>\n"


def _document(entry: PublishedEntry) -> str:
    r = entry.release
    fmt = _format(entry)
    summary = f"<p>{_e(r.summary)}</p>" if clean(r.summary) else ""
    org = r.lead_org
    lead = f'{_e(org.name)} (<abbr title="{_e(org.name)}">{_e(org.code)}</abbr>)'
    version = f'<a href="{escape(entry.versioned_path)}">dauerhafter Link auf diese Fassung</a>'
    return f"""<li><article>
<h3><img src="data:image/svg+xml,{_ICON}" width="16" height="16" alt="{escape(fmt)}-Datei">
<a href="{escape(entry.stable_path)}">{_e(r.title) or "Ohne Titel"}</a></h3>
{summary}<dl>
<dt>Fassung</dt><dd>{_e(r.version_label)} ({version})</dd>
<dt>Freigegeben am</dt><dd>{_time(r.released_at)}</dd>
<dt>Datei</dt><dd>{escape(fmt)}, {escape(file_size(entry.size))}</dd>
{_pdf_row(entry)}<dt>Federführung</dt><dd>{lead}</dd>
<dt>Abstimmung</dt><dd>{_votes(entry)}</dd>
</dl></article></li>"""


def _sections(groups: Iterable[tuple[str, list[PublishedEntry]]]) -> str:
    out = []
    for number, (kind, members) in enumerate(groups, start=1):
        anchor = f"typ-{number}-{slugify(kind) or 'dokumente'}"
        items = "\n".join(_document(e) for e in members)
        out.append(
            f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{_e(kind)}</h2>\n'
            f'<ul class="docs">\n{items}\n</ul>\n</section>'
        )
    return "\n".join(out)


def _page(title: str, body: str, *, head: str = "") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="de">
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
    entries: Sequence[PublishedEntry], *, title: str, updated: datetime | None
) -> bytes:
    """The public index page of ``entries`` (any order), grouped by document type."""
    groups = _groups(entries)
    nav = "".join(
        f'<li><a href="#typ-{n}-{slugify(kind) or "dokumente"}">{_e(kind)}</a> ({len(m)})</li>'
        for n, (kind, m) in enumerate(groups, start=1)
    )
    content = (
        f'<nav aria-label="Dokumenttypen"><ul>{nav}</ul></nav>\n{_sections(groups)}'
        if groups
        else "<p>Derzeit sind keine Dokumente freigegeben.</p>"
    )
    embeds = "".join(
        f'<li><a href="{escape(type_page(kind))}">{_e(kind)}</a></li>' for kind, _ in groups
    )
    stand = f"<p>Stand: {_time(updated)}</p>" if updated else ""
    body = f"""<a class="skip" href="#inhalt">Zum Inhalt springen</a>
<header><h1>{_e(title)}</h1>{stand}</header>
<main id="inhalt">
{content}
</main>
<footer><p>Zum Einbetten in eine Website (iframe): <a href="{EMBED}">alle Dokumente</a></p>
<ul aria-label="Einbettbare Listen je Dokumenttyp">{embeds}</ul>
<p><a href="{FEED}">Atom-Feed</a> · <a href="{MANIFEST}">Maschinenlesbare Liste
(manifest.json)</a> · <a href="{SCHEMA}">Schema der Liste</a></p></footer>"""
    feed_link = f'<link rel="alternate" type="application/atom+xml" href="{FEED}">\n'
    return _page(title, body, head=feed_link)


def _embedded(entry: PublishedEntry) -> str:
    r = entry.release
    summary = f"<br>{_e(r.summary)}" if clean(r.summary) else ""
    return (
        f'<li><a href="{escape(entry.stable_path)}" target="_blank" rel="noopener">'
        f"{_e(r.title) or 'Ohne Titel'}</a> ({escape(_format(entry))}, "
        f"{escape(file_size(entry.size))}, {_time(r.released_at)}){_embedded_pdf(entry)}"
        f"{summary}</li>"
    )


def _embedded_pdf(entry: PublishedEntry) -> str:
    pdf = entry.pdf
    if pdf is None:
        return ""
    return (
        f' · <a href="{escape(pdf.stable_path)}" target="_blank" rel="noopener"'
        f' aria-label="{_e(entry.release.title) or "Dokument"} als PDF">'
        f"als PDF</a> ({escape(file_size(pdf.size))})"
    )


def _embed_list(entries: Iterable[PublishedEntry]) -> str:
    items = "\n".join(_embedded(e) for e in entries)
    return f'<ul class="docs">\n{items}\n</ul>' if items else "<p>Derzeit keine Dokumente.</p>"


def render_embed(entries: Sequence[PublishedEntry], *, title: str) -> bytes:
    """Every document of ``entries`` with its summary, under one ``<h2>`` per document type."""
    groups = _groups(entries)
    sections = "\n".join(
        f"<section>\n<h2>{_e(kind)}</h2>\n{_embed_list(members)}\n</section>"
        for kind, members in groups
    )
    return _page(title, f"<main>\n{sections or _embed_list(())}\n</main>")


def render_type_embed(kind: str, entries: Sequence[PublishedEntry], *, title: str) -> bytes:
    """The documents of the group ``kind`` among ``entries``, with summaries, no heading."""
    members = [
        e for e in sorted(entries, key=entry_order) if type_page(_kind(e)) == type_page(kind)
    ]
    return _page(f"{kind} – {title}", f"<main>\n{_embed_list(members)}\n</main>")

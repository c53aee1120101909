"""Which released files the export publishes, and which it serves only as downloads.

The export's pages and its released files share one origin. A released file that a browser
runs (an HTML page, an SVG or XML document with scripts, a script) would run as part of the
export's own site: it could rewrite ``index.html`` as a visitor sees it or send visitors
elsewhere. So a file is published only when its extension is on ``export.allowed_extensions``
(by default documents and images, nothing active: ``config.export``), and a Blob target
serves any file of an active type that an operator allows with ``Content-Disposition:
attachment`` as ``application/octet-stream``: browsers download it instead of running it. A
folder target needs the same from its web server (README: web-server rules).
"""

from __future__ import annotations

from collections.abc import Collection

from integration.export.paths import STABLE_DIR, VERSIONS_DIR, extension

__all__ = ["ACTIVE_EXTENSIONS", "is_active", "refusal"]

ACTIVE_EXTENSIONS = frozenset(
    {
        "htm", "html", "shtml", "xhtml", "xht", "mht", "mhtml",  # pages
        "svg", "svgz",  # vector images: may hold scripts
        "xml", "xsl", "xslt", "rss", "atom", "rdf",  # XML: may be styled into a page
        "js", "mjs", "cjs", "wasm",  # scripts
        "swf", "hta", "htc",  # older active content
    }
)  # fmt: skip
"""Types a browser runs, or renders as a page that can hold scripts."""

_DOCUMENT_DIRS = (f"{STABLE_DIR}/", f"{VERSIONS_DIR}/")


def is_active(path: str) -> bool:
    """``path`` is a released file (below ``dokumente/`` or ``versionen/``) of an active type;
    the export's own pages are not released files."""
    return path.startswith(_DOCUMENT_DIRS) and extension(path) in ACTIVE_EXTENSIONS


def refusal(file_name: str, allowed: Collection[str]) -> str | None:
    """Why a file named ``file_name`` is not published, or None when its type is allowed.

    The type is the extension the file gets on the export (``paths.extension``), the one a
    web server derives the content type from.
    """
    ext = extension(file_name)
    if ext in allowed:
        return None
    if not ext:
        return (
            "the file has no file extension; only types in export.allowed_extensions are published"
        )
    reason = f"file type .{ext} is not in export.allowed_extensions"
    if ext in ACTIVE_EXTENSIONS:
        return f"{reason}: a browser would run it as part of the export's site"
    return reason

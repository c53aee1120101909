"""The PDF SharePoint makes of an Office file (``GET .../content?format=pdf``), simulated.

Graph converts only some types (Microsoft Learn, "Convert to other formats":
https://learn.microsoft.com/en-us/graph/api/driveitem-get-content-format) and refuses the
others with ``406 notSupported`` (msgraph-sdk-python#912); .csv is listed but refused
(``InputFormatNotSupported``, microsoft-graph-docs#19495), and so it is here.

The PDF is small and valid (PDF 1.4, the standard font Helvetica in WinAnsiEncoding, a
cross-reference table with exact offsets), and carries the document's text as real text, so
a reader or a text extractor finds it: the paragraphs of a .docx, the texts of slides and
shared strings of .pptx/.xlsx; the file name and the lines of content that is plain text (as
scenarios give it); else the file name. Written by hand: the simulator needs no PDF library,
and the service none at all.
"""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from xml.sax.saxutils import unescape

from freigabe_devtools.graphsim.content import StoredContent
from freigabe_devtools.graphsim.model import Version

__all__ = ["PDF_SOURCES", "converts_to_pdf", "document_text", "render_pdf"]

PDF_SOURCES = frozenset(
    {
        "doc", "docx", "odp", "ods", "odt", "pot", "potm", "potx", "pps", "ppsx", "ppsxm",
        "ppt", "pptm", "pptx", "rtf", "xls", "xlsx",
    }
)  # fmt: skip
"""The documented "pdf" source extensions, less csv (see the module docstring)."""

_TEXT_PARTS = re.compile(r"word/document\.xml|ppt/slides/slide\d+\.xml|xl/sharedStrings\.xml")
_RUN_OR_BREAK = re.compile(r"<(?:w|a):t(?:\s[^>]*)?>([^<]*)</(?:w|a):t>|</(?:w|a):p>|<si>")
_LINES_PER_PAGE = 48
_WIDTH = 90


def converts_to_pdf(name: str) -> bool:
    """Whether Graph converts a file of this name to PDF."""
    _, dot, ext = name.rpartition(".")
    return bool(dot) and ext.lower() in PDF_SOURCES


def _package_text(data: bytes) -> list[str]:
    paragraphs: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in sorted(n for n in package.namelist() if _TEXT_PARTS.fullmatch(n)):
            current = ""
            for match in _RUN_OR_BREAK.finditer(package.read(part).decode("utf-8", "replace")):
                if match.group(1) is not None:
                    current += unescape(match.group(1), {"&quot;": '"', "&apos;": "'"})
                elif current.strip():
                    paragraphs.append(current.strip())
                    current = ""
            if current.strip():
                paragraphs.append(current.strip())
    return paragraphs


def document_text(version: Version) -> list[str]:
    """The paragraphs of ``version`` as its PDF shows them."""
    content = version.content
    if not isinstance(content, StoredContent):
        return [version.name]  # generated bulk content has no text
    if content.data[:4] == b"PK\x03\x04":
        try:
            return _package_text(content.data) or [version.name]
        except (zipfile.BadZipFile, ValueError, EOFError):
            return [version.name]
    # scenarios often give an Office file plain text as its content: that text is the document
    text = content.data.decode("utf-8", "replace")
    return [version.name, *(line.strip() for line in text.splitlines() if line.strip())]


def _literal(line: str) -> bytes:
    raw = line.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(lines: list[str]) -> bytes:
    ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"56 790 Td"]
    for line in lines:
        ops.append(_literal(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def render_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A PDF of ``paragraphs`` (wrapped, paged on A4) whose document title is ``title``."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, _WIDTH) or [""]
        lines.append("")
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    pages = pages or [[]]
    # objects: 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page
    kids = " ".join(f"{5 + 2 * n} 0 R" for n in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _literal(title) + b" /Producer (graphsim) >>",
    ]
    for n, page in enumerate(pages):
        stream = _page_stream(page)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents " + f"{6 + 2 * n} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)

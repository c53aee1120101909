"""Office files as SharePoint serves them: the library's properties written into the bytes.

SharePoint "demotes" a document's field values into .docx/.xlsx/.pptx packages when it
serves them, so the bytes downloaded differ from the bytes stored, and from the listed
``size`` and ``quickXorHash`` (rclone#2599, #2036, #9767; OneDrive/onedrive-api-docs#935,
#1066). The simulator does the same (``Quirks.office_rewrite``): a ZIP package is served
with ``docProps/custom.xml`` holding that version's fields (declared in the package so
Office opens it), anything else with a trailer naming the version. Both are deterministic,
and generated bulk content is only ever streamed, never materialised.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from freigabe_devtools.graphsim.columns import JsonValue
from freigabe_devtools.graphsim.content import StoredContent, Streamable
from freigabe_devtools.graphsim.model import Item, Library, Quirks, Version
from freigabe_devtools.graphsim.render import CONTENT_TYPE_ID

__all__ = ["CUSTOM_PART", "OFFICE_SUFFIXES", "TrailedContent", "is_office_name", "served"]

OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx")
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid Office uses for custom props
_EPOCH = (1980, 1, 1, 0, 0, 0)  # ZIP's earliest date: a fixed stamp keeps the bytes stable


class TrailedContent:
    """Content followed by a trailer, streamed without materialising the content."""

    __slots__ = ("_content", "_trailer")

    def __init__(self, content: Streamable, trailer: bytes) -> None:
        self._content = content
        self._trailer = trailer

    @property
    def size(self) -> int:
        """Length in bytes, the trailer included."""
        return self._content.size + len(self._trailer)

    def chunks(self) -> Iterator[bytes]:
        """The content's chunks, then the trailer."""
        yield from self._content.chunks()
        yield self._trailer


def is_office_name(name: str) -> bool:
    """Whether SharePoint rewrites a file of this name when serving it."""
    return name.lower().endswith(OFFICE_SUFFIXES)


def served(lib: Library, item: Item, version: Version, quirks: Quirks) -> Streamable:
    """The bytes a download of ``version`` serves."""
    if not quirks.office_rewrite or not is_office_name(version.name):
        return version.content
    content = version.content
    if isinstance(content, StoredContent) and content.data[:4] == b"PK\x03\x04":
        rewritten = _with_custom_part(content.data, _custom_xml(lib, version))
        if rewritten is not None:
            return StoredContent(rewritten)
    trailer = f"\n<!-- SharePoint: item {item.unique_id} version {version.label} -->\n"
    return TrailedContent(content, trailer.encode())


def _property(pid: int, name: str, kind: str, value: str) -> str:
    return (
        f"<property fmtid={quoteattr(_FMTID)} pid={quoteattr(str(pid))} name={quoteattr(name)}>"
        f"<vt:{kind}>{escape(value)}</vt:{kind}></property>"
    )


def _typed(lib: Library, name: str, value: JsonValue) -> tuple[str, str]:
    col = lib.columns.get(name.lower())
    kind = col.kind if col is not None else "text"
    if kind == "dateTime":
        return "filetime", str(value)
    if kind == "boolean":
        return "bool", "true" if value else "false"
    if kind == "number":
        return "r8", repr(value)
    if kind == "hyperlink" and isinstance(value, dict):
        return "lpwstr", f"{value.get('Url', '')}, {value.get('Description', '')}"
    return "lpwstr", str(value)


def _custom_xml(lib: Library, version: Version) -> bytes:
    """``docProps/custom.xml`` with the content type id and the version's field values."""
    entries = [("ContentTypeId", ("lpwstr", CONTENT_TYPE_ID))]
    entries += [(name, _typed(lib, name, version.fields[name])) for name in sorted(version.fields)]
    props = "".join(
        _property(pid, name, kind, text) for pid, (name, (kind, text)) in enumerate(entries, 2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes">{props}</Properties>'
    ).encode()


def _declare(part: str, body: bytes) -> bytes:
    """Declare the custom part in ``[Content_Types].xml`` and ``_rels/.rels`` if not yet."""
    text = body.decode("utf-8")
    if part == "[Content_Types].xml" and "/docProps/custom.xml" not in text:
        override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/>'
        text = text.replace("</Types>", override + "</Types>")
    elif part == "_rels/.rels" and CUSTOM_PART not in text:
        relation = (
            f'<Relationship Id="rIdSpCustomProps" Type="{_CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
        )
        text = text.replace("</Relationships>", relation + "</Relationships>")
    return text.encode("utf-8")


def _with_custom_part(data: bytes, custom: bytes) -> bytes | None:
    """The package with ``custom`` as its custom properties part; None if it is no ZIP."""
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename == CUSTOM_PART:
                    continue
                body = source.read(info)
                if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                    body = _declare(info.filename, body)
                # a fresh ZipInfo: the source's may carry offsets and extras of its own
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                target.writestr(copy, body)
            part = zipfile.ZipInfo(CUSTOM_PART, _EPOCH)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.create_system = 0
            target.writestr(part, custom)
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, EOFError):
        return None
    return out.getvalue()

"""Probe checks 1-4: uploading small files, and what Graph lists and serves for them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from integration.errors import AccessDenied, GraphError
from integration.graph.content import download, listed_content
from integration.graph.files import upload_small
from integration.quickxor import QuickXorHash
from jobs.probe_rows import DIFFERS, FAILS, OK, UNCHECKED, Row, failed
from jobs.probe_run import ProbeRun

__all__ = [
    "check_listed_hash",
    "check_office_download",
    "check_text_download",
    "check_upload",
    "docx_package",
    "probe_files",
]

_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_STAMP = (2026, 1, 1, 0, 0, 0)  # a fixed date inside the package: the same text, the same bytes

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="'
    'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


def docx_package(text: str) -> bytes:
    """A minimal valid Word document (Office Open XML) holding one paragraph of ``text``.

    ``text`` must not need XML escaping (the probe writes letters, digits and dashes).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", _DOCUMENT.format(text=text)),
        ):
            package.writestr(zipfile.ZipInfo(name, _STAMP), xml)
    return buffer.getvalue()


def probe_files(suffix: str) -> dict[str, tuple[str, bytes, str]]:
    """The files the probe uploads, by role: (name, bytes, content type)."""
    base = f"freigabe-probe-{suffix}"
    note = f"freigabe probe {suffix}: wird nach der Prüfung wieder gelöscht"
    return {
        "text": (f"{base}.txt", f"{note}\n".encode(), "text/plain"),
        "office": (f"{base}.docx", docx_package(note.replace(":", " -")), _DOCX_TYPE),
    }


_UPLOAD = "Hochladen (.txt, .docx)"
_UPLOAD_WANT = "201 (200 bei Ersetzen)"
_READ_ONLY = (
    "Schreibrecht fehlt: write-Freigabe auf der Website (Sites.Selected) oder "
    "Sites.ReadWrite.All erteilen; ohne Schreibrecht setzt freigabe nichts durch"
)


async def check_upload(run: ProbeRun) -> Row:
    """1: ``PUT /drives/{d}/items/root:/{name}:/content`` answers 201 (docs: 201, also on
    replace; 200 is seen on replace), Microsoft Learn "Upload small files"."""
    seen: list[str] = []
    for role, (name, data, kind) in probe_files(run.suffix).items():
        label = name.rpartition(".")[2]
        try:
            up = await upload_small(run.gw, run.lib, name, data, content_type=kind)
        except GraphError as err:
            hint = _READ_ONLY if isinstance(err, AccessDenied) else None
            row = failed("1", _UPLOAD, _UPLOAD_WANT, err, hint)
            return replace(row, seen=", ".join([*seen, f".{label} {row.seen}"]))
        # recorded at once: clean-up must find it even if a later step fails
        run.scratch.files[role] = up
        seen.append(f".{label} {up.status}")
        if up.status not in (200, 201):
            return Row("1", _UPLOAD, _UPLOAD_WANT, ", ".join(seen), FAILS, "unerwarteter Status")
    return Row("1", _UPLOAD, _UPLOAD_WANT, ", ".join(seen), OK)


_NOT_UPLOADED = "Hochladen gescheitert"
_HASH = "Hash gleich nach dem Hochladen"
_HASH_WANT = "fehlt bis zum ersten Download"


async def check_listed_hash(run: ProbeRun) -> Row:
    """2: right after an upload, Graph lists no quickXorHash; "in some cases hash values may
    not be available ... updated after the item is downloaded" (Microsoft Learn, hashes)."""
    up = run.scratch.files.get("text")
    if up is None:
        return Row("2", _HASH, _HASH_WANT, "-", UNCHECKED, _NOT_UPLOADED)
    try:
        listed = await listed_content(run.gw, run.lib, up.item_id)
    except GraphError as err:
        return failed("2", _HASH, _HASH_WANT, err)
    if listed.content_hash is None:
        return Row("2", _HASH, _HASH_WANT, "fehlt", OK)
    return Row(
        "2",
        _HASH,
        _HASH_WANT,
        "vorhanden",
        DIFFERS,
        "Graph nennt den Hash sofort; freigabe nimmt ihn und spart den ersten Download",
    )


async def _downloaded_and_listed(run: ProbeRun, item_id: str) -> tuple[str, str | None]:
    """The quickXorHash of the bytes served, and the hash Graph lists after that download."""
    hasher = QuickXorHash()
    async for chunk in download(run.gw, run.lib, item_id):
        hasher.update(chunk)
    listed = await listed_content(run.gw, run.lib, item_id)
    return hasher.digest_b64(), listed.content_hash


_TEXT = "Download .txt gegen gelisteten Hash"
_NO_HASH = "Hash fehlt auch nach dem Download"
_NO_HASH_HINT = "freigabe nimmt dann den Hash der geladenen Bytes"


async def check_text_download(run: ProbeRun) -> Row:
    """3: a text file's bytes hash to the listed quickXorHash; only Office, PDF and HTML files
    are served changed (OneDrive/onedrive-api-docs#935; rclone#2599)."""
    up = run.scratch.files.get("text")
    if up is None:
        return Row("3", _TEXT, "gleich", "-", UNCHECKED, _NOT_UPLOADED)
    try:
        served, listed = await _downloaded_and_listed(run, up.item_id)
    except GraphError as err:
        return failed("3", _TEXT, "gleich", err)
    if listed is None:
        return Row("3", _TEXT, "gleich", _NO_HASH, DIFFERS, _NO_HASH_HINT)
    if served == listed:
        return Row("3", _TEXT, "gleich", "gleich", OK)
    return Row(
        "3",
        _TEXT,
        "gleich",
        "anders",
        FAILS,
        "SharePoint liefert andere Bytes als gelistet: freigabe weist solche Inhalte bei "
        "Nicht-Office-Dateien zurück (HashMismatch) und veröffentlicht sie nicht; "
        "Microsoft-Support fragen (Information Protection/Purview-Kennzeichnung?)",
    )


_OFFICE = "Download .docx gegen gelisteten Hash"
_OFFICE_WANT = "anders als gelistet (Eigenschaften eingeschrieben)"


async def check_office_download(run: ProbeRun) -> Row:
    """4: SharePoint serves Office files with the library's properties written in, so their
    bytes differ from the listed size and hash (rclone#2599, #2036, #9767;
    OneDrive/onedrive-api-docs#935, #1066)."""
    up = run.scratch.files.get("office")
    if up is None:
        return Row("4", _OFFICE, _OFFICE_WANT, "-", UNCHECKED, _NOT_UPLOADED)
    try:
        served, listed = await _downloaded_and_listed(run, up.item_id)
    except GraphError as err:
        return failed("4", _OFFICE, _OFFICE_WANT, err)
    if listed is None:
        return Row("4", _OFFICE, _OFFICE_WANT, _NO_HASH, DIFFERS, _NO_HASH_HINT)
    if served != listed:
        return Row("4", _OFFICE, _OFFICE_WANT, "anders", OK)
    return Row(
        "4",
        _OFFICE,
        _OFFICE_WANT,
        "gleich",
        DIFFERS,
        "SharePoint liefert die gespeicherten Bytes; freigabe kommt damit ebenso zurecht "
        "(die geladenen Bytes tragen dann den gelisteten Hash)",
    )

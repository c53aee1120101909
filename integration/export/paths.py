"""Where things live in the export, and how names from SharePoint become safe path segments.

Layout (relative to the export root)::

    index.html, embed.html, manifest.json, manifest.schema.json, feed.xml
    embed-<type slug>.html                       the embed page of one document type
    dokumente/<slug>.<ext>                       stable: always the current released version
    versionen/<slug>/<version>-<hash8>.<ext>     immutable: one file per released version

``<slug>`` is the file name from SharePoint, transliterated (ä→ae, ö→oe, ü→ue, ß→ss), reduced
to ``a-z``, ``0-9`` and ``-`` and bounded so ``<slug>.<ext>`` has at most 120 characters. A
document keeps its slug for good (the stable URL survives renames); a slug another document
holds, one of the reserved names, or one that itself ends like a suffix gets
``-<first 8 hex digits of sha256(document id)>`` (more digits in the unlikely case that is
held too). So slugs cannot collide by construction: a plain slug never ends like a suffix,
and a suffixed one names its document.
``<hash8>`` is the first 8 hex digits of the voted quickXorHash, so a version's path is known
before its bytes arrive.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from collections.abc import Callable

from integration.errors import UnsafeName

__all__ = [
    "EMBED",
    "FEED",
    "INDEX",
    "MANIFEST",
    "MAX_NAME_LENGTH",
    "SCHEMA",
    "STABLE_DIR",
    "VERSIONS_DIR",
    "check_path",
    "document_slug",
    "embed_path",
    "extension",
    "slugify",
    "stable_path",
    "versioned_path",
]

INDEX = "index.html"
EMBED = "embed.html"
MANIFEST = "manifest.json"
SCHEMA = "manifest.schema.json"
FEED = "feed.xml"
STABLE_DIR = "dokumente"
VERSIONS_DIR = "versionen"
MAX_NAME_LENGTH = 120

_RESERVED_STEMS = frozenset({"index", "embed", "manifest", "feed", STABLE_DIR, VERSIONS_DIR})
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
_MAX_PATH = 400
_SUFFIX_LENGTH = 9  # "-" and 8 hex digits
_SUFFIXED = re.compile(r"-[0-9a-f]{8,64}$")


def check_path(path: str) -> str:
    """``path`` if it is a plain relative path inside the root, else ``UnsafeName``.

    Every segment starts with a letter or digit and holds only ``A-Za-z0-9._-``, so no
    segment is empty, ``.``, ``..``, hidden, or carries a separator, NUL or control character.
    """
    segments = path.split("/")
    if len(path) > _MAX_PATH or not all(_SEGMENT.fullmatch(s) for s in segments):
        raise UnsafeName(f"refused export path {path[:80]!r}: not a plain relative path")
    return path


def slugify(text: str) -> str:
    """``text`` as lower-case ASCII words joined by ``-``; empty when nothing is left."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_GERMAN)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


def extension(file_name: str) -> str:
    """The lower-case extension of ``file_name`` without the dot, or "" if it has no usable one."""
    _, dot, ext = file_name.rpartition(".")
    ext = slugify(ext) if dot else ""
    return ext if _EXTENSION.fullmatch(ext) else ""


def _stem(file_name: str, ext: str) -> str:
    if ext and file_name.lower().endswith(f".{ext}"):
        return file_name[: -len(ext) - 1]
    return file_name


def _short_hash(text: str, digits: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def document_slug(file_name: str, document_id: str, taken: Callable[[str], bool]) -> str:
    """A new slug for ``document_id`` from ``file_name``; ``taken(slug)`` says it is held.

    Never a reserved name, never longer than ``MAX_NAME_LENGTH`` with its extension, and
    stable: the same inputs give the same slug.
    """
    ext = extension(file_name)
    room = MAX_NAME_LENGTH - (len(ext) + 1 if ext else 0) - _SUFFIX_LENGTH
    base = slugify(_stem(file_name, ext))[:room].strip("-") or "dokument"
    if base not in _RESERVED_STEMS and not _SUFFIXED.search(base) and not taken(base):
        return base
    for digits in (8, 16, 64):
        # a longer suffix only when another id's hash begins the same way
        slug = f"{base[: room + 8 - digits].strip('-')}-{_short_hash(document_id, digits)}"
        if not taken(slug):
            return slug
    return slug  # a document asking again for its own slug


def embed_path(type_slug: str) -> str:
    """The embed page of the document type with the slug ``type_slug``."""
    return check_path(f"embed-{type_slug[:60].strip('-') or 'dokumente'}.html")


def _with_extension(name: str, ext: str) -> str:
    return f"{name}.{ext}" if ext else name


def stable_path(slug: str, ext: str) -> str:
    """The stable path of the document with ``slug``."""
    return check_path(f"{STABLE_DIR}/{_with_extension(slug, ext)}")


def _hash8(content_hash: str) -> str:
    try:
        raw = base64.b64decode(content_hash, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    return raw.hex()[:8] if len(raw) >= 4 else _short_hash(content_hash)


def versioned_path(slug: str, version_label: str, content_hash: str, ext: str) -> str:
    """The immutable path of one released version of the document with ``slug``."""
    version = re.sub(r"[^0-9a-z.]+", "-", version_label.lower()).strip("-.")[:20] or "v"
    name = f"{version}-{_hash8(content_hash)}"
    return check_path(f"{VERSIONS_DIR}/{slug}/{_with_extension(name, ext)}")

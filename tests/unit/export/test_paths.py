"""Slugs and paths of the export layout."""

from __future__ import annotations

import hashlib

import pytest

from integration.errors import UnsafeName
from integration.export.paths import (
    MAX_NAME_LENGTH,
    check_path,
    document_slug,
    extension,
    slugify,
    stable_path,
    versioned_path,
)


def free(_: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Leitfaden Öffentlichkeitsarbeit", "leitfaden-oeffentlichkeitsarbeit"),
        ("Straße für Übungen", "strasse-fuer-uebungen"),
        ("ÄÖÜ äöü ß", "aeoeue-aeoeue-ss"),
        ("Café crème", "cafe-creme"),
        ("../../etc/passwd", "etc-passwd"),
        ("a\x00b", "a-b"),
        ("evil\u202egpj", "evilgpj"),
        ("中文", ""),
        ("  --Entwurf 2025 (final)--  ", "entwurf-2025-final"),
    ],
)
def test_slugify_transliterates_and_reduces(text: str, slug: str) -> None:
    """Umlauts become ae/oe/ue/ss, accents drop, anything else turns into single dashes."""
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("name", "ext"),
    [("a.PDF", "pdf"), ("a.tar.gz", "gz"), ("ohne", ""), ("a.", ""), ("a.sehrlangeendung", "")],
)
def test_extension_is_short_and_lower_case(name: str, ext: str) -> None:
    """Only a short alphanumeric extension survives, in lower case."""
    assert extension(name) == ext


@pytest.mark.parametrize(
    "name",
    ["index.html", "manifest.json", "feed.xml", "embed.html", "versionen", "dokumente.pdf"],
)
def test_reserved_names_get_a_suffix(name: str) -> None:
    """A name of the export's own files or folders is never used bare."""
    slug = document_slug(name, "doc-1", free)
    assert slug.startswith(name.split(".")[0] + "-")
    assert len(slug.rsplit("-", 1)[1]) == 8


def test_collision_suffix_is_stable_and_distinct() -> None:
    """A taken slug gets a suffix from the document id: stable per id, distinct across ids."""
    taken = {"bericht"}.__contains__
    a = document_slug("Bericht.pdf", "A", taken)
    assert a == document_slug("Bericht.pdf", "A", taken)
    assert a != document_slug("Bericht.pdf", "B", taken)
    assert document_slug("Bericht.pdf", "A", free) == "bericht"


@pytest.mark.parametrize("name", ["x" * 500 + ".pdf", "ä" * 300, "中" * 200 + ".docx", ""])
def test_slug_with_extension_is_bounded(name: str) -> None:
    """A slug plus extension never exceeds the limit and never is empty."""
    slug = document_slug(name, "doc", free)
    path = stable_path(slug, extension(name))
    assert 0 < len(path.removeprefix("dokumente/")) <= MAX_NAME_LENGTH


@pytest.mark.parametrize(
    "path", ["../x", "/a", "a/../b", "a/./b", "a//b", "", ".a", "a\x00", "a b", "a\\b", "ä"]
)
def test_check_path_refuses_anything_but_plain_segments(path: str) -> None:
    """Absolute, climbing, hidden, empty or unusual segments raise UnsafeName."""
    with pytest.raises(UnsafeName):
        check_path(path)


def test_versioned_path_names_version_and_voted_hash() -> None:
    """The versioned path holds the version label and 8 hex digits of the voted hash."""
    path = versioned_path("bericht", "3.0", "AAECAwQFBgcICQoLDA0ODxAREhM=", "pdf")
    assert path == "versionen/bericht/3.0-00010203.pdf"
    assert versioned_path("b", "../..", "kein base64!", "").startswith("versionen/b/v-")


def test_a_name_shaped_like_a_fallback_cannot_take_another_documents_slug() -> None:
    """Slugs cannot collide by construction: a file named like another document's fallback
    slug ("name-<8 hex of its id>") gets a slug of its own, in any order of arrival."""
    fallback = f"kollision-{hashlib.sha256(b'B').hexdigest()[:8]}"
    for order in (["A", "C", "B"], ["C", "A", "B"], ["A", "B", "C"]):
        names = {"A": "Kollision.docx", "B": "Kollision.docx", "C": f"{fallback}.docx"}
        held: set[str] = set()
        for doc in order:
            slug = document_slug(names[doc], doc, held.__contains__)
            assert slug not in held, (order, doc, slug)
            held.add(slug)

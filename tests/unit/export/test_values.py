"""Small values: settings, vote summaries, text helpers, stored JSON, hash check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

import integration.export as export_package
from approval.decide import Tally
from approval.vocabulary import Choice
from config.export import ExportSettings, FolderTargetSettings
from integration.errors import HashMismatch
from integration.export import (
    FeedItem,
    FeedKind,
    Organisation,
    OrgVote,
    PublicRelease,
    PublishedEntry,
    VoteValue,
    org_votes,
)
from integration.export.codec import (
    decode_entry,
    decode_feed_item,
    encode_entry,
    encode_feed_item,
)
from integration.export.hashing import ContentCheck
from integration.export.wording import size_in
from integration.language import Language
from integration.quickxor import quickxor_hash
from integration.text import clean

AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_folder_settings_default_and_trim() -> None:
    """A folder target needs path and URL; the URL loses its trailing slash."""
    settings = ExportSettings.model_validate(
        {"target": {"kind": "folder", "path": "out", "public_base_url": "https://x.example/"}}
    )
    assert isinstance(settings.target, FolderTargetSettings)
    assert settings.target.public_base_url == "https://x.example"
    assert settings.keep_archive is True


@pytest.mark.parametrize(
    "auth",
    [
        {},
        {"account_key": "a2V5", "sas_token": "sv=1&sig=x"},
        {"connection_string": "c", "use_default_credential": True},
    ],
)
def test_blob_settings_need_exactly_one_credential(auth: dict[str, Any]) -> None:
    """None or two ways to authenticate are refused, without echoing the secret."""
    target = {"kind": "blob", "account_url": "https://a.blob.core.windows.net"}
    with pytest.raises(ValidationError) as caught:
        ExportSettings.model_validate({"target": {**target, "public_base_url": "u", **auth}})
    assert "a2V5" not in str(caught.value)


def test_blob_settings_keep_secrets_secret() -> None:
    """A SAS token stays a SecretStr and the container defaults to $web."""
    settings = ExportSettings.model_validate(
        {
            "target": {
                "kind": "blob",
                "account_url": "https://a.blob.core.windows.net",
                "sas_token": "sv=1&sig=geheim",
                "public_base_url": "https://a.z6.web.core.windows.net",
            }
        }
    )
    assert settings.target.container == "$web"  # type: ignore[union-attr]
    assert isinstance(settings.target.sas_token, SecretStr)  # type: ignore[union-attr]
    assert "geheim" not in repr(settings)


def test_org_votes_list_every_organisation_once() -> None:
    """The tally becomes one vote per organisation, silent ones as keine Stimme."""
    tally = Tally(("DWV",), ("BLP",), ("KIV",), ("SPV",), Choice.APPROVE)
    votes = org_votes(tally, {"DWV": "Deutscher Wanderverband"})
    assert [(v.organisation.code, v.vote) for v in votes] == [
        ("BLP", VoteValue.REJECT),
        ("DWV", VoteValue.APPROVE),
        ("KIV", VoteValue.ABSTAIN),
        ("SPV", VoteValue.NONE),
    ]
    assert votes[1].organisation.name == "Deutscher Wanderverband"
    assert votes[0].organisation.name == "BLP"


@pytest.mark.parametrize(
    ("size", "language", "text"),
    [
        (0, Language.DE, "0 Bytes"),
        (1, Language.DE, "1 Byte"),
        (1023, Language.DE, "1023 Bytes"),
        (1536, Language.DE, "1,5 KB"),
        (5 * 1024**2, Language.DE, "5,0 MB"),
        (1, Language.EN, "1 byte"),
        (1536, Language.EN, "1.5 KB"),
    ],
)
def test_file_size_in_the_readers_notation(size: int, language: Language, text: str) -> None:
    """Sizes read as a German or English reader expects, one byte in the singular."""
    assert size_in(size, language) == text


def test_clean_removes_controls_and_bidi_overrides() -> None:
    """Control, bidi override and non-XML characters vanish; umlauts stay."""
    assert clean(" a\x00b\u202ec\ufffeä\n ") == "abcä"


@pytest.mark.parametrize(
    "mark",
    ["\u200e", "\u200f", "\u061c", "\u202a", "\u202d", "\u2066", "\u2069", "\x7f", "\x9b"],
)
def test_clean_removes_every_direction_mark_and_c1_control(mark: str) -> None:
    """Marks, embeddings, overrides and isolates that reorder text, and C1 controls, go."""
    assert clean(f"Leit{mark}faden") == "Leitfaden"


def test_clean_keeps_one_line_unless_told_otherwise() -> None:
    """Line breaks and tabs become spaces; a multi-line text keeps its breaks as \\n."""
    text = "Zeile 1\r\nZeile\t2\rZeile 3\u2028Zeile 4\x85Ende"
    assert clean(text) == "Zeile 1 Zeile 2 Zeile 3 Zeile 4 Ende"
    assert clean(text, lines=True) == "Zeile 1\nZeile 2\nZeile 3\nZeile 4\nEnde"


def _entry() -> PublishedEntry:
    release = PublicRelease(
        "D1",
        "lib",
        "ä.pdf",
        "Ä",
        "S",
        "Leitfaden",
        Organisation("DWV", "D W V"),
        "2.0",
        "hash=",
        AT,
        (OrgVote(Organisation("BLP", "B"), VoteValue.NONE),),
        "application/pdf",
    )
    return PublishedEntry(release, "ae", "dokumente/ae.pdf", "versionen/ae/2.0-x.pdf", "f" * 64, 9)


def test_entries_and_feed_items_survive_the_json_round_trip() -> None:
    """What the state store keeps decodes to the same values."""
    entry = _entry()
    assert decode_entry(encode_entry(entry)) == entry
    item = FeedItem(3, FeedKind.WITHDRAWAL, "D1", "Ä", AT, "2.0", actor="x@y.example")
    assert decode_feed_item(3, encode_feed_item(item)) == item


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_content_check_passes_matching_bytes_through() -> None:
    """Matching bytes pass unchanged, with size and SHA-256 counted."""
    check = ContentCheck("D1", quickxor_hash(b"abcdef"))
    assert [c async for c in check.stream(_chunks(b"abc", b"def"))] == [b"abc", b"def"]
    assert check.size == 6
    assert check.sha256.startswith("bef57ec7")


async def test_content_check_refuses_after_the_last_chunk() -> None:
    """Other bytes raise HashMismatch once the stream ends, naming both hashes."""
    check = ContentCheck("D1", quickxor_hash(b"abc"))
    received: list[bytes] = []

    async def consume() -> None:
        async for chunk in check.stream(_chunks(b"abd")):
            received.append(chunk)

    with pytest.raises(HashMismatch) as caught:
        await consume()
    assert received == [b"abd"]
    assert caught.value.expected == quickxor_hash(b"abc")
    assert caught.value.actual == quickxor_hash(b"abd")


def test_manifest_schema_is_shipped_in_the_package() -> None:
    """The schema file sits next to the manifest module, with a versioned $id."""
    schema = Path(export_package.__file__ or "").with_name("manifest.schema.json").read_text()
    assert '"$id": "urn:freigabe:schema:manifest:1.0"' in schema

"""Identifier shapes match what SharePoint Online hands out."""

from __future__ import annotations

import base64
import re

import pytest

from freigabe_devtools.graphsim.ids import IdFactory, drive_id_for, format_etag, parse_etag


def test_drive_item_id_shape() -> None:
    """driveItem ids are 34 characters: '01' and 32 upper-case base32 letters."""
    ids = IdFactory("seed")
    for _ in range(50):
        assert re.fullmatch(r"01[A-Z2-7]{32}", ids.drive_item_id())


def test_same_seed_same_ids() -> None:
    """A seed determines the id sequence, so scenarios are reproducible."""
    first, second = IdFactory("x"), IdFactory("x")
    assert [first.guid() for _ in range(3)] == [second.guid() for _ in range(3)]


def test_drive_id_encodes_site_web_and_list() -> None:
    """A drive id is 'b!' plus URL-safe base64 of the three GUIDs (48 bytes)."""
    ids = IdFactory(1)
    drive_id = drive_id_for(ids.guid(), ids.guid(), ids.guid())
    assert drive_id.startswith("b!")
    raw = base64.urlsafe_b64decode(drive_id[2:] + "==")
    assert len(raw) == 48


def test_drive_ids_use_url_unsafe_alphabet() -> None:
    """Across many libraries, drive ids contain '-' or '_' (clients must encode them)."""
    ids = IdFactory(2)
    drive_ids = [drive_id_for(ids.guid(), ids.guid(), ids.guid()) for _ in range(30)]
    assert any("-" in d or "_" in d for d in drive_ids)


@pytest.mark.parametrize(
    ("drive_item", "expected"),
    [
        (True, '"{0B4C2E1A-0000-4000-8000-00000000000A},3"'),
        (False, '"0b4c2e1a-0000-4000-8000-00000000000a,3"'),
    ],
)
def test_etag_styles(drive_item: bool, expected: str) -> None:
    """driveItem eTags carry braces and upper case, listItem eTags neither."""
    guid = "0b4c2e1a-0000-4000-8000-00000000000a"
    assert format_etag(guid, 3, drive_item=drive_item) == expected


@pytest.mark.parametrize(
    "etag",
    [
        '"{0B4C2E1A-0000-4000-8000-00000000000A},3"',
        '"0b4c2e1a-0000-4000-8000-00000000000a,3"',
        'W/"0b4c2e1a-0000-4000-8000-00000000000a,3"',
    ],
)
def test_parse_etag_normalises_both_styles(etag: str) -> None:
    """Both eTag styles of one change parse to the same (guid, number)."""
    assert parse_etag(etag) == ("0b4c2e1a-0000-4000-8000-00000000000a", 3)


@pytest.mark.parametrize("etag", ["", '"abc"', '"guid,x"', "*"])
def test_parse_etag_rejects_malformed(etag: str) -> None:
    """Strings that are not eTags parse to None."""
    assert parse_etag(etag) is None

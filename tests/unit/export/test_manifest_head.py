"""The audit head in manifest.json: written as given, read back, malformed ones refused."""

from __future__ import annotations

import json

import pytest

from integration.export.manifest import audit_head_of, render_manifest

HEAD = (7, "ab" * 32)


def _manifest(**more: object) -> bytes:
    return json.dumps({"documents": [], **more}).encode()


def test_the_head_given_is_the_head_read_back() -> None:
    """render_manifest writes it; audit_head_of reads it; an empty log writes none."""
    rendered = render_manifest([], base_url="https://x.example", title="T", updated=None, head=HEAD)
    assert json.loads(rendered)["audit_head"] == {"seq": 7, "hash": "ab" * 32}
    assert audit_head_of(rendered) == HEAD
    empty = render_manifest([], base_url="https://x.example", title="T", updated=None)
    assert "audit_head" not in json.loads(empty)
    assert audit_head_of(empty) is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"[]", "not a freigabe manifest.json"),
        (b'{"title": "x"}', "not a freigabe manifest.json"),
        (_manifest(audit_head={"seq": "7", "hash": "ab" * 32}), "audit_head is malformed"),
        (_manifest(audit_head={"seq": True, "hash": "ab" * 32}), "audit_head is malformed"),
        (_manifest(audit_head={"seq": 0, "hash": "ab" * 32}), "audit_head is malformed"),
        (_manifest(audit_head={"seq": 7, "hash": "AB" * 32}), "audit_head is malformed"),
        (_manifest(audit_head=[7, "ab" * 32]), "audit_head is malformed"),
    ],
)
def test_a_malformed_manifest_or_head_is_refused(data: bytes, why: str) -> None:
    """Anything but a positive integer and 64 lower-case hex digits is no head."""
    with pytest.raises(ValueError, match=why):
        audit_head_of(data)

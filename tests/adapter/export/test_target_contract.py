"""The contract every export target keeps, run against the folder and Azurite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from integration.errors import ExportTargetError, UnsafeName
from integration.export import IMMUTABLE, SHORT_LIVED, ExportTarget


class Interrupted(Exception):
    """The content stream broke off."""


async def stream(*parts: bytes, fail: bool = False) -> AsyncIterator[bytes]:
    for part in parts:
        yield part
    if fail:
        raise Interrupted


async def test_bytes_written_are_read_back(target: ExportTarget) -> None:
    """put_bytes makes the bytes readable, existing and listed."""
    await target.put_bytes("manifest.json", b'{"a": 1}', "application/json", SHORT_LIVED)
    assert await target.get_bytes("manifest.json") == b'{"a": 1}'
    assert await target.exists("manifest.json")


async def test_stream_of_several_blocks_arrives_whole(target: ExportTarget) -> None:
    """A stream longer than one 4 MiB block arrives byte for byte."""
    data = bytes(range(256)) * (5 * 4096 + 7)
    chunks = [data[i : i + 300_000] for i in range(0, len(data), 300_000)]
    await target.put_stream("versionen/a/1.0-x.pdf", stream(*chunks), "application/pdf", IMMUTABLE)
    assert await target.get_bytes("versionen/a/1.0-x.pdf") == data


async def test_empty_stream_makes_empty_file(target: ExportTarget) -> None:
    """An empty stream writes an empty file."""
    await target.put_stream("dokumente/leer.txt", stream(), "text/plain", SHORT_LIVED)
    assert await target.get_bytes("dokumente/leer.txt") == b""


async def test_broken_stream_keeps_previous_content(target: ExportTarget) -> None:
    """A stream that fails leaves the old content visible and nothing half-written."""
    await target.put_bytes("dokumente/a.pdf", b"old", "application/pdf", SHORT_LIVED)
    with pytest.raises(Interrupted):
        await target.put_stream(
            "dokumente/a.pdf", stream(b"new" * 1000, fail=True), "application/pdf", SHORT_LIVED
        )
    with pytest.raises(Interrupted):
        await target.put_stream(
            "dokumente/b.pdf", stream(b"new", fail=True), "application/pdf", SHORT_LIVED
        )
    await target.discard_partials()
    assert await target.get_bytes("dokumente/a.pdf") == b"old"
    assert not await target.exists("dokumente/b.pdf")
    assert await target.list("dokumente") == ["dokumente/a.pdf"]


async def test_overwrite_replaces_content(target: ExportTarget) -> None:
    """A second write replaces the first."""
    await target.put_bytes("index.html", b"one", "text/html", SHORT_LIVED)
    await target.put_stream("index.html", stream(b"t", b"wo"), "text/html", SHORT_LIVED)
    assert await target.get_bytes("index.html") == b"two"


async def test_copy_duplicates_content(target: ExportTarget) -> None:
    """copy writes the source's bytes to the destination and keeps the source."""
    data = b"x" * 5_000_000
    await target.put_stream("versionen/d/2-ab.pdf", stream(data), "application/pdf", IMMUTABLE)
    await target.copy("versionen/d/2-ab.pdf", "dokumente/d.pdf", "application/pdf", SHORT_LIVED)
    assert await target.get_bytes("dokumente/d.pdf") == data
    assert await target.get_bytes("versionen/d/2-ab.pdf") == data


async def test_copy_of_missing_source_fails(target: ExportTarget) -> None:
    """Copying a path that does not exist raises ExportTargetError."""
    with pytest.raises(ExportTargetError):
        await target.copy("versionen/x/1-a.pdf", "dokumente/x.pdf", "application/pdf", "")
    assert not await target.exists("dokumente/x.pdf")


async def test_delete_removes_and_tolerates_missing(target: ExportTarget) -> None:
    """delete removes a file; deleting a missing path is no error."""
    await target.put_bytes("dokumente/a.pdf", b"a", "application/pdf", SHORT_LIVED)
    await target.delete("dokumente/a.pdf")
    await target.delete("dokumente/a.pdf")
    await target.delete("nie/da.pdf")
    assert await target.get_bytes("dokumente/a.pdf") is None
    assert not await target.exists("dokumente/a.pdf")


async def test_missing_file_reads_as_none(target: ExportTarget) -> None:
    """A path never written reads as None and does not exist."""
    assert await target.get_bytes("feed.xml") is None
    assert not await target.exists("feed.xml")


async def test_list_shows_files_below_prefix_only(target: ExportTarget) -> None:
    """list names the files below the folder, sorted, and nothing beside it."""
    for path in ("versionen/b/1-a.pdf", "versionen/a/1-a.pdf", "dokumente/a.pdf", "versionen.x"):
        await target.put_bytes(path, b"1", "application/pdf", IMMUTABLE)
    assert await target.list("versionen") == ["versionen/a/1-a.pdf", "versionen/b/1-a.pdf"]
    assert await target.list("leer") == []


UNSAFE = ["../x", "/etc/passwd", "a/../../b", "a\x00b", ".hidden", "", "a//b", "a/./b", "a\\b"]


@pytest.mark.parametrize("path", UNSAFE)
async def test_unsafe_paths_are_refused(target: ExportTarget, path: str) -> None:
    """Every operation refuses a path that is not plain and relative, before touching it."""
    with pytest.raises(UnsafeName):
        await target.put_bytes(path, b"x", "text/plain", SHORT_LIVED)
    with pytest.raises(UnsafeName):
        await target.put_stream(path, stream(b"x"), "text/plain", SHORT_LIVED)
    with pytest.raises(UnsafeName):
        await target.get_bytes(path)
    with pytest.raises(UnsafeName):
        await target.delete(path)
    with pytest.raises(UnsafeName):
        await target.exists(path)
    with pytest.raises(UnsafeName):
        await target.copy("dokumente/a.pdf", path, "text/plain", SHORT_LIVED)

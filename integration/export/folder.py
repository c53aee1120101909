"""The export in a local folder that any web server can serve.

Each write goes to a hidden temporary file in the destination's own directory, is flushed
to disk and renamed over the destination (``os.replace`` is atomic within one file system).
No symbolic link is followed: a path whose directories include a link is refused, and files
are opened with ``O_NOFOLLOW``. Content type and cache control are the web server's business
here (it derives them from the extension); the arguments are accepted for the protocol.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

from config.export import default_archive_folder
from integration.errors import ExportTargetError, UnsafeName
from integration.export.paths import check_path

__all__ = ["FolderTarget"]

_T = TypeVar("_T")
_PARTIAL = re.compile(r"\..+\.[0-9a-f]{12}\.partial")
_COPY_BUFFER = 1024 * 1024


class FolderTarget:
    """An ``ExportTarget`` on the folder ``root`` (created if missing); its archive is the
    folder ``archive`` (default: ``config.export.default_archive_folder``), made on first use.
    """

    def __init__(self, root: Path, archive: Path | None = None) -> None:
        try:
            root.mkdir(parents=True, exist_ok=True)
            self.root = root.resolve(strict=True)
        except OSError as err:
            raise ExportTargetError(f"export folder {root}: {err.strerror}") from err
        self.archive_root = archive if archive is not None else default_archive_folder(self.root)

    @contextmanager
    def _errors(self, action: str, path: str) -> Iterator[None]:
        try:
            yield
        except OSError as err:
            raise ExportTargetError(
                f"export folder {self.root}: cannot {action} {path}: {err.strerror or err}"
            ) from err

    def _folder(self, segments: list[str], path: str, *, create: bool) -> Path:
        """The folder ``segments`` below the root, made if missing and ``create``; no links."""
        current = self.root
        for depth, segment in enumerate(segments, start=1):
            current = current / segment
            try:
                mode = os.lstat(current).st_mode
            except FileNotFoundError:
                if not create:
                    return current.joinpath(*segments[depth:])
                os.mkdir(current, 0o755)
                continue
            if not stat.S_ISDIR(mode):
                raise UnsafeName(f"refused export path {path!r}: {segment!r} is no plain folder")
        return current

    def _locate(self, path: str, *, create: bool) -> Path:
        """The file system path of the file ``path``."""
        segments = check_path(path).split("/")
        return self._folder(segments[:-1], path, create=create) / segments[-1]

    async def _run(self, action: str, path: str, work: Callable[[], _T]) -> _T:
        with self._errors(action, path):
            running = asyncio.ensure_future(asyncio.to_thread(work))
            try:
                return await asyncio.shield(running)
            except asyncio.CancelledError:
                # A thread cannot be stopped: the caller's cleanup (closing the descriptor,
                # removing the temporary) must come after its last write, or that write
                # could land in whatever file is opened next under the same descriptor.
                await asyncio.wait([running])
                running.exception()  # retrieved, so not logged: the cancellation goes on
                raise

    def _temporary(self, final: Path) -> tuple[Path, int]:
        temp = final.with_name(f".{final.name}.{secrets.token_hex(6)}.partial")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        return temp, os.open(temp, flags, 0o644)

    @staticmethod
    def _replace(temp: Path, final: Path) -> None:
        os.replace(temp, final)
        directory = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    async def put_stream(
        self, path: str, chunks: AsyncIterator[bytes], content_type: str, cache_control: str
    ) -> None:
        """See ``ExportTarget.put_stream``."""
        with self._errors("write", path):
            final = self._locate(path, create=True)
            temp, fd = self._temporary(final)
        try:
            try:
                async for chunk in chunks:
                    await self._run("write", path, partial(_write_all, fd, chunk))
                await self._run("write", path, partial(os.fsync, fd))
            finally:
                os.close(fd)
            await self._run("write", path, partial(self._replace, temp, final))
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    async def put_bytes(
        self, path: str, data: bytes, content_type: str, cache_control: str
    ) -> None:
        """See ``ExportTarget.put_bytes``."""

        async def once() -> AsyncIterator[bytes]:
            yield data

        await self.put_stream(path, once(), content_type, cache_control)

    async def copy(self, source: str, path: str, content_type: str, cache_control: str) -> None:
        """See ``ExportTarget.copy``."""
        check_path(source)
        check_path(path)

        def work() -> None:
            origin = self._locate(source, create=False)
            src = os.open(origin, os.O_RDONLY | os.O_NOFOLLOW)
            with open(src, "rb") as reader:
                final = self._locate(path, create=True)
                temp, fd = self._temporary(final)
                try:
                    with open(fd, "wb") as writer:
                        shutil.copyfileobj(reader, writer, _COPY_BUFFER)
                        writer.flush()
                        os.fsync(fd)
                    self._replace(temp, final)
                except BaseException:
                    temp.unlink(missing_ok=True)
                    raise

        await self._run("copy to", path, work)

    async def get_bytes(self, path: str) -> bytes | None:
        """See ``ExportTarget.get_bytes``."""

        def work() -> bytes | None:
            try:
                fd = os.open(self._locate(path, create=False), os.O_RDONLY | os.O_NOFOLLOW)
            except FileNotFoundError:
                return None
            with open(fd, "rb") as reader:
                return reader.read()

        return await self._run("read", path, work)

    async def delete(self, path: str) -> None:
        """See ``ExportTarget.delete``; folders left empty below the root go too."""

        def work() -> None:
            final = self._locate(path, create=False)
            final.unlink(missing_ok=True)
            parent = final.parent
            while parent != self.root:
                try:
                    parent.rmdir()
                except OSError:
                    return  # not empty, or already gone: either way nothing more to tidy
                parent = parent.parent

        await self._run("delete", path, work)

    async def archive(self, path: str) -> None:
        """See ``ExportTarget.archive``; a copy and a removal, as the archive folder may lie
        on another file system."""
        if not await self.exists(path):
            return
        await FolderTarget(self.archive_root).put_stream(path, self._read(path), "", "")
        await self.delete(path)

    async def _read(self, path: str) -> AsyncIterator[bytes]:
        with self._errors("read", path):
            fd = os.open(self._locate(path, create=False), os.O_RDONLY | os.O_NOFOLLOW)
        try:
            while chunk := await self._run("read", path, partial(os.read, fd, _COPY_BUFFER)):
                yield chunk
        finally:
            os.close(fd)

    async def exists(self, path: str) -> bool:
        """See ``ExportTarget.exists``."""

        def work() -> bool:
            try:
                return stat.S_ISREG(os.lstat(self._locate(path, create=False)).st_mode)
            except FileNotFoundError:
                return False

        return await self._run("inspect", path, work)

    async def list(self, prefix: str) -> list[str]:
        """See ``ExportTarget.list``; hidden files (temporaries) and links are not listed."""
        return await self._run("list", prefix, lambda: sorted(self._walk(prefix)))

    def _walk(self, prefix: str) -> Iterator[str]:
        base = self._folder(check_path(prefix).split("/"), prefix, create=False)
        for directory, folders, files in os.walk(base):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in files:
                full = Path(directory, name)
                if not name.startswith(".") and stat.S_ISREG(os.lstat(full).st_mode):
                    yield full.relative_to(self.root).as_posix()

    async def discard_partials(self) -> None:
        """See ``ExportTarget.discard_partials``."""

        def work() -> None:
            for directory, _, files in os.walk(self.root):
                for name in files:
                    if _PARTIAL.fullmatch(name):
                        Path(directory, name).unlink(missing_ok=True)

        await self._run("clean up", ".", work)

    async def aclose(self) -> None:
        """Nothing to release."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
